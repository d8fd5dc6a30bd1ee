package org.acme.scenario;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Optional;

import org.acme.testdb.TestDatabase;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.platform.commons.support.AnnotationSupport;
import org.postgresql.jdbc.PreferQueryMode;

/**
 * Runs {@link Scenario}: before each test, the scenario is loaded over plain JDBC with the test run's datasource
 * settings (the same as {@code UsersTable}), so it works in {@code @QuarkusTest} and
 * {@code @QuarkusIntegrationTest} alike. After the class, the tables are emptied again so no scenario data leaks
 * into other test classes.
 */
public final class ScenarioExtension implements BeforeEachCallback, AfterAllCallback {

    @Override
    public void beforeEach(ExtensionContext context) {
        Optional<Scenario> scenario = context.getTestMethod()
                .flatMap(method -> AnnotationSupport.findAnnotation(method, Scenario.class))
                .or(() -> AnnotationSupport.findAnnotation(context.getRequiredTestClass(), Scenario.class));
        scenario.ifPresent(found -> load(found.value()));
    }

    @Override
    public void afterAll(ExtensionContext context) throws SQLException {
        try (Connection connection = TestDatabase.connect()) {
            ScenarioScript.clearTables(connection);
        }
    }

    /** Loads {@code scenarios/<name>.sql} from the classpath into the test database. */
    public static ScenarioScript.Loaded load(String name) {
        ClassLoader loader = Thread.currentThread().getContextClassLoader();
        String sql = ScenarioScript.read(loader != null ? loader : ScenarioExtension.class.getClassLoader(), name);
        return load(ScenarioScript.DIRECTORY + name + ".sql", sql);
    }

    /** Loads SQL given inline, named {@code file} in messages. */
    public static ScenarioScript.Loaded load(String file, String sql) {
        try (Connection connection = TestDatabase.connect(PreferQueryMode.SIMPLE)) {
            return ScenarioScript.load(connection, file, sql);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot connect to the test database: " + e.getMessage(), e);
        }
    }
}
