package org.acme.config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.io.JsonEOFException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;

/**
 * One environment's configuration file: a JSON array of {@code {"name": "...", "value": "..."}} entries.
 * <p>
 * Reading is strict, because a typo in a config file should stop the program rather than silently fall back
 * to a default: every entry must be an object with exactly a string {@code name} and a string {@code value},
 * and a name may appear only once.
 */
public final class JsonConfigFile {

    private static final Set<String> ENTRY_FIELDS = Set.of("name", "value");
    private static final Pattern DUPLICATE_FIELD = Pattern.compile("^Duplicate field '([^']*)'");

    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    private final Path path;
    private final Map<String, String> values;

    private JsonConfigFile(Path path, Map<String, String> values) {
        this.path = path;
        this.values = Collections.unmodifiableMap(values);
    }

    /** Reads and checks {@code path}; throws {@link ConfigFileException} naming the file and the entry at fault. */
    public static JsonConfigFile read(Path path) {
        String content;
        try {
            content = Files.readString(path);
        } catch (NoSuchFileException e) {
            throw new ConfigFileException(path + ": file not found");
        } catch (IOException e) {
            throw new ConfigFileException(path + ": cannot be read: " + e.getMessage(), e);
        }
        return parse(path, content);
    }

    static JsonConfigFile parse(Path path, String content) {
        JsonNode root;
        try {
            root = MAPPER.readTree(content);
        } catch (JsonProcessingException e) {
            // Jackson's own message quotes the token it stopped at, which may be a value (an unquoted password):
            // the message says where and what kind of mistake, never what was written, and keeps no cause.
            throw new ConfigFileException(path + ": malformed JSON" + position(e.getLocation()) + ": " + whatIsWrong(e));
        }
        if (root == null || root.isMissingNode()) {
            throw new ConfigFileException(path + ": the file is empty; expected a JSON array of {\"name\", \"value\"} entries");
        }
        if (!root.isArray()) {
            throw new ConfigFileException(path + ": expected a JSON array of {\"name\", \"value\"} entries, found "
                    + describe(root));
        }
        Map<String, String> values = new LinkedHashMap<>();
        for (int index = 0; index < root.size(); index++) {
            JsonNode entry = root.get(index);
            String where = path + ": entry #" + (index + 1);
            if (!entry.isObject()) {
                throw new ConfigFileException(where + ": expected an object {\"name\", \"value\"}, found " + describe(entry));
            }
            JsonNode name = entry.get("name");
            if (name == null || !name.isTextual() || name.asText().isBlank()) {
                throw new ConfigFileException(where + ": \"name\" must be a non-empty string, found " + describe(name));
            }
            where += " (" + name.asText() + ")";
            JsonNode value = entry.get("value");
            if (value == null || !value.isTextual()) {
                throw new ConfigFileException(where + ": \"value\" must be a string, found " + describe(value)
                        + (value != null && (value.isNumber() || value.isBoolean()) ? "; write it in quotes" : ""));
            }
            for (Iterator<String> fields = entry.fieldNames(); fields.hasNext();) {
                String field = fields.next();
                if (!ENTRY_FIELDS.contains(field)) {
                    throw new ConfigFileException(where + ": unexpected field \"" + field
                            + "\"; an entry has only \"name\" and \"value\"");
                }
            }
            if (values.putIfAbsent(name.asText(), value.asText()) != null) {
                throw new ConfigFileException(where + ": the name " + name.asText()
                        + " is already defined by an earlier entry");
            }
        }
        return new JsonConfigFile(path, values);
    }

    public Path path() {
        return path;
    }

    /** The entries in file order. */
    public Map<String, String> values() {
        return values;
    }

    /** What kind of mistake {@code e} is, in words that quote nothing of the file. */
    static String whatIsWrong(JsonProcessingException e) {
        if (e instanceof JsonEOFException) {
            return "the file ends before the JSON is complete (a missing quote, bracket or brace?)";
        }
        if (e instanceof MismatchedInputException) {
            // FAIL_ON_TRAILING_TOKENS is the only check of the tree reader that gets here
            return "text after the end of the JSON array";
        }
        String original = e.getOriginalMessage() == null ? "" : e.getOriginalMessage();
        if (original.startsWith("Duplicate field")) {
            Matcher field = DUPLICATE_FIELD.matcher(original);
            String name = field.find() && ENTRY_FIELDS.contains(field.group(1)) ? "\"" + field.group(1) + "\"" : "a key";
            return name + " appears twice in one object";
        }
        if (original.startsWith("Unexpected end-of-input")) {
            return "the file ends before the JSON is complete (a missing quote, bracket or brace?)";
        }
        if (original.startsWith("Illegal unquoted character")) {
            return "a control character (a line break, a tab) inside a string; write it escaped";
        }
        if (original.startsWith("Unrecognized character escape")) {
            return "an escape that JSON does not have inside a string (a lone backslash?)";
        }
        return "not valid JSON here (a value without quotes, a missing comma, or a stray character?)";
    }

    private static String position(JsonLocation location) {
        if (location == null || location.getLineNr() < 1) {
            return "";
        }
        return " at line " + location.getLineNr() + ", column " + location.getColumnNr();
    }

    private static String describe(JsonNode node) {
        if (node == null || node.isMissingNode()) {
            return "nothing";
        }
        return switch (node.getNodeType()) {
            case ARRAY -> "an array";
            case OBJECT -> "an object";
            case NUMBER -> "the number " + node.asText();
            case BOOLEAN -> "the boolean " + node.asText();
            case NULL -> "null";
            case STRING -> node.asText().isBlank() ? "an empty string" : "a string";
            default -> node.getNodeType().name().toLowerCase();
        };
    }
}
