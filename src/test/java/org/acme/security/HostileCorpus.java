package org.acme.security;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Malformed and malicious requests for every endpoint: broken, huge and deeply nested JSON, wrong types, overlong
 * values, control characters, invalid UTF-8, injection strings, header abuse, path traversal and huge query
 * parameters. Sent by HostileInputTest/IT through REST Assured and by {@code scripts/manage faults hostile-input}
 * over raw sockets, so it depends on the JDK only.
 */
public final class HostileCorpus {

    /** What no answer may contain: the signs of a stack trace, SQL or a class name. */
    public static final List<String> LEAKS = List.of("Exception", "java.", "org.hibernate", "org.postgresql",
            "io.quarkus", "\tat ", "SELECT ", "INSERT ", "users_email", "SQLState");

    private static final Map<String, String> NONE = Map.of();

    /** One request; {@code contentType} and {@code body} may be null. */
    public record Attack(String name, String method, String path, String contentType, byte[] body,
            Map<String, String> headers) {
        @Override
        public String toString() {
            return method + " " + (path.length() > 60 ? path.substring(0, 60) + "..." : path) + " (" + name + ")";
        }
    }

    private HostileCorpus() {
    }

    public static List<Attack> requests() {
        List<Attack> attacks = new ArrayList<>();
        List<String> bodies = List.of(
                "", " ", "{", "}", "[", "{\"email\"", "{\"email\":}", "{\"email\":\"a@example.com\"", "{'email':'a@example.com'}",
                "{\"email\":\"a@example.com\",,}", "{\"email\":\"a@example.com\"}}", "null", "true", "0", "-1", "1e309",
                "\"a@example.com\"", "[]", "[[[[]]]]", "{\"email\":[]}", "{\"email\":{}}", "{\"email\":1e999}",
                "{\"email\":null}", "{\"email\":\"\\u0000@example.com\"}", "{\"email\":\"a\\u0007b@example.com\"}",
                "{\"email\":\"a@example.com\\n\\rX-Injected: 1\"}", "{\"email\":\"' OR '1'='1@example.com\"}",
                "{\"email\":\"a@example.com'; DROP TABLE users; --\"}", "{\"email\":\"<script>alert(1)</script>@example.com\"}",
                "{\"email\":\"${jndi:ldap://127.0.0.1/a}@example.com\"}", "{\"email\":\"%s%s%s%n@example.com\"}",
                "{\"email\":\"../../etc/passwd\"}", "{\"email\":\"" + "a".repeat(300) + "@example.com\"}",
                "{\"email\":\"a@" + "b".repeat(100_000) + ".com\"}", "{\"email\":\"\\ud800@example.com\"}",
                "{\"email\":\"a@example.com\",\"id\":-1}", "{\"email\":\"a@example.com\",\"id\":\"x\"}",
                "{\"email\":\"a@example.com\",\"email\":\"b@example.com\"}",
                "[" .repeat(5000) + "]".repeat(5000),
                "{\"a\":".repeat(5000) + "1" + "}".repeat(5000),
                "{\"email\":\"a@example.com\",\"x\":\"" + "y".repeat(900_000) + "\"}",
                "{\"email\":9223372036854775808}", "{\"email\":true}", "{\"email\":-0.0}");
        for (String body : bodies) {
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            attacks.add(new Attack("body", "POST", "/users", "application/json", bytes, NONE));
            attacks.add(new Attack("body", "PUT", "/users/1", "application/json", bytes, NONE));
        }
        byte[][] rawBodies = {
                { '{', '"', 'e', 'm', 'a', 'i', 'l', '"', ':', '"', (byte) 0xc3, '"', '}' },
                { (byte) 0xff, (byte) 0xfe, '{', '}' },
                { (byte) 0xef, (byte) 0xbb, (byte) 0xbf, '{', '"', 'e', 'm', 'a', 'i', 'l', '"', ':', '"', 'x', '@', 'y', '.', 'z', '"', '}' },
                { '{', 0, '}' },
        };
        for (byte[] body : rawBodies) {
            attacks.add(new Attack("bytes", "POST", "/users", "application/json", body, NONE));
        }
        for (String contentType : List.of("text/plain", "application/xml", "application/x-www-form-urlencoded",
                "multipart/form-data; boundary=x", "application/json; charset=ISO-8859-1", "application/json; charset=nope",
                "*/*", "application/json\r\nX-Injected: 1")) {
            attacks.add(new Attack("content type", "POST", "/users", contentType,
                    "{\"email\":\"ct@example.com\"}".getBytes(StandardCharsets.UTF_8), NONE));
        }
        for (String path : List.of("/users/abc", "/users/-1", "/users/0", "/users/1.0", "/users/1e3",
                "/users/99999999999999999999", "/users/%00", "/users/..%2F..%2Fetc%2Fpasswd", "/users/../../etc/passwd",
                "/users/1;DROP%20TABLE%20users", "/users/'%20OR%20'1'='1", "/users/%27", "/users/%E2%80%AE",
                "/users//1", "/users/1/", "/users/1/extra", "/USERS", "/q/../users", "/%2e%2e/%2e%2e/etc/passwd",
                "/users?page=1%27", "/users?page=" + "9".repeat(5000), "/users?size=" + "1".repeat(200),
                "/users?page=-2147483648", "/users?page=2147483647&size=100", "/users?page=0x10", "/users?page=%00",
                "/users?page=1&page=2", "/users?size=1e2", "/users?page=%20", "/users?" + "a=b&".repeat(500),
                "/?x=" + "y".repeat(4000))) {
            attacks.add(new Attack("path", "GET", path, null, null, NONE));
        }
        for (String method : List.of("DELETE", "PUT", "PATCH", "OPTIONS", "HEAD", "TRACE")) {
            attacks.add(new Attack("method", method, "/users", "application/json", "{}".getBytes(StandardCharsets.UTF_8),
                    NONE));
        }
        attacks.add(new Attack("delete path", "DELETE", "/users/abc", null, null, NONE));
        attacks.add(new Attack("delete path", "DELETE", "/users/-1", null, null, NONE));
        byte[] valid = "{\"email\":\"headers@example.com\"}".getBytes(StandardCharsets.UTF_8);
        List<Map<String, String>> headerAbuse = List.of(
                Map.of("X-Large", "a".repeat(64 * 1024)),
                manyHeaders(300),
                Map.of("Accept", "application/xml"),
                Map.of("Accept", "text/html;q=" + "9".repeat(1000)),
                Map.of("Accept-Charset", "utf-7"),
                Map.of("Content-Encoding", "gzip"),
                Map.of("X-Forwarded-For", "127.0.0.1, ' OR 1=1 --"),
                Map.of("X-HTTP-Method-Override", "DELETE"),
                Map.of("Expect", "100-continue-nonsense"),
                Map.of("Host", "evil.example.com"),
                Map.of("Cookie", "session=" + "x".repeat(8000)));
        for (Map<String, String> headers : headerAbuse) {
            attacks.add(new Attack("headers", "POST", "/users", "application/json", valid, headers));
        }
        attacks.add(new Attack("headers", "GET", "/users", null, null, Map.of("Range", "bytes=0-1,2-3,4-5")));
        return List.copyOf(attacks);
    }

    private static Map<String, String> manyHeaders(int count) {
        Map<String, String> headers = new LinkedHashMap<>();
        for (int i = 0; i < count; i++) {
            headers.put("X-Header-" + i, "value-" + i);
        }
        return headers;
    }
}
