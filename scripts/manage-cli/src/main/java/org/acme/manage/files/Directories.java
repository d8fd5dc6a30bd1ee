package org.acme.manage.files;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.stream.Stream;

import org.acme.manage.ManageException;

public final class Directories {

    private Directories() {
    }

    /** Deletes {@code root} and everything in it; says what it could not delete. */
    public static void deleteTree(Path root) {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> {
                try {
                    Files.delete(path);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (IOException | UncheckedIOException e) {
            throw new ManageException("cannot delete " + root + ": " + e.getMessage(), e);
        }
    }

    /** Replaces {@code to} with a copy of the directory tree {@code from}. */
    public static void copyTree(Path from, Path to) {
        deleteTree(to);
        try (Stream<Path> paths = Files.walk(from)) {
            for (Path path : (Iterable<Path>) paths::iterator) {
                Path target = to.resolve(from.relativize(path).toString());
                if (Files.isDirectory(path)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(path, target, StandardCopyOption.COPY_ATTRIBUTES);
                }
            }
        } catch (IOException e) {
            throw new ManageException("cannot copy " + from + " to " + to + ": " + e.getMessage(), e);
        }
    }
}
