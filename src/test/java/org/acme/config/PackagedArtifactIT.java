package org.acme.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

import org.junit.jupiter.api.Test;

/**
 * Quarkus records what config sources return while it builds the application into the artifact, as runtime
 * defaults. The environment files are only read at run time, so none of their names may appear among the constants
 * Quarkus generated (inside an expression such as {@code ${POSTGRES_USER}} is expected), nor as a key in any
 * resource of the application.
 */
class PackagedArtifactIT {

    private static final Path APP = Path.of("target/quarkus-app");
    /** Where Quarkus writes the runtime defaults it recorded during the build. */
    private static final Path GENERATED = APP.resolve("quarkus/generated-bytecode.jar");

    @Test
    void noEntryOfAnyEnvironmentFileIsRecordedIntoTheArtifact() throws IOException {
        Set<String> names = new TreeSet<>();
        try (Stream<Path> files = Files.list(Path.of("config"))) {
            files.filter(file -> file.toString().endsWith(".json"))
                    .forEach(file -> names.addAll(JsonConfigFile.read(file).values().keySet()));
        }
        assertThat(names).contains("POSTGRES_PASSWORD", "POSTGRES_USER");

        List<String> found = new ArrayList<>();
        for (Path jar : applicationJars()) {
            try (ZipFile zip = new ZipFile(jar.toFile())) {
                for (Enumeration<? extends ZipEntry> entries = zip.entries(); entries.hasMoreElements();) {
                    ZipEntry entry = entries.nextElement();
                    byte[] content;
                    try (InputStream in = zip.getInputStream(entry)) {
                        content = in.readAllBytes();
                    }
                    boolean generatedClass = entry.getName().endsWith(".class") && jar.equals(GENERATED);
                    for (String name : names) {
                        if (generatedClass ? holdsConstant(content, name) : holdsKey(content, name)) {
                            found.add(name + " in " + jar.getFileName() + "!/" + entry.getName());
                        }
                    }
                }
            }
        }
        assertThat(found).as("config entries recorded into the artifact").isEmpty();
    }

    private static List<Path> applicationJars() throws IOException {
        List<Path> jars = new ArrayList<>(List.of(APP.resolve("quarkus-run.jar")));
        for (String dir : new String[] { "quarkus", "app" }) {
            try (Stream<Path> files = Files.list(APP.resolve(dir))) {
                files.filter(file -> file.toString().endsWith(".jar")).forEach(jars::add);
            }
        }
        assertThat(jars).contains(GENERATED);
        return jars;
    }

    /** A class file constant is stored as its length in two bytes, then its modified UTF-8 bytes. */
    private static boolean holdsConstant(byte[] classFile, String value) {
        byte[] text = value.getBytes(StandardCharsets.UTF_8);
        byte[] constant = new byte[text.length + 2];
        constant[0] = (byte) (text.length >> 8);
        constant[1] = (byte) text.length;
        System.arraycopy(text, 0, constant, 2, text.length);
        return indexOf(classFile, constant) >= 0;
    }

    /** In a properties-like resource: the name as a key. */
    private static boolean holdsKey(byte[] resource, String name) {
        String text = new String(resource, StandardCharsets.ISO_8859_1);
        return text.lines().anyMatch(line -> line.strip().startsWith(name + "=") || line.strip().startsWith(name + " ="));
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer: for (int i = 0; i <= haystack.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
