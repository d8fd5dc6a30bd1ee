package org.acme.manage.db;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.Properties;

import org.acme.manage.ManageException;
import org.acme.manage.files.Directories;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.xz.XZCompressorInputStream;

import com.sun.security.auth.module.UnixSystem;

import io.zonky.test.db.postgres.embedded.DefaultPostgresBinaryResolver;
import io.zonky.test.db.postgres.util.ArchUtils;

/**
 * Where the CLI's PostgreSQL programs come from, and who may run them: zonky's binaries on Maven Central (the archive
 * that the service's tests start their embedded database from, a dependency of this CLI), unpacked once into
 * {@code $XDG_CACHE_HOME/acme-manage} ({@code ~/.cache/acme-manage}) for all projects of the user.
 * <p>
 * zonky's EmbeddedPostgres unpacks the same archive, but into a directory it keeps to itself (no API returns it),
 * and {@link PostgresCluster} needs {@code initdb} and {@code pg_ctl} by path: hence this unpacking.
 */
public final class PostgresBinaries {

    private final Path home;

    private PostgresBinaries(Path home) {
        this.home = home;
    }

    public static String version() {
        Properties properties = new Properties();
        try (InputStream in = PostgresBinaries.class.getResourceAsStream("/manage.properties")) {
            properties.load(in);
        } catch (IOException | NullPointerException e) {
            throw new IllegalStateException("manage.properties is missing from the CLI's jar", e);
        }
        return properties.getProperty("postgres.binaries.version");
    }

    /** Unpacks the binaries unless they are there already. */
    public static PostgresBinaries unpacked(Map<String, String> environment, PrintWriter out) {
        String system = zonkySystemName();
        String architecture = ArchUtils.normalize(System.getProperty("os.arch"));
        Path home = cacheDir(environment).resolve("postgresql-" + version() + "-" + system.toLowerCase() + "-"
                + architecture);
        if (Files.isExecutable(home.resolve("bin/pg_ctl"))) {
            return new PostgresBinaries(home);
        }
        out.println("Unpacking PostgreSQL " + version() + " (" + system + " " + architecture + ") into " + home
                + " (only the first time)");
        out.flush();
        Path partial = home.resolveSibling(home.getFileName() + ".partial-" + ProcessHandle.current().pid());
        try (InputStream archive = DefaultPostgresBinaryResolver.INSTANCE.getPgBinary(system, architecture)) {
            Files.createDirectories(partial);
            unpack(archive, partial);
            Files.move(partial, home, StandardCopyOption.ATOMIC_MOVE);
        } catch (FileAlreadyExistsException | java.nio.file.DirectoryNotEmptyException e) {
            // another manage process unpacked them at the same time: use theirs
            deleteTree(partial);
        } catch (IOException | IllegalStateException e) {
            deleteTree(partial);
            throw new ManageException("cannot unpack the PostgreSQL binaries for " + system + " " + architecture
                    + ": " + e.getMessage(), e);
        }
        return new PostgresBinaries(home);
    }

    public String program(String name) {
        return home.resolve("bin").resolve(name).toString();
    }

    /**
     * PostgreSQL's server refuses to start as root (a compromised server would own the machine), and so do initdb and
     * pg_ctl: this says so before anything runs, with what to do instead.
     *
     * @param action what cannot be done, as in "scripts/manage cannot ACTION as root"
     * @param alternative a way round other than another user (may be empty)
     */
    public static void refuseRoot(String action, String alternative) {
        if (new UnixSystem().getUid() == 0) {
            throw new ManageException("PostgreSQL refuses to run as root, so scripts/manage cannot " + action
                    + " as root. Run it as an unprivileged user, for example:\n"
                    + "  runuser -u builder -- scripts/manage ..." + alternative);
        }
    }

    private static Path cacheDir(Map<String, String> environment) {
        String xdg = environment.getOrDefault("XDG_CACHE_HOME", "");
        Path base = xdg.isBlank() ? Path.of(System.getProperty("user.home"), ".cache") : Path.of(xdg);
        return base.resolve("acme-manage");
    }

    private static String zonkySystemName() {
        String os = System.getProperty("os.name");
        if (os.startsWith("Linux")) {
            return "Linux";
        }
        if (os.startsWith("Mac")) {
            return "Darwin";
        }
        throw new ManageException("the embedded database supports Linux and macOS, not " + os
                + "; start a container engine so that scripts/manage uses docker/development.yml");
    }

    private static void unpack(InputStream archive, Path target) throws IOException {
        try (TarArchiveInputStream tar = new TarArchiveInputStream(
                new XZCompressorInputStream(new BufferedInputStream(archive)))) {
            for (TarArchiveEntry entry = tar.getNextEntry(); entry != null; entry = tar.getNextEntry()) {
                Path path = target.resolve(entry.getName()).normalize();
                if (!path.startsWith(target) || !(entry.isDirectory() || entry.isFile() || entry.isSymbolicLink())) {
                    throw new IOException("unexpected archive entry: " + entry.getName());
                }
                Files.createDirectories(entry.isDirectory() ? path : path.getParent());
                if (entry.isSymbolicLink()) {
                    Files.createSymbolicLink(path, Path.of(entry.getLinkName()));
                } else if (entry.isFile()) {
                    Files.copy(tar, path);
                    Files.setPosixFilePermissions(path, PosixFilePermissions.fromString((entry.getMode() & 0100) != 0
                            ? "rwxr-xr-x" : "rw-r--r--"));
                }
            }
        }
    }

    /** Best effort: a leftover partial directory is ignored by the next run. */
    private static void deleteTree(Path root) {
        try {
            Directories.deleteTree(root);
        } catch (ManageException e) {
            // nothing more to do
        }
    }
}
