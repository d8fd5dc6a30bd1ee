package org.acme.manage.generate;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A template from {@code generate/NAME.tmpl} on the classpath, in a small subset of Mustache (no escaping, no
 * partials): {@code {{key}}} is the key's value; {@code {{#key}}...{{/key}}} is kept when the value is true, and
 * repeated for each map of a list with its keys added; {@code {{^key}}...{{/key}}} is kept when it is false or an
 * empty list. A tag alone on its line takes the line with it, and a multi-line value alone on its line is indented
 * as the tag is. A key that the values do not hold is an error, so a template cannot silently lose a line.
 */
final class Template {

    private static final Pattern TAG = Pattern.compile("\\{\\{([#^/]?)([A-Za-z][A-Za-z0-9]*)}}");
    private static final Pattern ALONE = Pattern.compile("([ \\t]*)\\{\\{([#^/]?)([A-Za-z][A-Za-z0-9]*)}}[ \\t]*");

    private final String name;
    private final List<String> lines;

    private Template(String name, String text) {
        this.name = name;
        this.lines = text.lines().toList();
    }

    static Template load(String name) {
        return new Template(name, resource(name + ".tmpl"));
    }

    /** The text of {@code generate/NAME} on the classpath. */
    static String resource(String name) {
        try (InputStream in = Template.class.getClassLoader().getResourceAsStream("generate/" + name)) {
            if (in == null) {
                throw new IllegalStateException("no generate/" + name + " on the classpath");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    String render(Map<String, ?> values) {
        List<String> out = new ArrayList<>();
        render(0, lines.size(), values, out);
        return String.join("\n", out) + "\n";
    }

    private void render(int from, int to, Map<String, ?> values, List<String> out) {
        for (int i = from; i < to; i++) {
            Matcher alone = ALONE.matcher(lines.get(i));
            if (alone.matches() && !alone.group(2).isEmpty()) {
                int end = closing(i, to, alone.group(3));
                Object value = value(values, alone.group(3));
                boolean inverted = alone.group(2).equals("^");
                if (value instanceof List<?> items && !inverted) {
                    for (Object item : items) {
                        @SuppressWarnings("unchecked")
                        Map<String, Object> scope = new java.util.HashMap<>((Map<String, Object>) values);
                        scope.putAll((Map<String, ?>) item);
                        render(i + 1, end, scope, out);
                    }
                } else if (truthy(value) != inverted) {
                    render(i + 1, end, values, out);
                }
                i = end;
            } else if (alone.matches()) {
                String value = String.valueOf(value(values, alone.group(3)));
                value.lines().forEach(line -> out.add(line.isEmpty() ? "" : alone.group(1) + line));
            } else {
                String line = lines.get(i);
                String indent = line.substring(0, line.length() - line.stripLeading().length());
                int number = i + 1;
                out.add(TAG.matcher(line).replaceAll(tag -> {
                    if (!tag.group(1).isEmpty()) {
                        throw new IllegalStateException(name + ":" + number + ": a section tag must be alone on its "
                                + "line");
                    }
                    String value = String.valueOf(value(values, tag.group(2)));
                    return Matcher.quoteReplacement(value.replace("\n", "\n" + indent));
                }));
            }
        }
    }

    /** The line of the {@code {{/key}}} that closes the section opened on {@code open}, nested ones skipped. */
    private int closing(int open, int to, String key) {
        int depth = 0;
        for (int i = open + 1; i < to; i++) {
            Matcher tag = ALONE.matcher(lines.get(i));
            if (tag.matches() && tag.group(3).equals(key) && !tag.group(2).isEmpty()) {
                depth += tag.group(2).equals("/") ? -1 : 1;
                if (depth < 0) {
                    return i;
                }
            }
        }
        throw new IllegalStateException(name + ":" + (open + 1) + ": {{" + key + "}} is never closed");
    }

    private Object value(Map<String, ?> values, String key) {
        if (!values.containsKey(key)) {
            throw new IllegalStateException(name + ": no value for {{" + key + "}}");
        }
        return values.get(key);
    }

    private static boolean truthy(Object value) {
        return value instanceof Boolean b ? b : value instanceof List<?> list ? !list.isEmpty() : value != null;
    }
}
