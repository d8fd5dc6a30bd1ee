package org.acme.manage.db;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.acme.manage.Context;
import org.acme.manage.ManageException;
import org.acme.manage.environment.Environment;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.MigrationVersion;
import org.flywaydb.core.api.output.MigrateResult;

/** The service's Flyway migrations in src/main/resources/db/migration, the same ones it runs at startup. */
public final class Migrations {

    public static final Path DIRECTORY = Path.of("src", "main", "resources", "db", "migration");

    private static final Pattern VERSIONED = Pattern.compile("V([0-9][0-9._]*)__.*\\.sql");
    private static final Pattern WORD = Pattern.compile("[a-z0-9]+");

    private final Context context;
    private final Path directory;

    public Migrations(Context context) {
        this.context = context;
        this.directory = context.projectDir().resolve(DIRECTORY);
    }

    /** Writes an empty {@code V<next>__<slug>.sql}; never replaces a file. */
    public Path create(String message) {
        Path file = nextFile(message);
        try {
            Files.createDirectories(directory);
            Files.writeString(file, "-- " + message.strip() + "\n", StandardOpenOption.CREATE_NEW,
                    StandardOpenOption.WRITE);
        } catch (FileAlreadyExistsException e) {
            throw new ManageException(context.projectDir().relativize(file) + " exists already; not overwriting it");
        } catch (IOException e) {
            throw new ManageException("cannot write " + file + ": " + e.getMessage(), e);
        }
        context.out().println("Created " + context.projectDir().relativize(file)
                + ": write the SQL there, then apply it with scripts/manage db migrate (or restart the service)");
        return file;
    }

    /** Where the next migration for {@code message} goes: {@code V<highest major + 1>__<slug>.sql}. */
    public Path nextFile(String message) {
        String slug = slug(message);
        int next = highestMajorVersion().map(version -> version + 1).orElse(1);
        return directory.resolve("V" + next + "__" + slug + ".sql");
    }

    public Path directory() {
        return directory;
    }

    /** Lower-case words of the message joined by _ . */
    public static String slug(String message) {
        Matcher words = WORD.matcher(message.toLowerCase(Locale.ROOT));
        String slug = words.results().map(java.util.regex.MatchResult::group).collect(Collectors.joining("_"));
        if (slug.isEmpty()) {
            throw new ManageException("the migration message '" + message + "' has no letters or digits to name the "
                    + "file with", ManageException.USAGE);
        }
        return slug.length() > 80 ? slug.substring(0, 80).replaceAll("_+$", "") : slug;
    }

    private Optional<Integer> highestMajorVersion() {
        if (!Files.isDirectory(directory)) {
            return Optional.empty();
        }
        try (Stream<Path> files = Files.list(directory)) {
            return files.map(file -> VERSIONED.matcher(file.getFileName().toString()))
                    .filter(Matcher::matches)
                    .map(matcher -> MigrationVersion.fromVersion(matcher.group(1)))
                    .map(version -> version.getMajor().intValueExact())
                    .max(Integer::compare);
        } catch (IOException e) {
            throw new ManageException("cannot list " + directory + ": " + e.getMessage(), e);
        }
    }

    public int migrate(Environment environment) {
        Flyway flyway = flyway(environment);
        try {
            MigrateResult result = flyway.migrate();
            if (result.migrationsExecuted == 0) {
                context.out().println("Database " + result.database + " is up to date (schema version "
                        + Optional.ofNullable(result.targetSchemaVersion).orElse(
                                Optional.ofNullable(result.initialSchemaVersion).orElse("none")) + ")");
            } else {
                result.migrations.forEach(migration -> context.out().println("Applied " + migration.version + " "
                        + migration.description + " (" + migration.executionTime + " ms)"));
                context.out().println("Database " + result.database + " is now at schema version "
                        + result.targetSchemaVersion);
            }
            return 0;
        } catch (FlywayException e) {
            throw new ManageException("migration failed: " + e.getMessage(), e);
        }
    }

    public int info(Environment environment) {
        Flyway flyway = flyway(environment);
        try {
            MigrationInfo[] all = flyway.info().all();
            String format = "%-10s %-40s %-10s %s%n";
            context.out().printf(format, "Version", "Description", "State", "Installed on");
            Arrays.stream(all).forEach(info -> context.out().printf(format,
                    info.getVersion() == null ? "" : info.getVersion().getVersion(),
                    info.getDescription(),
                    info.getState().getDisplayName(),
                    info.getInstalledOn() == null ? "" : info.getInstalledOn().toInstant().toString()));
            long pending = Arrays.stream(all).filter(info -> !info.getState().isApplied()).count();
            context.out().println(pending == 0 ? "No pending migrations." : pending + " pending migration(s): apply "
                    + "them with scripts/manage db migrate");
            return 0;
        } catch (FlywayException e) {
            throw new ManageException("cannot read the migration state: " + e.getMessage(), e);
        }
    }

    private Flyway flyway(Environment environment) {
        DatabaseName name = DatabaseName.of(environment.require("APPLICATION_DB"), environment.origin("APPLICATION_DB"));
        // as the service's Flyway does: the owner's tables get the grants of its default privileges
        DatabaseTarget target = DatabaseTarget.ofOwner(environment);
        // Fail with our message when the server is down, before Flyway wraps it in its own.
        try (var connection = target.connect(name.name())) {
            context.out().println("Database " + name + " on " + target.describe() + ", migrations from "
                    + context.projectDir().relativize(directory));
        } catch (java.sql.SQLException e) {
            throw new ManageException(e.getMessage(), e);
        }
        return Flyway.configure(getClass().getClassLoader())
                .dataSource(target.dataSource(name.name()))
                .locations("filesystem:" + directory)
                .cleanDisabled(true)
                .load();
    }
}
