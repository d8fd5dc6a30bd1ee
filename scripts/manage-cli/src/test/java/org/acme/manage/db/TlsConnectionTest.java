package org.acme.manage.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.acme.manage.ManageException;
import org.acme.manage.harness.ThrowawayPostgres;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.sun.security.auth.module.UnixSystem;

/**
 * POSTGRES_SSLMODE and POSTGRES_SSLROOTCERT as pgjdbc takes them, against a throwaway PostgreSQL with TLS on and a
 * certificate that this test makes (a self-signed one for 127.0.0.1, made with the JDK's keytool): require encrypts;
 * verify-full encrypts and accepts the server only with its own certificate as the root, refusing it against
 * another; disable does not encrypt. The service puts the same two settings into its JDBC URL.
 */
class TlsConnectionTest {

    private static final String PASSWORD = "changeit";

    @Test
    void requireEncryptsAndVerifyFullChecksTheCertificate(@TempDir Path dir) throws Exception {
        Assumptions.assumeFalse(new UnixSystem().getUid() == 0, "PostgreSQL refuses to run as root");
        Path serverCert = dir.resolve("server.crt");
        Path serverKey = dir.resolve("server.key");
        makeCertificate(dir, "server", serverCert, serverKey);
        Path otherCert = dir.resolve("other.crt");
        makeCertificate(dir, "other", otherCert, dir.resolve("other.key"));

        try (ThrowawayPostgres server = ThrowawayPostgres.start(System.getenv(),
                new PrintWriter(PrintWriter.nullWriter()), List.of("ssl = on", "ssl_cert_file = '" + serverCert + "'",
                        "ssl_key_file = '" + serverKey + "'"))) {
            assertThat(encrypted(target(server, "require", null))).as("require").isTrue();
            assertThat(encrypted(target(server, "verify-full", serverCert.toString()))).as("verify-full").isTrue();
            assertThat(encrypted(target(server, "disable", null))).as("disable").isFalse();
            assertThatThrownBy(() -> encrypted(target(server, "verify-full", otherCert.toString())))
                    .as("verify-full against another root").isInstanceOf(ManageException.class)
                    .hasMessageContaining("cannot connect").hasMessageContaining("SSL error");
            // the service's JDBC URL, as application.properties builds it from the two settings
            String url = "jdbc:postgresql://" + server.host() + ":" + server.port() + "/postgres?sslmode=verify-full"
                    + "&sslrootcert=" + serverCert;
            try (Connection connection = DriverManager.getConnection(url, server.user(), server.password());
                    Statement statement = connection.createStatement();
                    ResultSet row = statement.executeQuery("SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()")) {
                assertThat(row.next() && row.getBoolean(1)).as("the service's URL with verify-full").isTrue();
            }
        }
    }

    private static DatabaseTarget target(ThrowawayPostgres server, String sslMode, String rootCert) {
        DatabaseTarget plain = server.target("postgres");
        return new DatabaseTarget(plain.host(), plain.port(), plain.user(), plain.password(), "postgres", "postgres",
                sslMode, rootCert);
    }

    /** Whether this connection's session is encrypted, as the server sees it. */
    private static boolean encrypted(DatabaseTarget target) throws Exception {
        try (Connection connection = target.connect("postgres"); Statement statement = connection.createStatement();
                ResultSet row = statement.executeQuery("SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()")) {
            row.next();
            return row.getBoolean(1);
        }
    }

    /** A self-signed certificate for 127.0.0.1 and its key, as PEM files that PostgreSQL reads. */
    private static void makeCertificate(Path dir, String alias, Path certFile, Path keyFile) throws Exception {
        Path store = dir.resolve(alias + ".p12");
        Process keytool = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair", "-alias", alias, "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=127.0.0.1",
                "-ext", "SAN=ip:127.0.0.1", "-validity", "2", "-storetype", "PKCS12", "-keystore", store.toString(),
                "-storepass", PASSWORD, "-keypass", PASSWORD).redirectErrorStream(true).start();
        String output = new String(keytool.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(keytool.waitFor(60, TimeUnit.SECONDS)).as("keytool ends").isTrue();
        assertThat(keytool.exitValue()).as(output).isZero();
        KeyStore keys = KeyStore.getInstance("PKCS12");
        try (var in = Files.newInputStream(store)) {
            keys.load(in, PASSWORD.toCharArray());
        }
        Certificate certificate = keys.getCertificate(alias);
        Files.writeString(certFile, pem("CERTIFICATE", certificate.getEncoded()));
        Files.writeString(keyFile, pem("PRIVATE KEY", keys.getKey(alias, PASSWORD.toCharArray()).getEncoded()));
        // PostgreSQL refuses a key that others may read
        Files.setPosixFilePermissions(keyFile, PosixFilePermissions.fromString("rw-------"));
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                .encodeToString(der) + "\n-----END " + type + "-----\n";
    }
}
