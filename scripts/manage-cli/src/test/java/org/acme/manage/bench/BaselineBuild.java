package org.acme.manage.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import org.acme.manage.Context;
import org.acme.manage.ManageException;
import org.acme.manage.files.Directories;
import org.acme.manage.harness.PackagedService;
import org.acme.manage.process.Processes;

/**
 * The service built from another commit, for {@code scripts/manage bench --compare REF}: a git worktree of the commit
 * in target/bench/baseline-COMMIT, packaged there with {@code ./mvnw package -DskipTests}. A later run against the
 * same commit reuses the build.
 *
 * @param ref       the commit as given
 * @param commit    its full hash
 * @param jar       the worktree's target/quarkus-app/quarkus-run.jar
 * @param configDir the worktree's config directory (production.json as that commit has it)
 */
record BaselineBuild(String ref, String commit, Path jar, Path configDir) {

    static BaselineBuild prepare(Context context, String ref, Path out) {
        Processes.Output resolved = git(context, "rev-parse", "--verify", "--quiet", ref + "^{commit}");
        if (!resolved.succeeded()) {
            throw new ManageException("--compare " + ref + ": not a commit of " + context.projectDir());
        }
        String commit = resolved.text().trim();
        Path worktree = out.resolve("baseline-" + commit.substring(0, 12));
        Path jar = worktree.resolve(PackagedService.APP_DIR).resolve(PackagedService.RUNNER);
        if (Files.exists(jar)) {
            context.out().println("The baseline " + ref + " (" + commit + ") is built: " + jar);
        } else {
            context.out().println("Building the baseline " + ref + " (" + commit + ") in " + worktree);
            // a worktree whose directory was deleted (./mvnw clean) is forgotten first
            git(context, "worktree", "prune");
            if (Files.exists(worktree)) {
                git(context, "worktree", "remove", "--force", worktree.toString());
                Directories.deleteTree(worktree);
            }
            Processes.Output added = git(context, "worktree", "add", "--detach", worktree.toString(), commit);
            if (!added.succeeded()) {
                throw new ManageException("git worktree add failed:\n" + added.text());
            }
            int exit = context.processes().runInteractive(List.of("./mvnw", "-B", "-q", "-ntp", "package",
                    "-DskipTests"), context.processEnvironment(), worktree);
            if (exit != 0 || !Files.exists(jar)) {
                throw new ManageException("./mvnw package of " + ref + " in " + worktree + " failed (exit " + exit
                        + ")");
            }
        }
        return new BaselineBuild(ref, commit, jar, worktree.resolve("config"));
    }

    private static Processes.Output git(Context context, String... arguments) {
        List<String> command = new java.util.ArrayList<>(List.of("git", "-C", context.projectDir().toString()));
        command.addAll(List.of(arguments));
        return context.processes().capture(command, context.processEnvironment(), context.projectDir(),
                Duration.ofMinutes(2));
    }
}
