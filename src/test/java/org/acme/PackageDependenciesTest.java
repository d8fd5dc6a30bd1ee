package org.acme;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/**
 * The service's packages, read from their imports: a feature package (users, and every resource added after it)
 * uses the cross-cutting ones, and no package needs a package that needs it, so each piece can be understood, and
 * reused by the next resource, on its own.
 */
class PackageDependenciesTest {

    private static final Path SOURCES = Path.of("src/main/java/org/acme");
    private static final Pattern IMPORT = Pattern.compile("^import (?:static )?org\\.acme\\.([a-z0-9]+)\\.",
            Pattern.MULTILINE);

    @Test
    void noPackageNeedsAPackageThatNeedsIt() {
        Map<String, Set<String>> uses = uses();
        assertThat(uses).as("packages of the service").containsKeys("user", "problem", "openapi", "paging");

        List<String> cycles = new ArrayList<>();
        uses.keySet().forEach(start -> {
            if (reaches(uses, start, start, new HashSet<>())) {
                cycles.add(start + " -> " + uses.get(start));
            }
        });
        assertThat(cycles).as("packages on a cycle of imports").isEmpty();
    }

    @Test
    void noCrossCuttingPackageNeedsTheUsersFeature() {
        uses().forEach((pkg, used) -> assertThat(used).as("the packages that org.acme.%s imports", pkg)
                .doesNotContain("user"));
    }

    private static boolean reaches(Map<String, Set<String>> uses, String from, String target, Set<String> seen) {
        for (String next : uses.getOrDefault(from, Set.of())) {
            if (next.equals(target) || seen.add(next) && reaches(uses, next, target, seen)) {
                return true;
            }
        }
        return false;
    }

    /** Each package of the service with the other packages of the service that its classes import. */
    private static Map<String, Set<String>> uses() {
        Map<String, Set<String>> uses = new HashMap<>();
        try (Stream<Path> files = Files.walk(SOURCES)) {
            files.filter(file -> file.toString().endsWith(".java")).forEach(file -> {
                String pkg = SOURCES.relativize(file.getParent()).toString().replace('/', '.');
                Set<String> used = uses.computeIfAbsent(pkg, key -> new TreeSet<>());
                Matcher imports = IMPORT.matcher(read(file));
                while (imports.find()) {
                    if (!imports.group(1).equals(pkg)) {
                        used.add(imports.group(1));
                    }
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return uses;
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
