package org.acme.schemadiff;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.List;
import java.util.UUID;

import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;

import jakarta.persistence.Entity;

import org.acme.testdb.TestDatabaseResource;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.quarkus.test.junit.QuarkusTest;

/**
 * The generator behind {@code scripts/manage db new -m}, on real PostgreSQL: a database of its own on the test
 * run's server, built by the real migrations, compared with entities compiled here (so that no test entity ever
 * reaches the application under test). A {@code @QuarkusTest} only to be given the test run's database settings.
 */
@QuarkusTest
class SchemaDiffTest {

    /** The service's User with one more field, as a developer would add it. */
    static final String USER_WITH_NAME = """
            package fixture;

            import jakarta.persistence.*;

            @Entity
            @Table(name = "users")
            public class UserWithName {
                @Id
                @GeneratedValue(strategy = GenerationType.IDENTITY)
                public Long id;

                @Column(nullable = false, length = 254)
                public String email;

                @Column(length = 100)
                public String name;
            }
            """;

    static final String USER_AS_IT_IS = USER_WITH_NAME.replace("UserWithName", "UserAsItIs")
            .replace("@Column(length = 100)\n    public String name;\n", "");

    @TempDir
    Path dir;

    String serverUrl;
    String user;
    String password;
    String database;
    String url;

    @BeforeEach
    void createAMigratedDatabase() throws Exception {
        // The test run's server, as the application under test sees it, as its superuser (handed over by
        // TestDatabaseResource): the application's own role may not create a database.
        Config config = ConfigProvider.getConfig();
        serverUrl = config.getValue(TestDatabaseResource.DATABASE_URL, String.class);
        user = config.getOptionalValue(TestDatabaseResource.SUPERUSER_USERNAME, String.class).orElse(null);
        password = config.getOptionalValue(TestDatabaseResource.SUPERUSER_PASSWORD, String.class).orElse(null);
        database = "schemadiff_" + UUID.randomUUID().toString().substring(0, 8);
        execute(serverUrl, "CREATE DATABASE " + database);
        url = serverUrl.replaceFirst("/[^/?]+(\\?.*)?$", "/" + database + "$1");
        // The fixtures below are the User of V1 plus or minus a field: V1 never changes (Flyway checksums it), so
        // they stay valid whatever later migrations add.
        migrate(FIXTURES_BASE_VERSION);
    }

    static final String FIXTURES_BASE_VERSION = "1";

    private void migrate(String target) {
        Flyway.configure().dataSource(url, user, password).locations("classpath:db/migration").target(target).load()
                .migrate();
    }

    @AfterEach
    void dropTheDatabase() throws Exception {
        if (database != null) {
            execute(serverUrl, "DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
        }
    }

    @Test
    void theServiceEntitiesMatchTheMigrationsSoThereIsNothingToGenerate() {
        Path serviceClasses = Path.of("target/classes");
        List<Class<?>> entities = SchemaDiff.entityClasses(serviceClasses, getClass().getClassLoader());
        assertThat(entities).extracting(Class::getName).contains("org.acme.user.User");
        migrate("latest");

        SchemaDiff.Result result = SchemaDiff.diff(entities, url, user, password);

        assertThat(result.statements()).isEmpty();
        assertThat(result.unmapped()).isEmpty();
        assertThat(result.hasChanges()).isFalse();
    }

    @Test
    void anAddedFieldBecomesAnAlterTableThatMakesValidationPass() throws Exception {
        List<Class<?>> entities = compile("UserWithName", USER_WITH_NAME);
        assertThatThrownBy(() -> SchemaDiff.validate(entities, url, user, password))
                .hasMessageContaining("name");

        SchemaDiff.Result result = SchemaDiff.diff(entities, url, user, password);

        assertThat(result.statements()).containsExactly(
                "alter table if exists users add column name varchar(100)");
        assertThat(result.changes()).containsExactly("added column users.name (varchar(100))");
        assertThat(result.unmapped()).isEmpty();
        Path migrations = Files.createDirectories(dir.resolve("migrations"));
        try (var v1 = getClass().getClassLoader().getResourceAsStream("db/migration/V1__create_users.sql")) {
            Files.write(migrations.resolve("V1__create_users.sql"), v1.readAllBytes());
        }
        Files.writeString(migrations.resolve("V2__add_name_to_users.sql"), result.render());
        var applied = Flyway.configure().dataSource(url, user, password).locations("filesystem:" + migrations).load()
                .migrate();
        assertThat(applied.migrationsExecuted).isEqualTo(1);
        SchemaDiff.validate(entities, url, user, password);
        assertThat(SchemaDiff.diff(entities, url, user, password).hasChanges()).isFalse();
    }

    @Test
    void aColumnNoEntityMapsIsFlaggedForAHumanNeverDropped() throws Exception {
        execute(url, "ALTER TABLE users ADD COLUMN nickname text");
        execute(url, "CREATE TABLE audit_log (id bigint PRIMARY KEY)");

        SchemaDiff.Result result = SchemaDiff.diff(compile("UserAsItIs", USER_AS_IT_IS), url, user, password);

        assertThat(result.statements()).isEmpty();
        assertThat(result.unmapped()).containsExactly(
                "table audit_log is in the schema but no entity maps it",
                "column users.nickname is in the schema but no entity maps it");
        assertThat(result.render()).contains("TO CONFIRM BY A HUMAN")
                .contains("-- ALTER TABLE users DROP COLUMN nickname;")
                .contains("-- DROP TABLE audit_log;")
                .doesNotContainPattern("(?m)^(?!--).*DROP");
    }

    @Test
    void aRequiredNewColumnComesWithACaution() throws Exception {
        String required = USER_WITH_NAME.replace("UserWithName", "UserWithRequiredName")
                .replace("@Column(length = 100)", "@Column(length = 100, nullable = false)");

        SchemaDiff.Result result = SchemaDiff.diff(compile("UserWithRequiredName", required), url, user, password);

        assertThat(result.statements()).containsExactly(
                "alter table if exists users add column name varchar(100) not null");
        assertThat(result.render()).contains("-- CAUTION: NOT NULL without a DEFAULT fails when users has rows");
    }

    @Test
    void aChangedColumnTypeBecomesAnAlterColumnWithACaution() throws Exception {
        String dateEmail = USER_AS_IT_IS.replace("UserAsItIs", "UserWithDateEmail").replace("public String email;",
                "public java.time.LocalDate email;");
        List<Class<?>> entities = compile("UserWithDateEmail", dateEmail);

        SchemaDiff.Result result = SchemaDiff.diff(entities, url, user, password);

        assertThat(result.statements()).containsExactly("alter table if exists users alter column email set data type date");
        assertThat(result.changes()).containsExactly("changed column users.email (set data type date)");
        assertThat(result.render()).contains("-- CAUTION: a new type fails on existing values that do not convert");
    }

    @Test
    void whatValidationStillFindsAfterTheStatementsIsReportedAsNotClosed() throws Exception {
        String dateEmail = USER_AS_IT_IS.replace("UserAsItIs", "UserWithDateEmail").replace("public String email;",
                "public java.time.LocalDate email;");
        List<Class<?>> entities = compile("UserWithDateEmail", dateEmail);

        // as if Hibernate had generated nothing for the changed type
        List<String> unresolved = SchemaDiff.applyAndValidate(List.of(), entities, url, user, password);

        assertThat(unresolved).singleElement().asString().contains("wrong column type").contains("[email]");
        SchemaDiff.Result result = new SchemaDiff.Result(List.of(), List.of(), List.of(), List.of(), List.of())
                .withUnresolved(unresolved);
        assertThat(result.render()).contains("-- NOT CLOSED").contains("wrong column type");
    }

    @Test
    void theGeneratedStatementsAppliedToTheThrowawayCopyLeaveNothingUnresolved() throws Exception {
        List<Class<?>> entities = compile("UserWithName", USER_WITH_NAME);

        SchemaDiff.Result result = SchemaDiff.diff(entities, url, user, password);

        assertThat(SchemaDiff.applyAndValidate(result.statements(), entities, url, user, password)).isEmpty();
    }

    @Test
    void describesEachKindOfStatement() {
        assertThat(SchemaDiff.describe("create table orders (id bigint not null, primary key (id))"))
                .isEqualTo("added table orders");
        assertThat(SchemaDiff.describe("create index orders_user_idx on orders (user_id)"))
                .isEqualTo("added index orders_user_idx on orders");
        assertThat(SchemaDiff.describe("alter table if exists orders add constraint fk_user foreign key (user_id) "
                + "references users")).isEqualTo("added foreign key constraint fk_user on orders");
        assertThat(SchemaDiff.describe("create sequence orders_seq start with 1 increment by 50"))
                .isEqualTo("added sequence orders_seq");
    }

    private List<Class<?>> compile(String className, String source) throws Exception {
        Path sources = Files.createDirectories(dir.resolve("src/fixture"));
        Path classes = Files.createDirectories(dir.resolve("classes-" + className));
        Path file = Files.writeString(sources.resolve(className + ".java"), source);
        String persistenceApi = Path.of(Entity.class.getProtectionDomain().getCodeSource().getLocation().toURI())
                .toString();
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        int exit = javac.run(null, null, null, "-classpath", persistenceApi, "-d", classes.toString(), file.toString());
        assertThat(exit).as("javac exit code").isZero();
        ClassLoader loader = new URLClassLoader(new URL[] {classes.toUri().toURL()}, getClass().getClassLoader());
        return SchemaDiff.entityClasses(classes, loader);
    }

    private void execute(String jdbcUrl, String sql) throws Exception {
        try (Connection connection = DriverManager.getConnection(jdbcUrl, user, password);
                Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

}
