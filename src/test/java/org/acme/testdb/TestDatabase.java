package org.acme.testdb;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Properties;

import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;
import org.postgresql.PGProperty;
import org.postgresql.jdbc.PreferQueryMode;

/**
 * Plain JDBC to the test run's database as its server's superuser (the tests set up triggers, hold locks and end
 * sessions that the application's own role may not), from the settings that TestDatabaseResource hands the
 * application under test, so that it works the same whether the application runs in the test JVM or as the
 * packaged artifact.
 */
public final class TestDatabase {

    private TestDatabase() {
    }

    public static Connection connect() throws SQLException {
        return connect(PreferQueryMode.EXTENDED);
    }

    /** A connection in the given query mode ({@code SIMPLE}: a multi-statement script goes as one message). */
    public static Connection connect(PreferQueryMode mode) throws SQLException {
        Config config = ConfigProvider.getConfig();
        Properties properties = new Properties();
        config.getOptionalValue(TestDatabaseResource.SUPERUSER_USERNAME, String.class)
                .ifPresent(user -> PGProperty.USER.set(properties, user));
        config.getOptionalValue(TestDatabaseResource.SUPERUSER_PASSWORD, String.class)
                .ifPresent(password -> PGProperty.PASSWORD.set(properties, password));
        PGProperty.PREFER_QUERY_MODE.set(properties, mode.value());
        return DriverManager.getConnection(config.getValue(TestDatabaseResource.DATABASE_URL, String.class), properties);
    }
}
