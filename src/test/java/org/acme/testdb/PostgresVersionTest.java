package org.acme.testdb;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;

import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;

/** Whichever way the test database came (Dev Services, a server, embedded), it runs the project's PostgreSQL. */
@QuarkusTest
class PostgresVersionTest {

    @Test
    void theTestDatabaseRunsTheMajorVersionThatApplicationPropertiesNames() throws Exception {
        String image = ConfigProvider.getConfig().getValue("quarkus.datasource.devservices.image-name", String.class);
        int projectMajor = Integer.parseInt(image.substring(image.lastIndexOf(':') + 1));

        try (Connection connection = TestDatabase.connect();
                Statement statement = connection.createStatement();
                ResultSet result = statement.executeQuery("SELECT current_setting('server_version_num')::int / 10000")) {
            result.next();
            assertThat(result.getInt(1)).isEqualTo(projectMajor);
        }
    }
}
