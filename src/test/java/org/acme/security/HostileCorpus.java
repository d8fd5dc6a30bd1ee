package org.acme.security;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

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
    private static final String JSON = "application/json";
    /** Where a body of the corpus names the endpoint's text field. */
    private static final String FIELD = "FIELD";

    /** One request; {@code contentType} and {@code body} may be null. */
    public record Attack(String name, String method, String path, String contentType, byte[] body,
            Map<String, String> headers) {
        @Override
        public String toString() {
            return method + " " + (path.length() > 60 ? path.substring(0, 60) + "..." : path) + " (" + name + ")";
        }
    }

    /**
     * An operation of the API, as its OpenAPI document lists it: {@code path} is a template such as
     * {@code /users/{id}}. For an operation that takes a JSON body, {@code validBody} is one that it accepts and
     * {@code textField} a field of it that holds text, which the hostile values go into; both are null for one that
     * takes no body.
     */
    public record Endpoint(String method, String path, List<String> queryParameters, String textField,
            String validBody) {

        boolean takesBody() {
            return validBody != null;
        }

        /** Whether the path ends in a parameter, and so names one resource. */
        boolean namesOneResource() {
            return path.matches(".*/" + PATH_PARAMETER);
        }

        /** The path up to its last parameter: {@code /users/} for {@code /users/{id}}. */
        String resourcePrefix() {
            return path.substring(0, path.lastIndexOf('/') + 1);
        }

        String pathWith(String id) {
            return path.replaceAll(PATH_PARAMETER, id);
        }
    }

    /**
     * The template's own operations, for the fault suite (scripts/manage faults hostile-input), which builds its
     * requests before it starts the service whose document would list them. HostileInputTest sends
     * {@link #requests(List)} for the operations of the served document.
     */
    public static final List<Endpoint> TEMPLATE_ENDPOINTS = List.of(
            new Endpoint("GET", "/", List.of(), null, null),
            new Endpoint("GET", "/users", List.of("after", "page", "size"), null, null),
            new Endpoint("POST", "/users", List.of(), "email", "{\"email\":\"corpus@example.com\"}"),
            new Endpoint("GET", "/users/{id}", List.of(), null, null),
            new Endpoint("PUT", "/users/{id}", List.of(), "email", "{\"email\":\"corpus@example.com\"}"),
            new Endpoint("DELETE", "/users/{id}", List.of(), null, null));

    private static final String PATH_PARAMETER = "\\{[^/}]+}";
    private static final List<String> METHODS = List.of("GET", "POST", "DELETE", "PUT", "PATCH", "OPTIONS", "HEAD",
            "TRACE");

    private HostileCorpus() {
    }

    /** The corpus for the template's own operations. */
    public static List<Attack> requests() {
        return requests(TEMPLATE_ENDPOINTS);
    }

    /** The corpus for {@code endpoints}: the same kinds of hostile requests for each that they apply to. */
    public static List<Attack> requests(List<Endpoint> endpoints) {
        List<Attack> attacks = new ArrayList<>();
        List<Endpoint> withBody = endpoints.stream().filter(Endpoint::takesBody).toList();
        List<Endpoint> creates = withBody.stream().filter(endpoint -> endpoint.method().equals("POST")).toList();
        List<Endpoint> reads = endpoints.stream().filter(endpoint -> endpoint.method().equals("GET")).toList();
        for (String template : bodies()) {
            for (Endpoint endpoint : withBody) {
                attacks.add(new Attack("body", endpoint.method(), endpoint.pathWith("1"), JSON,
                        utf8(template.replace(FIELD, endpoint.textField())), NONE));
            }
        }
        for (Endpoint create : creates) {
            for (byte[] body : rawBodies(create.textField())) {
                attacks.add(new Attack("bytes", create.method(), create.pathWith("1"), JSON, body, NONE));
            }
            for (String contentType : List.of("text/plain", "application/xml", "application/x-www-form-urlencoded",
                    "multipart/form-data; boundary=x", "application/json; charset=ISO-8859-1",
                    "application/json; charset=nope", "*/*", "application/json\r\nX-Injected: 1")) {
                attacks.add(new Attack("content type", create.method(), create.pathWith("1"), contentType,
                        utf8(create.validBody()), NONE));
            }
        }
        for (Endpoint read : reads) {
            for (String path : hostilePaths(read)) {
                attacks.add(new Attack("path", "GET", path, null, null, NONE));
            }
        }
        attacks.add(new Attack("path", "GET", "/%2e%2e/%2e%2e/etc/passwd", null, null, NONE));
        for (String path : endpoints.stream().map(Endpoint::path).distinct().toList()) {
            Set<String> documented = endpoints.stream().filter(endpoint -> endpoint.path().equals(path))
                    .map(Endpoint::method).collect(Collectors.toSet());
            for (String method : METHODS.stream().filter(method -> !documented.contains(method)).toList()) {
                attacks.add(new Attack("method", method, path.replaceAll(PATH_PARAMETER, "1"), JSON, utf8("{}"),
                        NONE));
            }
        }
        for (Endpoint delete : endpoints) {
            if (delete.method().equals("DELETE") && delete.namesOneResource()) {
                attacks.add(new Attack("delete path", "DELETE", delete.resourcePrefix() + "abc", null, null, NONE));
                attacks.add(new Attack("delete path", "DELETE", delete.resourcePrefix() + "-1", null, null, NONE));
            }
        }
        for (Endpoint create : creates) {
            for (Map<String, String> headers : headerAbuse()) {
                attacks.add(new Attack("headers", create.method(), create.pathWith("1"), JSON, utf8(create.validBody()),
                        headers));
            }
        }
        for (Endpoint read : reads) {
            if (!read.namesOneResource()) {
                attacks.add(new Attack("headers", "GET", read.path(), null, null,
                        Map.of("Range", "bytes=0-1,2-3,4-5")));
            }
        }
        return List.copyOf(attacks);
    }

    /** JSON bodies, with {@value #FIELD} for the name of the endpoint's text field. */
    private static List<String> bodies() {
        return List.of(
                "", " ", "{", "}", "[", "{\"FIELD\"", "{\"FIELD\":}", "{\"FIELD\":\"a@example.com\"",
                "{'FIELD':'a@example.com'}",
                "{\"FIELD\":\"a@example.com\",,}", "{\"FIELD\":\"a@example.com\"}}", "null", "true", "0", "-1", "1e309",
                "\"a@example.com\"", "[]", "[[[[]]]]", "{\"FIELD\":[]}", "{\"FIELD\":{}}", "{\"FIELD\":1e999}",
                "{\"FIELD\":null}", "{\"FIELD\":\"\\u0000@example.com\"}", "{\"FIELD\":\"a\\u0007b@example.com\"}",
                "{\"FIELD\":\"a@example.com\\n\\rX-Injected: 1\"}", "{\"FIELD\":\"' OR '1'='1@example.com\"}",
                "{\"FIELD\":\"a@example.com'; DROP TABLE users; --\"}",
                "{\"FIELD\":\"<script>alert(1)</script>@example.com\"}",
                "{\"FIELD\":\"${jndi:ldap://127.0.0.1/a}@example.com\"}", "{\"FIELD\":\"%s%s%s%n@example.com\"}",
                "{\"FIELD\":\"../../etc/passwd\"}", "{\"FIELD\":\"" + "a".repeat(300) + "@example.com\"}",
                "{\"FIELD\":\"a@" + "b".repeat(100_000) + ".com\"}", "{\"FIELD\":\"\\ud800@example.com\"}",
                "{\"FIELD\":\"a@example.com\",\"id\":-1}", "{\"FIELD\":\"a@example.com\",\"id\":\"x\"}",
                "{\"FIELD\":\"a@example.com\",\"FIELD\":\"b@example.com\"}",
                "[" .repeat(5000) + "]".repeat(5000),
                "{\"a\":".repeat(5000) + "1" + "}".repeat(5000),
                "{\"FIELD\":\"a@example.com\",\"x\":\"" + "y".repeat(900_000) + "\"}",
                "{\"FIELD\":9223372036854775808}", "{\"FIELD\":true}", "{\"FIELD\":-0.0}");
    }

    private static List<byte[]> rawBodies(String field) {
        return List.of(
                concat(utf8("{\"" + field + "\":\""), new byte[] { (byte) 0xc3 }, utf8("\"}")),
                new byte[] { (byte) 0xff, (byte) 0xfe, '{', '}' },
                concat(new byte[] { (byte) 0xef, (byte) 0xbb, (byte) 0xbf }, utf8("{\"" + field + "\":\"x@y.z\"}")),
                new byte[] { '{', 0, '}' });
    }

    /** Ids that are no id, paths that lead elsewhere, and query parameters out of every range. */
    private static List<String> hostilePaths(Endpoint read) {
        List<String> paths = new ArrayList<>();
        if (read.namesOneResource()) {
            String prefix = read.resourcePrefix();
            for (String id : List.of("abc", "-1", "0", "1.0", "1e3", "99999999999999999999", "%00",
                    "..%2F..%2Fetc%2Fpasswd", "../../etc/passwd", "1;DROP%20TABLE%20users", "'%20OR%20'1'='1", "%27",
                    "%E2%80%AE", "/1", "1/", "1/extra")) {
                paths.add(prefix + id);
            }
            return paths;
        }
        String path = read.path();
        if (!path.toUpperCase(Locale.ROOT).equals(path)) {
            paths.add(path.toUpperCase(Locale.ROOT));
        }
        paths.add("/q/.." + path);
        for (String parameter : read.queryParameters()) {
            for (String value : List.of("1%27", "9".repeat(5000), "1".repeat(200), "-2147483648", "2147483647",
                    "0x10", "%00", "1&" + parameter + "=2", "1e2", "%20")) {
                paths.add(path + "?" + parameter + "=" + value);
            }
        }
        paths.add(path + "?" + "a=b&".repeat(500));
        paths.add(path + "?x=" + "y".repeat(4000));
        return paths;
    }

    private static List<Map<String, String>> headerAbuse() {
        return List.of(
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
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            bytes.writeBytes(part);
        }
        return bytes.toByteArray();
    }

    private static Map<String, String> manyHeaders(int count) {
        Map<String, String> headers = new LinkedHashMap<>();
        for (int i = 0; i < count; i++) {
            headers.put("X-Header-" + i, "value-" + i);
        }
        return headers;
    }
}
