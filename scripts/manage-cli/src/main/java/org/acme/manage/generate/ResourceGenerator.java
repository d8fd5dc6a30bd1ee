package org.acme.manage.generate;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Pattern;

import org.acme.manage.Context;
import org.acme.manage.ManageException;

/**
 * Writes a resource: its main classes, then its migration (generated from them, as {@code db new -m} does), then its
 * test, scenario and section of docs/api.md. All or nothing: when a step fails, what the earlier ones wrote is
 * removed and docs/api.md restored.
 */
final class ResourceGenerator {

    private final Context context;
    /** Checks, before anything is written, that the migration can be made: db new -m refuses root. */
    private final Runnable migrationCheck;
    /** Writes the migration of the new entity from the classes just written, and returns it (db new -m). */
    private final Function<String, Path> migration;

    ResourceGenerator(Context context, Runnable migrationCheck, Function<String, Path> migration) {
        this.context = context;
        this.migrationCheck = migrationCheck;
        this.migration = migration;
    }

    /** Writes everything for {@code spec}; returns the files written, relative to the project. */
    List<Path> generate(ResourceSpec spec) {
        Path project = context.projectDir();
        ResourceFiles files = new ResourceFiles(spec, name -> {
            Path scenario = project.resolve("src/test/resources/scenarios/" + name + ".sql");
            return Files.isRegularFile(scenario) ? read(scenario) : null;
        });
        Map<Path, String> mainFiles = files.mainFiles();
        Map<Path, String> testFiles = files.testFiles();
        refuseHiddenImports(spec, mainFiles, testFiles);
        for (Path file : List.copyOf(testFiles.keySet())) {
            if (Files.exists(project.resolve(file))) {
                throw ResourceSpec.refuse("the resource name '" + spec.name() + "': " + file + " exists already");
            }
        }
        migrationCheck.run();
        Path docs = project.resolve(ResourceFiles.DOCS);
        String docsBefore = Files.isRegularFile(docs) ? read(docs) : null;
        List<Path> written = new ArrayList<>();
        try {
            mainFiles.forEach((file, text) -> written.add(write(project, file, text)));
            context.out().println("Wrote " + spec.entity() + "{,Request,Response,Resource}.java in "
                    + ResourceSpec.MAIN_JAVA.resolve(spec.packageName().replace('.', '/')));
            context.out().println("Generating the migration of table " + spec.table() + " (scripts/manage db new -m):");
            context.out().flush();
            written.add(project.relativize(migration.apply("create " + spec.table())));
            testFiles.forEach((file, text) -> written.add(write(project, file, text)));
            if (docsBefore != null && docsBefore.contains(ResourceFiles.docsMarker(spec, "begin"))) {
                context.out().println(ResourceFiles.DOCS + " has a section for " + spec.name() + " already: left as "
                        + "it is");
            } else {
                String section = files.docsSection();
                appendDocs(docs, docsBefore, section);
                written.add(Path.of(ResourceFiles.DOCS));
            }
        } catch (RuntimeException e) {
            undo(project, written, docs, docsBefore);
            throw e instanceof ManageException ? e : new ManageException("new resource failed: " + e, e);
        }
        report(spec, written);
        return written;
    }

    /** A class name of the resource's that one of its files imports from elsewhere would not compile. */
    private static void refuseHiddenImports(ResourceSpec spec, Map<Path, String> main, Map<Path, String> tests) {
        List<String> ours = List.of(spec.entity(), spec.entity() + "Request", spec.entity() + "Response",
                spec.entity() + "Resource", spec.entity() + "ResourceTest");
        Pattern importLine = Pattern.compile("(?m)^import (static )?([\\w.]+)\\.(\\w+);$");
        for (Map<Path, String> files : List.of(main, tests)) {
            files.values().forEach(text -> importLine.matcher(text).results()
                    .filter(m -> m.group(1) == null && ours.contains(m.group(3))).findFirst().ifPresent(m -> {
                        throw ResourceSpec.refuse("the singular '" + spec.singular() + "' makes the class "
                                + m.group(3) + ", which the generated code imports as " + m.group(2) + "."
                                + m.group(3) + ": give another word with --singular");
                    }));
        }
    }

    private void appendDocs(Path docs, String before, String section) {
        try {
            String text = before == null ? "# The API\n" : before;
            Files.writeString(docs, text + (text.endsWith("\n") ? "" : "\n") + section);
        } catch (IOException e) {
            throw new ManageException("cannot write " + docs + ": " + e.getMessage(), e);
        }
    }

    private Path write(Path project, Path file, String text) {
        Path target = project.resolve(file);
        try {
            Files.createDirectories(target.getParent());
            Files.writeString(target, text, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
            return file;
        } catch (FileAlreadyExistsException e) {
            throw new ManageException(file + " exists already; not overwriting it");
        } catch (IOException e) {
            throw new ManageException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    /** Removes what was written, and the directories that only it was in; restores docs/api.md. */
    private void undo(Path project, List<Path> written, Path docs, String docsBefore) {
        context.err().println("new resource: removing what it wrote");
        for (int i = written.size() - 1; i >= 0; i--) {
            Path file = written.get(i);
            try {
                if (file.equals(Path.of(ResourceFiles.DOCS))) {
                    Files.writeString(docs, docsBefore);
                    continue;
                }
                Files.deleteIfExists(project.resolve(file));
                for (Path dir = project.resolve(file).getParent(); !dir.equals(project) && isEmpty(dir);
                        dir = dir.getParent()) {
                    Files.delete(dir);
                }
            } catch (IOException e) {
                context.err().println("  could not remove " + file + ": " + e.getMessage());
            }
        }
    }

    private static boolean isEmpty(Path dir) throws IOException {
        try (var entries = Files.list(dir)) {
            return entries.findAny().isEmpty();
        }
    }

    private void report(ResourceSpec spec, List<Path> written) {
        context.out().println("Created the resource " + spec.name() + " at " + spec.path() + ":");
        written.forEach(file -> context.out().println("  " + file));
        context.out().println("Next:");
        context.out().println("  1. review the migration (" + written.stream().filter(f -> f.toString()
                .endsWith(".sql") && f.toString().contains("migration")).findFirst().orElse(Path.of("?"))
                + "), the fields' rules and the docs section;");
        context.out().println("  2. ./mvnw test -Dtest=" + spec.entity() + "ResourceTest");
        context.out().println("  3. commit them together.");
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new ManageException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }
}
