package org.acme.schemadiff;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import jakarta.persistence.Embeddable;
import jakarta.persistence.Entity;
import jakarta.persistence.MappedSuperclass;

import org.hibernate.boot.Metadata;
import org.hibernate.boot.MetadataSources;
import org.hibernate.boot.model.relational.Namespace;
import org.hibernate.boot.registry.BootstrapServiceRegistryBuilder;
import org.hibernate.boot.registry.StandardServiceRegistry;
import org.hibernate.boot.registry.StandardServiceRegistryBuilder;
import org.hibernate.engine.config.spi.ConfigurationService;
import org.hibernate.mapping.Column;
import org.hibernate.mapping.Table;
import org.hibernate.tool.schema.TargetType;
import org.hibernate.tool.schema.internal.ExceptionHandlerHaltImpl;
import org.hibernate.tool.schema.spi.ContributableMatcher;
import org.hibernate.tool.schema.spi.ExecutionOptions;
import org.hibernate.tool.schema.spi.SchemaManagementTool;
import org.hibernate.tool.schema.spi.SchemaManagementToolCoordinator;
import org.hibernate.tool.schema.spi.ScriptTargetOutput;
import org.hibernate.tool.schema.spi.TargetDescriptor;

/**
 * What {@code scripts/manage db new -m} runs: compares the entity model (the {@code @Entity} classes of a classes
 * directory) with a database that the Flyway migrations have built, and says what DDL closes the gap.
 * <p>
 * The DDL comes from Hibernate's own schema migrator ("update" action) with a script as its only target: the
 * statements are collected, nothing is executed by Hibernate. Update never drops anything, so columns and tables of
 * the schema that no entity maps are found separately (a read of information_schema against Hibernate's metadata)
 * and only reported, for a human to decide whether they were renamed or are obsolete. Then, on the throwaway
 * database only, the statements are applied and Hibernate's validation run: whatever it still finds is reported as
 * not closed, for a human to write.
 * <p>
 * It lives in the service's test sources so that it runs with exactly the service's Hibernate and entity classes
 * (scripts/manage runs it with the test classpath), and never ships in the application.
 * <p>
 * Usage: {@code SchemaDiff CLASSES_DIR JDBC_URL USER OUTPUT_FILE}, password in the environment variable
 * {@value #PASSWORD_VARIABLE}. Writes the migration body to OUTPUT_FILE and prints one {@code change: } line per
 * detected change and one {@code unmapped: } line per unmapped table or column.
 */
public final class SchemaDiff {

    public static final String PASSWORD_VARIABLE = "SCHEMA_DIFF_PASSWORD";

    private static final Set<String> IGNORED_TABLES = Set.of("flyway_schema_history");

    /** The outcome: Hibernate's statements, a description of each, and what the schema has that nothing maps. */
    public record Result(List<String> statements, List<String> changes, List<String> unmapped,
            List<String> unmappedSql, List<String> unresolved) {

        public boolean hasChanges() {
            return !statements.isEmpty();
        }

        public Result withUnresolved(List<String> problems) {
            return new Result(statements, changes, unmapped, unmappedSql, List.copyOf(problems));
        }

        /** The migration body: the statements (with cautions) and the unmapped items as comments. */
        public String render() {
            StringBuilder sql = new StringBuilder();
            for (String statement : statements) {
                caution(statement).ifPresentOrElse(text -> sql.append("-- CAUTION: ").append(text).append('\n'),
                        () -> { });
                sql.append(statement).append(";\n");
            }
            if (!unresolved.isEmpty()) {
                sql.append(statements.isEmpty() ? "" : "\n")
                        .append("-- NOT CLOSED: with the statements above applied, Hibernate's validation still fails.\n")
                        .append("-- Write the missing SQL yourself:\n");
                unresolved.forEach(problem -> sql.append("--   ").append(problem.replace('\n', ' ')).append('\n'));
            }
            if (!unmapped.isEmpty()) {
                sql.append(statements.isEmpty() && unresolved.isEmpty() ? "" : "\n")
                        .append("-- TO CONFIRM BY A HUMAN: the schema has what no entity maps. Hibernate never drops\n")
                        .append("-- anything, and cannot tell a rename from a drop. If one of these was renamed, replace\n")
                        .append("-- the ADD COLUMN above with a RENAME; if it is obsolete, uncomment its DROP.\n");
                for (int i = 0; i < unmapped.size(); i++) {
                    sql.append("--   ").append(unmapped.get(i)).append('\n');
                    sql.append("-- ").append(unmappedSql.get(i)).append('\n');
                }
            }
            return sql.toString();
        }
    }

    private SchemaDiff() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 4) {
            System.err.println("usage: SchemaDiff CLASSES_DIR JDBC_URL USER OUTPUT_FILE (password in $"
                    + PASSWORD_VARIABLE + ")");
            System.exit(2);
        }
        Path classes = Path.of(args[0]);
        List<Class<?>> entities = entityClasses(classes, SchemaDiff.class.getClassLoader());
        String password = System.getenv().getOrDefault(PASSWORD_VARIABLE, "");
        Result result = diff(entities, args[1], args[2], password);
        // The database is a throwaway copy: apply the statements there and let Hibernate validate the result.
        result = result.withUnresolved(applyAndValidate(result.statements(), entities, args[1], args[2], password));
        Files.writeString(Path.of(args[3]), result.render(), StandardCharsets.UTF_8);
        result.changes().forEach(change -> System.out.println("change: " + change));
        result.unmapped().forEach(item -> System.out.println("unmapped: " + item));
        result.unresolved().forEach(problem -> System.out.println("unresolved: " + problem.replace('\n', ' ')));
        System.out.flush();
        System.exit(0);
    }

    /** The classes under {@code classesDir} annotated {@code @Entity}, {@code @Embeddable} or {@code @MappedSuperclass}. */
    public static List<Class<?>> entityClasses(Path classesDir, ClassLoader loader) {
        List<Class<?>> found = new ArrayList<>();
        try (Stream<Path> files = Files.walk(classesDir)) {
            for (Path file : (Iterable<Path>) files.filter(f -> f.toString().endsWith(".class")).sorted()::iterator) {
                String name = classesDir.relativize(file).toString().replace('/', '.').replaceAll("\\.class$", "");
                if (name.endsWith("module-info") || name.endsWith("package-info")) {
                    continue;
                }
                try {
                    Class<?> type = Class.forName(name, false, loader);
                    if (type.isAnnotationPresent(Entity.class) || type.isAnnotationPresent(Embeddable.class)
                            || type.isAnnotationPresent(MappedSuperclass.class)) {
                        found.add(type);
                    }
                } catch (ClassNotFoundException | LinkageError e) {
                    // not loadable on its own (a generated or optional class): cannot be an entity we map
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + classesDir, e);
        }
        return found;
    }

    /** Compares {@code entities} with the database at {@code jdbcUrl}; executes nothing on it. */
    public static Result diff(List<Class<?>> entities, String jdbcUrl, String user, String password) {
        if (entities.isEmpty()) {
            throw new IllegalArgumentException("no @Entity classes found: compile the service first");
        }
        try (Hibernate hibernate = new Hibernate(entities, jdbcUrl, user, password)) {
            List<String> statements = hibernate.updateScript();
            List<String> changes = statements.stream().map(SchemaDiff::describe).toList();
            List<String> unmapped = new ArrayList<>();
            List<String> unmappedSql = new ArrayList<>();
            unmapped(hibernate.mappedColumns(), jdbcUrl, user, password, unmapped, unmappedSql);
            return new Result(statements, changes, unmapped, unmappedSql, List.of());
        }
    }

    /**
     * Runs {@code statements} on the database (a throwaway one!) and returns what Hibernate's validation still finds
     * wrong, for instance a changed column type, which the update action never generates. Empty when it passes.
     */
    public static List<String> applyAndValidate(List<String> statements, List<Class<?>> entities, String jdbcUrl,
            String user, String password) {
        try (Connection connection = DriverManager.getConnection(jdbcUrl, user, password);
                java.sql.Statement statement = connection.createStatement()) {
            for (String sql : statements) {
                statement.execute(sql);
            }
        } catch (SQLException e) {
            return List.of("the generated statements fail on the schema of the migrations: " + e.getMessage());
        }
        try {
            validate(entities, jdbcUrl, user, password);
            return List.of();
        } catch (RuntimeException e) {
            return List.of(String.valueOf(e.getMessage()));
        }
    }

    /** Hibernate's own validation of {@code entities} against the database (as the service does at startup). */
    public static void validate(List<Class<?>> entities, String jdbcUrl, String user, String password) {
        try (Hibernate hibernate = new Hibernate(entities, jdbcUrl, user, password)) {
            hibernate.validate();
        }
    }

    private static final Pattern CREATE_TABLE = Pattern.compile("create table (?:if not exists )?(\\S+).*",
            Pattern.CASE_INSENSITIVE | Pattern.DOTALL);
    private static final Pattern ADD_COLUMN = Pattern.compile(
            "alter table (?:if exists )?(?:only )?(\\S+) add column (?:if not exists )?(\\S+) (.*)",
            Pattern.CASE_INSENSITIVE | Pattern.DOTALL);
    private static final Pattern ADD_CONSTRAINT = Pattern.compile(
            "alter table (?:if exists )?(?:only )?(\\S+) add constraint (\\S+) (\\w+(?: key)?).*",
            Pattern.CASE_INSENSITIVE | Pattern.DOTALL);
    private static final Pattern ALTER_COLUMN = Pattern.compile(
            "alter table (?:if exists )?(?:only )?(\\S+) alter column (\\S+) (.*)",
            Pattern.CASE_INSENSITIVE | Pattern.DOTALL);
    private static final Pattern CREATE_INDEX = Pattern.compile("create (unique )?index (\\S+) on (\\S+).*",
            Pattern.CASE_INSENSITIVE | Pattern.DOTALL);
    private static final Pattern CREATE_SEQUENCE = Pattern.compile("create sequence (\\S+).*",
            Pattern.CASE_INSENSITIVE | Pattern.DOTALL);

    /** One line that says what a generated statement does. */
    static String describe(String statement) {
        Matcher m;
        if ((m = CREATE_TABLE.matcher(statement)).matches()) {
            return "added table " + m.group(1);
        }
        if ((m = ADD_COLUMN.matcher(statement)).matches()) {
            return "added column " + m.group(1) + "." + m.group(2) + " (" + m.group(3).strip() + ")";
        }
        if ((m = ALTER_COLUMN.matcher(statement)).matches()) {
            return "changed column " + m.group(1) + "." + m.group(2) + " (" + m.group(3).strip() + ")";
        }
        if ((m = ADD_CONSTRAINT.matcher(statement)).matches()) {
            return "added " + m.group(3).toLowerCase(Locale.ROOT) + " constraint " + m.group(2) + " on " + m.group(1);
        }
        if ((m = CREATE_INDEX.matcher(statement)).matches()) {
            return "added " + (m.group(1) == null ? "" : "unique ") + "index " + m.group(2) + " on " + m.group(3);
        }
        if ((m = CREATE_SEQUENCE.matcher(statement)).matches()) {
            return "added sequence " + m.group(1);
        }
        return "other: " + statement;
    }

    private static java.util.Optional<String> caution(String statement) {
        Matcher m = ADD_COLUMN.matcher(statement);
        if (m.matches()) {
            String definition = m.group(3).toLowerCase(Locale.ROOT);
            if (definition.contains("not null") && !definition.contains("default")) {
                return java.util.Optional.of("NOT NULL without a DEFAULT fails when " + m.group(1)
                        + " has rows: add a DEFAULT, or add the column nullable, backfill it, then SET NOT NULL.");
            }
        }
        m = ALTER_COLUMN.matcher(statement);
        if (m.matches() && m.group(3).toLowerCase(Locale.ROOT).contains("type")) {
            return java.util.Optional.of("a new type fails on existing values that do not convert (add a USING "
                    + "clause), and rewrites " + m.group(1) + " under an exclusive lock.");
        }
        return java.util.Optional.empty();
    }

    private static void unmapped(Map<String, Set<String>> mapped, String jdbcUrl, String user, String password,
            List<String> unmapped, List<String> unmappedSql) {
        Map<String, List<String>> schema = new TreeMap<>();
        try (Connection connection = DriverManager.getConnection(jdbcUrl, user, password);
                PreparedStatement query = connection.prepareStatement("SELECT c.table_name, c.column_name "
                        + "FROM information_schema.columns c JOIN information_schema.tables t "
                        + "ON t.table_schema = c.table_schema AND t.table_name = c.table_name "
                        + "WHERE c.table_schema = current_schema() AND t.table_type = 'BASE TABLE' "
                        + "ORDER BY c.table_name, c.ordinal_position");
                ResultSet rows = query.executeQuery()) {
            while (rows.next()) {
                schema.computeIfAbsent(rows.getString(1), table -> new ArrayList<>()).add(rows.getString(2));
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the schema: " + e.getMessage(), e);
        }
        schema.forEach((table, columns) -> {
            if (IGNORED_TABLES.contains(table)) {
                return;
            }
            Set<String> mappedColumns = mapped.get(table.toLowerCase(Locale.ROOT));
            if (mappedColumns == null) {
                unmapped.add("table " + table + " is in the schema but no entity maps it");
                unmappedSql.add("DROP TABLE " + table + ";");
                return;
            }
            for (String column : columns) {
                if (!mappedColumns.contains(column.toLowerCase(Locale.ROOT))) {
                    unmapped.add("column " + table + "." + column + " is in the schema but no entity maps it");
                    unmappedSql.add("ALTER TABLE " + table + " DROP COLUMN " + column + ";   -- or: ALTER TABLE "
                            + table + " RENAME COLUMN " + column + " TO <new name>;");
                }
            }
        });
    }

    /** Hibernate ORM booted on its own (no Quarkus) against one database, with the schema tool only. */
    private static final class Hibernate implements AutoCloseable {
        private final StandardServiceRegistry registry;
        private final Metadata metadata;

        Hibernate(List<Class<?>> entities, String jdbcUrl, String user, String password) {
            ClassLoader loader = entities.get(0).getClassLoader();
            Map<String, Object> settings = new LinkedHashMap<>();
            settings.put("jakarta.persistence.jdbc.url", jdbcUrl);
            settings.put("jakarta.persistence.jdbc.user", user == null ? "" : user);
            settings.put("jakarta.persistence.jdbc.password", password == null ? "" : password);
            settings.put("hibernate.connection.pool_size", "1");
            // nothing is ever executed by Hibernate: the statements only go to a script
            settings.put("hibernate.hbm2ddl.auto", "none");
            settings.put("jakarta.persistence.schema-generation.database.action", "none");
            settings.put("hibernate.format_sql", "false");
            settings.put("hibernate.show_sql", "false");
            // the same naming as the service: Quarkus defaults to Hibernate's defaults
            registry = new StandardServiceRegistryBuilder(
                    new BootstrapServiceRegistryBuilder().applyClassLoader(loader).build())
                    .applySettings(settings).build();
            try {
                MetadataSources sources = new MetadataSources(registry);
                entities.forEach(sources::addAnnotatedClass);
                metadata = sources.buildMetadata();
            } catch (RuntimeException e) {
                StandardServiceRegistryBuilder.destroy(registry);
                throw e;
            }
        }

        List<String> updateScript() {
            List<String> statements = new ArrayList<>();
            ScriptTargetOutput output = new ScriptTargetOutput() {
                @Override
                public void prepare() {
                }

                @Override
                public void accept(String command) {
                    String statement = command.strip();
                    while (statement.endsWith(";")) {
                        statement = statement.substring(0, statement.length() - 1).strip();
                    }
                    if (!statement.isEmpty()) {
                        statements.add(statement);
                    }
                }

                @Override
                public void release() {
                }
            };
            TargetDescriptor scriptOnly = new TargetDescriptor() {
                @Override
                public EnumSet<TargetType> getTargetTypes() {
                    return EnumSet.of(TargetType.SCRIPT);
                }

                @Override
                public ScriptTargetOutput getScriptTargetOutput() {
                    return output;
                }
            };
            Map<String, Object> configuration = registry.requireService(ConfigurationService.class).getSettings();
            ExecutionOptions options = SchemaManagementToolCoordinator.buildExecutionOptions(configuration,
                    ExceptionHandlerHaltImpl.INSTANCE);
            registry.requireService(SchemaManagementTool.class).getSchemaMigrator(configuration)
                    .doMigration(metadata, options, ContributableMatcher.ALL, scriptOnly);
            return statements;
        }

        void validate() {
            Map<String, Object> configuration = registry.requireService(ConfigurationService.class).getSettings();
            ExecutionOptions options = SchemaManagementToolCoordinator.buildExecutionOptions(configuration,
                    ExceptionHandlerHaltImpl.INSTANCE);
            registry.requireService(SchemaManagementTool.class).getSchemaValidator(configuration)
                    .doValidation(metadata, options, ContributableMatcher.ALL);
        }

        /** Table name (lower case) to its mapped column names (lower case). */
        Map<String, Set<String>> mappedColumns() {
            Map<String, Set<String>> mapped = new LinkedHashMap<>();
            for (Namespace namespace : metadata.getDatabase().getNamespaces()) {
                for (Table table : namespace.getTables()) {
                    Set<String> columns = mapped.computeIfAbsent(table.getName().toLowerCase(Locale.ROOT),
                            name -> new LinkedHashSet<>());
                    for (Column column : table.getColumns()) {
                        columns.add(column.getName().toLowerCase(Locale.ROOT));
                    }
                }
            }
            return mapped;
        }

        @Override
        public void close() {
            StandardServiceRegistryBuilder.destroy(registry);
        }
    }
}
