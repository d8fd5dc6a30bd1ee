package org.acme.manage.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.List;
import java.util.concurrent.atomic.LongAdder;

import org.acme.manage.harness.FreePort;
import org.acme.manage.harness.ThrowawayPostgres;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import com.sun.security.auth.module.UnixSystem;

class RoundTripCounterTest {

    @Test
    void countsEachSyncAndQueryButPgjdbcsBeginWhereverTcpSplitsTheStream() {
        byte[] stream = concat(untyped(80877103, new byte[0]), // SSLRequest (answered 'N', then the startup)
                untyped(196608, "user\0app\0\0".getBytes(StandardCharsets.US_ASCII)),
                typed('p', "secret\0"), // the password: not a round trip
                // BEGIN, sent ahead of Parse, Bind, Describe, Execute and Sync: one round trip
                typed('Q', "BEGIN\0"), typed('P', "\0SELECT 1\0\0\0"), typed('B', "\0\0\0\0\0\0\0\0"),
                typed('D', "P\0"), typed('E', "\0\0\0\0\0"), typed('S', ""),
                typed('Q', "COMMIT\0"), // one
                typed('Q', "\0"), // the empty query of pgjdbc's isValid: one
                typed('Q', "BEGI\0"), // not a BEGIN: one
                typed('X', ""));
        for (int split = 0; split <= stream.length; split++) {
            LongAdder roundTrips = new LongAdder();
            RoundTripCounter.FrontendMessages messages = new RoundTripCounter.FrontendMessages(roundTrips);
            messages.feed(stream, 0, split);
            messages.feed(stream, split, stream.length - split);
            assertThat(roundTrips.sum()).as("split at %d", split).isEqualTo(4);
        }
    }

    /** What the bench relies on: a connection validated as Agroal validates it costs a round trip, and it shows. */
    @Test
    void countsPgjdbcsRoundTripsTheValidationIncluded() throws Exception {
        Assumptions.assumeFalse(new UnixSystem().getUid() == 0, "PostgreSQL refuses to run as root");
        try (ThrowawayPostgres db = ThrowawayPostgres.start(System.getenv(), new PrintWriter(PrintWriter.nullWriter()),
                List.of()); RoundTripCounter counter = RoundTripCounter.start(db.host(), db.port())) {
            String url = "jdbc:postgresql://" + FreePort.LOOPBACK + ":" + counter.port() + "/postgres?sslmode=disable";
            try (Connection connection = DriverManager.getConnection(url, db.user(), db.password())) {
                long before = counter.roundTrips();
                assertThat(connection.isValid(2)).isTrue();
                long validated = counter.roundTrips();
                connection.setAutoCommit(false);
                try (PreparedStatement select = connection.prepareStatement("SELECT ?::int");
                        ResultSet result = query(select, 7)) {
                    assertThat(result.next()).isTrue();
                }
                connection.commit();

                assertThat(validated - before).as("isValid").isEqualTo(1);
                assertThat(counter.roundTrips() - validated).as("BEGIN sent with the SELECT, then COMMIT")
                        .isEqualTo(2);
            }
        }
    }

    private static ResultSet query(PreparedStatement statement, int value) throws Exception {
        statement.setInt(1, value);
        return statement.executeQuery();
    }

    private static byte[] untyped(int code, byte[] body) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        writeInt(out, 8 + body.length);
        writeInt(out, code);
        out.writeBytes(body);
        return out.toByteArray();
    }

    private static byte[] typed(char type, String body) {
        byte[] bytes = body.getBytes(StandardCharsets.US_ASCII);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(type);
        writeInt(out, 4 + bytes.length);
        out.writeBytes(bytes);
        return out.toByteArray();
    }

    private static void writeInt(ByteArrayOutputStream out, int value) {
        out.write(value >>> 24);
        out.write(value >>> 16);
        out.write(value >>> 8);
        out.write(value);
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }
}
