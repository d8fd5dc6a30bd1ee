package org.acme.manage.generate;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.HashMap;
import java.util.Map;
import java.util.Locale;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.acme.manage.ManageException;
import org.acme.manage.db.Migrations;

/**
 * What {@code new resource} is asked for, named and checked against the project before anything is written: the
 * collection's name (plural), its singular, table, path, package and classes, and its fields.
 */
record ResourceSpec(String name, String singular, String table, String path, String entity, String packageName,
        String words, List<Field> fields) {

    static final Path MAIN_JAVA = Path.of("src", "main", "java");
    static final Pattern IDENTIFIER = Pattern.compile("[a-z][a-z0-9]*(_[a-z0-9]+)*");
    /** PostgreSQL cuts longer names, and a unique constraint is found by its name (org.acme.unique). */
    static final int MAX_IDENTIFIER = 63;

    /** PostgreSQL's reserved key words, Java's keywords and literals, java.lang's classes: reserved-words.txt. */
    static final Map<String, Set<String>> RESERVED = reservedWords();
    static final Set<String> SQL_RESERVED = RESERVED.get("sql");
    static final Set<String> JAVA_RESERVED = RESERVED.get("java");
    static final Set<String> JAVA_LANG = RESERVED.get("java.lang");

    enum Type {
        TEXT("String"), INTEGER("Integer"), DECIMAL("BigDecimal"), BOOLEAN("Boolean"), DATE("LocalDate"),
        TIMESTAMP("OffsetDateTime"), REFERENCE("Long");

        final String javaType;

        Type(String javaType) {
            this.javaType = javaType;
        }

        String word() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** A resource that a reference field points to: its entity and the path that serves it. */
    record Target(String collection, String entityClass, String path) {

        String simpleName() {
            return entityClass.substring(entityClass.lastIndexOf('.') + 1);
        }
    }

    /**
     * One field: {@code name} is its column and, in camelCase, its JSON property; a reference {@code customer}
     * has the column {@code customer_id}, the property {@code customerId} and the entity field {@code customer}.
     */
    record Field(String name, Type type, boolean unique, Target target) {

        String column() {
            return type == Type.REFERENCE ? name + "_id" : name;
        }

        String property() {
            return camel(column(), false);
        }

        String javaField() {
            return camel(name, false);
        }

        String constant() {
            return name.toUpperCase(Locale.ROOT) + "_MAX_LENGTH";
        }

        String words() {
            return name.replace('_', ' ');
        }
    }

    /** Parses and checks the command's arguments against the project in {@code project}; refuses with its reason. */
    static ResourceSpec parse(Path project, String name, List<String> fieldArguments, String table, String singular) {
        identifier(name, "the resource name");
        String chosenSingular = singular != null ? identifier(singular, "--singular") : singularOf(name);
        String chosenTable = table != null ? identifier(table, "--table") : name;
        refuseIf(SQL_RESERVED.contains(chosenTable), "the table name '" + chosenTable + "' is an SQL reserved word: "
                + "give another with --table" + (table == null ? "" : " (not a reserved one)"));
        String packageWord = chosenSingular.replace("_", "");
        refuseIf(JAVA_RESERVED.contains(packageWord) || JAVA_RESERVED.contains(chosenSingular), "the singular '"
                + chosenSingular + "' is a Java keyword or literal, which cannot name the package org.acme."
                + packageWord + ": give another with --singular");
        String entity = camel(chosenSingular, true);
        refuseIf(JAVA_LANG.contains(entity), "the singular '" + chosenSingular + "' makes the class " + entity
                + ", which would hide java.lang." + entity + ": give another with --singular");
        refuseIf(fieldArguments == null || fieldArguments.isEmpty(), "a resource needs at least one field: NAME "
                + "FIELD:TYPE[:unique]..., e.g. " + name + " title:text");
        List<Field> fields = new ArrayList<>();
        Set<String> taken = new HashSet<>(Set.of("id"));
        for (String argument : fieldArguments) {
            Field field = field(project, argument);
            for (String used : new java.util.LinkedHashSet<>(List.of(field.column(), field.property(),
                    field.javaField(), field.name()))) {
                refuseIf(!taken.add(used), "the field '" + argument + "' repeats '" + used + "', which an earlier "
                        + "field has");
            }
            fields.add(field);
        }
        ResourceSpec spec = new ResourceSpec(name, chosenSingular, chosenTable, "/" + name.replace('_', '-'), entity,
                "org.acme." + packageWord, chosenSingular.replace('_', ' '), List.copyOf(fields));
        spec.refuseLongNames();
        spec.refuseExisting(project);
        return spec;
    }

    private static Field field(Path project, String argument) {
        String[] parts = argument.split(":", -1);
        String name = parts[0];
        refuseIf(!IDENTIFIER.matcher(name).matches(), "the field '" + argument + "': '" + name + "' is not a "
                + "lowercase identifier in snake_case (a letter, then letters, digits and single underscores)");
        refuseIf(name.equals("id"), "the field '" + argument + "': every resource has its id already, given by the "
                + "database");
        refuseIf(parts.length < 2, "the field '" + argument + "' has no type: write " + name + ":TYPE, TYPE one of "
                + typeWords());
        Type type = Stream.of(Type.values()).filter(t -> t.word().equals(parts[1])).findFirst()
                .orElseThrow(() -> refuse("the field '" + argument + "' has the type '" + parts[1]
                        + "', which is none of " + typeWords()));
        int options = type == Type.REFERENCE ? 3 : 2;
        refuseIf(type == Type.REFERENCE && (parts.length < 3 || parts[2].isEmpty()), "the field '" + argument
                + "' needs the collection it refers to: " + name + ":reference:COLLECTION, e.g. customer:reference:"
                + "customers");
        boolean unique = parts.length == options + 1 && parts[options].equals("unique");
        refuseIf(parts.length > options + (unique ? 1 : 0), "the field '" + argument + "': only ':unique' may "
                + "follow its type");
        refuseIf(unique && (type == Type.BOOLEAN || type == Type.REFERENCE), "the field '" + argument + "': a "
                + type.word() + " cannot be unique here (" + (type == Type.BOOLEAN ? "two rows at most"
                        : "org.acme.unique maps columns, not join columns") + ")");
        String camel = camel(name, false);
        refuseIf(SQL_RESERVED.contains(name) && type != Type.REFERENCE, "the field '" + argument + "': '" + name
                + "' is an SQL reserved word, which cannot name a column; choose another name");
        refuseIf(JAVA_RESERVED.contains(camel) || JAVA_RESERVED.contains(name), "the field '" + argument + "': '"
                + camel + "' is a Java keyword or literal; choose another name");
        Target target = type == Type.REFERENCE ? target(project, argument, parts[2]) : null;
        return new Field(name, type, unique, target);
    }

    /** The entity whose {@code @Table(name = "COLLECTION"} is in src/main/java, and the path of its resource. */
    private static Target target(Path project, String argument, String collection) {
        Pattern table = Pattern.compile("@Table\\(\\s*name\\s*=\\s*\"" + Pattern.quote(collection) + "\"");
        Map<Path, String> sources = sources(project.resolve(MAIN_JAVA), ".java");
        Path found = sources.keySet().stream().filter(file -> table.matcher(sources.get(file)).find()).findFirst()
                .orElseThrow(() -> refuse("the field '" + argument + "' refers to '" + collection + "', but no "
                        + "entity in src/main/java has @Table(name = \"" + collection + "\")"));
        String entityClass = project.resolve(MAIN_JAVA).relativize(found).toString().replace(".java", "")
                .replace('/', '.');
        Pattern resourcePath = Pattern.compile("(?m)^@Path\\(\"(/[^\"]*)\"\\)");
        String path = sources.keySet().stream().filter(file -> file.getParent().equals(found.getParent()))
                .map(file -> resourcePath.matcher(sources.get(file))).filter(Matcher::find).map(m -> m.group(1))
                .findFirst().orElseThrow(() -> refuse("the field '" + argument + "' refers to '" + collection
                        + "', whose entity " + entityClass + " has no resource class (@Path) beside it"));
        return new Target(collection, entityClass, path);
    }

    private void refuseLongNames() {
        for (Field field : fields) {
            String longest = table + "_" + field.column() + (field.unique() ? "_key"
                    : field.type() == Type.REFERENCE ? "_fkey" : "");
            refuseIf(longest.length() > MAX_IDENTIFIER, "the field '" + field.name() + "' makes the name " + longest
                    + ", over PostgreSQL's " + MAX_IDENTIFIER + " characters: choose a shorter field or --table");
        }
    }

    /** An existing resource of that name: its package, its table in a migration, or its path. */
    private void refuseExisting(Path project) {
        Path packageDir = project.resolve(MAIN_JAVA).resolve(packageName.replace('.', '/'));
        refuseIf(Files.exists(packageDir), "the resource name '" + name + "': " + project.relativize(packageDir)
                + " exists already (give another name, or another --singular)");
        Pattern creates = Pattern.compile("(?i)create\\s+table\\s+(if\\s+not\\s+exists\\s+)?(public\\.)?\"?"
                + Pattern.quote(table) + "\"?[\\s(]");
        sources(project.resolve(Migrations.DIRECTORY), ".sql").forEach((file, sql) -> refuseIf(creates.matcher(sql)
                .find(), "the table '" + table + "' is created by " + project.relativize(file) + " already: give "
                        + "another with --table"));
        sources(project.resolve(MAIN_JAVA), ".java").forEach((file, java) -> refuseIf(java.contains("@Path(\""
                + path + "\")"), "the resource name '" + name + "': the path " + path + " is served by "
                        + project.relativize(file) + " already"));
    }

    /** customers → customer, categories → category, boxes → box, batches → batch; else NAME needs --singular */
    static String singularOf(String name) {
        if (name.endsWith("ies") && name.length() > 3) {
            return name.substring(0, name.length() - 3) + "y";
        }
        if (name.matches(".*(s|x|z|ch|sh)es")) {
            return name.substring(0, name.length() - 2);
        }
        if (name.endsWith("s") && !name.endsWith("ss") && name.length() > 1) {
            return name.substring(0, name.length() - 1);
        }
        throw refuse("the resource name '" + name + "' does not end in s as a plural does: say its singular with "
                + "--singular WORD");
    }

    /** order_line → OrderLine (upper) or orderLine. */
    static String camel(String snake, boolean upper) {
        StringBuilder camel = new StringBuilder();
        for (String word : snake.split("_")) {
            boolean capital = upper || !camel.isEmpty();
            camel.append(capital ? Character.toUpperCase(word.charAt(0)) + word.substring(1) : word);
        }
        return camel.toString();
    }

    private static String identifier(String value, String what) {
        refuseIf(!IDENTIFIER.matcher(value).matches(), what + " '" + value + "' is not a lowercase identifier in "
                + "snake_case (a letter, then letters, digits and single underscores)");
        refuseIf(value.length() > MAX_IDENTIFIER, what + " '" + value + "' is over " + MAX_IDENTIFIER + " characters");
        return value;
    }

    private static String typeWords() {
        return String.join(", ", Stream.of(Type.values()).map(Type::word).toList()) + " (reference:COLLECTION)";
    }

    /** The files under {@code dir} whose name ends with {@code suffix}, with their text, by path. */
    static Map<Path, String> sources(Path dir, String suffix) {
        Map<Path, String> sources = new TreeMap<>();
        if (Files.isDirectory(dir)) {
            try (Stream<Path> files = Files.walk(dir)) {
                for (Path file : files.filter(file -> file.toString().endsWith(suffix)).toList()) {
                    sources.put(file, Files.readString(file));
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return sources;
    }

    private static Map<String, Set<String>> reservedWords() {
        Map<String, Set<String>> lists = new HashMap<>();
        String section = null;
        for (String line : Template.resource("reserved-words.txt").lines().toList()) {
            if (line.startsWith("[")) {
                section = line.substring(1, line.length() - 1);
            } else if (!line.startsWith("#") && !line.isBlank()) {
                lists.computeIfAbsent(section, key -> new HashSet<>()).addAll(List.of(line.strip().split("\\s+")));
            }
        }
        return lists;
    }

    static void refuseIf(boolean refused, String message) {
        if (refused) {
            throw refuse(message);
        }
    }

    static ManageException refuse(String message) {
        return new ManageException("new resource: " + message + ". Nothing was written.", ManageException.USAGE);
    }

    boolean hasUnique() {
        return fields.stream().anyMatch(Field::unique);
    }
}
