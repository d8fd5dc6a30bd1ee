package org.acme.manage.harness;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.acme.manage.Context;
import org.acme.manage.ManageException;
import org.acme.manage.files.Directories;

/** The service as {@code ./mvnw package} builds it (target/quarkus-app), for the bench and the fault suite. */
public final class PackagedService {

    public static final String APP_DIR = "target/quarkus-app";
    public static final String RUNNER = "quarkus-run.jar";

    private PackagedService() {
    }

    /**
     * Packages the service when a source is newer than the jar (unless {@code noPackage}), then copies
     * target/quarkus-app into {@code copyDir}: a concurrent {@code ./mvnw package} must not swap jars under a run.
     *
     * @return the runner jar of the copy
     */
    public static Path prepare(Context context, boolean noPackage, Path copyDir) {
        Path jar = context.projectDir().resolve(APP_DIR).resolve(RUNNER);
        if (noPackage) {
            if (!Files.exists(jar)) {
                throw new ManageException("--no-package, but " + jar + " is missing");
            }
        } else if (Files.exists(jar) && !newerThan(context.projectDir(), jar)) {
            context.out().println("The packaged service is up to date: " + APP_DIR + "/" + RUNNER);
        } else {
            build(context, List.of());
        }
        Directories.copyTree(jar.getParent(), copyDir);
        return copyDir.resolve(RUNNER);
    }

    /** Runs {@code ./mvnw package -DskipTests} with extra arguments (build-time settings) and fails loudly. */
    public static void build(Context context, List<String> extraArguments) {
        List<String> command = new ArrayList<>(List.of("./mvnw", "-B", "-q", "package", "-DskipTests"));
        command.addAll(extraArguments);
        int exit = context.processes().runInteractive(command, context.processEnvironment(), context.projectDir());
        if (exit != 0) {
            throw new ManageException("./mvnw package failed (exit " + exit + ")");
        }
    }

    /** Whether a source of the service or the pom is newer than the jar. */
    static boolean newerThan(Path projectDir, Path jar) {
        try (Stream<Path> sources = Stream.concat(Stream.of(projectDir.resolve("pom.xml")),
                Files.walk(projectDir.resolve("src/main")))) {
            long built = Files.getLastModifiedTime(jar).toMillis();
            return sources.filter(Files::isRegularFile).anyMatch(path -> {
                try {
                    return Files.getLastModifiedTime(path).toMillis() > built;
                } catch (IOException e) {
                    return true;
                }
            });
        } catch (IOException e) {
            return true;
        }
    }
}
