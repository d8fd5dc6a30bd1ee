package org.acme.manage.generate;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.acme.manage.generate.ResourceSpec.Field;
import org.acme.manage.generate.ResourceSpec.Type;

/**
 * The text of every file that {@code new resource} writes, rendered from the templates in {@code generate/}. What
 * a field writes in each place (its declaration, its rule, its test values, ...) is in {@code types.tmpl}, one
 * section per type and place; the templates list their imports in any order, and they are sorted here.
 */
final class ResourceFiles {

    static final String DOCS = "docs/api.md";
    private static final List<String> PARTS = List.of("entity", "request", "value", "holds", "broken", "sql1", "sql2",
            "listed", "json", "rule");

    private final ResourceSpec spec;
    private final Map<String, Object> values = new HashMap<>();
    private final Template types = Template.load("types");

    /** {@code scenarios} gives the text of a scenario by name, or null: the rows that references need are copied. */
    ResourceFiles(ResourceSpec spec, Function<String, String> scenarios) {
        this.spec = spec;
        List<Field> fields = spec.fields();
        String variable = ResourceSpec.camel(spec.singular(), false);
        String collectionWords = spec.name().replace('_', ' ');
        values.putAll(Map.of("package", spec.packageName(), "Entity", spec.entity(), "variable", variable,
                "table", spec.table(), "path", spec.path(), "words", spec.words(), "scenario", "two-" + spec.name(),
                "EntityPlural", ResourceSpec.camel(spec.name(), true), "collectionWords", collectionWords,
                "Title", Character.toUpperCase(collectionWords.charAt(0)) + collectionWords.substring(1)));
        values.put("aWords", article(spec.words()) + " " + spec.words());
        for (Type type : Type.values()) {
            values.put("has" + ResourceSpec.camel(type.word(), true), fields.stream().anyMatch(f -> f.type() == type));
        }
        values.put("hasReferences", (boolean) values.get("hasReference"));
        values.put("hasColumns", fields.stream().anyMatch(f -> f.type() != Type.REFERENCE));
        values.put("hasUnique", spec.hasUnique());
        values.put("textNote", (boolean) values.get("hasText") ? " Text is kept without the white space around it."
                : "");
        values.put("javaImports", fields.stream().map(f -> switch (f.type()) {
            case DECIMAL -> "import java.math.BigDecimal;";
            case DATE -> "import java.time.LocalDate;";
            case TIMESTAMP -> "import java.time.OffsetDateTime;";
            default -> "";
        }).filter(line -> !line.isEmpty()).distinct().collect(Collectors.joining("\n")));
        List<Map<String, Object>> scopes = fields.stream().map(this::fieldValues).toList();
        values.put("fields", scopes);
        values.put("texts", scopes.stream().filter(f -> f.get("type") == Type.TEXT).toList());
        values.put("references", scopes.stream().filter(f -> f.get("type") == Type.REFERENCE).toList());
        values.put("tableAnnotation", tableAnnotation());
        values.put("requestComponents", join(scopes, "request", ",\n"));
        values.put("responseComponents", Stream.concat(Stream.of("Long id"), fields.stream()
                .map(f -> f.type().javaType + " " + f.property())).collect(Collectors.joining(",\n")));
        values.put("responseOf", wrap("return new " + spec.entity() + "Response(", Stream.concat(Stream.of("id"),
                fields.stream().map(f -> f.javaField() + (f.type() == Type.REFERENCE ? ".id" : "")))
                .map(field -> variable + "." + field).toList(), ");"));
        values.put("propertyList", quoted(fields.stream().map(Field::property)));
        values.put("uniqueList", quoted(fields.stream().filter(Field::unique).map(Field::property)));
        values.put("brokenValues", scopes.stream().flatMap(f -> part(f, "broken").lines()
                .map(value -> "Arguments.of(\"" + f.get("property") + "\", " + value + ")"))
                .collect(Collectors.joining(",\n")));
        Field changed = fields.get(0);
        values.put("changedProperty", changed.property());
        values.put("changedValue", switch (changed.type()) {
            case REFERENCE -> "ExampleBodies.newResourceId(\"" + changed.target().path() + "\")";
            case BOOLEAN -> "!(Boolean) body.get(\"" + changed.property() + "\")";
            default -> "body().get(\"" + changed.property() + "\")";
        });
        values.put("columnList", fields.stream().map(Field::column).collect(Collectors.joining(", ")));
        values.put("firstRow", join(scopes, "sql1", ", "));
        values.put("secondRow", join(scopes, "sql2", ", "));
        values.put("scenarioRows", fields.stream().filter(f -> f.target() != null).map(f -> f.target().collection())
                .distinct().map(target -> referenceRows(target, scenarios.apply("two-" + target)))
                .collect(Collectors.joining("\n")));
        values.put("marker", docsMarker(spec, "begin"));
        values.put("end", docsMarker(spec, "end"));
        values.put("bodyShape", "{" + quoted(fields.stream().map(Field::property)) + "}");
        values.put("putConflict", spec.hasUnique() ? ", or 409 when another " + spec.words() + " has a unique value"
                : "");
    }

    /** The HTML comment that marks the resource's section of docs/api.md, so that it is written once. */
    static String docsMarker(ResourceSpec spec, String end) {
        return "<!-- scripts/manage new resource " + spec.name() + ": " + end + " -->";
    }

    /** The classes, by path relative to the project, in the order they are written. */
    Map<Path, String> mainFiles() {
        Map<Path, String> files = new LinkedHashMap<>();
        Path dir = ResourceSpec.MAIN_JAVA.resolve(spec.packageName().replace('.', '/'));
        for (String kind : List.of("", "Request", "Response", "Resource")) {
            String template = (kind.isEmpty() ? "Entity" : kind) + ".java";
            files.put(dir.resolve(spec.entity() + kind + ".java"), render(template));
        }
        return files;
    }

    /** The test and the scenario, written once the migration is. */
    Map<Path, String> testFiles() {
        return Map.of(Path.of("src/test/java", spec.packageName().replace('.', '/'), spec.entity()
                + "ResourceTest.java"), render("ResourceTest.java"),
                Path.of("src/test/resources/scenarios", "two-" + spec.name() + ".sql"), render("scenario.sql"));
    }

    String docsSection() {
        return render("api.md");
    }

    private String render(String template) {
        return sortedImports(Template.load(template).render(values));
    }

    private Map<String, Object> fieldValues(Field f) {
        Map<String, Object> field = new HashMap<>(Map.of("type", f.type(), "name", f.name(), "column", f.column(),
                "property", f.property(), "javaField", f.javaField(), "constant", f.constant(), "fieldWords", f.words(),
                "Entity", spec.entity(), "table", spec.table(), "entityWords", spec.words()));
        field.put("unique", f.unique());
        String variable = ResourceSpec.camel(spec.singular(), false);
        field.put("copyLine", variable + "." + f.javaField() + " = " + (f.target() == null
                ? "request." + f.property() + "();"
                : "References.resolve(" + f.target().simpleName() + ".class, \"" + f.property() + "\", request."
                        + f.property() + "());"));
        if (f.target() != null) {
            field.putAll(Map.of("targetPath", f.target().path(), "targetClass", f.target().entityClass(),
                    "TargetSimple", f.target().simpleName(), "targetTable", f.target().collection(),
                    "targetWords", f.target().collection().replace('_', ' '),
                    "aTarget", article(f.target().simpleName().toLowerCase()) + f.target().simpleName()));
        }
        for (String part : PARTS) {
            field.put(part, part(field, part));
        }
        field.put("rule", field.get("rule") + (f.unique() ? "; unique: a taken one is a 409, \"The " + f.javaField()
                + " ... is already taken\"" : ""));
        return field;
    }

    /** What the field writes in {@code part}: its type's section of types.tmpl. */
    private String part(Map<String, Object> field, String part) {
        Map<String, Object> scope = new HashMap<>(field);
        Stream.of(Type.values()).forEach(type -> scope.put(type.word(), type == field.get("type")));
        PARTS.forEach(name -> scope.put(name, name.equals(part)));
        return types.render(scope).strip();
    }

    /** {@code @Table} with its name always, and the unique constraints and the indexes of the references. */
    private String tableAnnotation() {
        List<String> unique = spec.fields().stream().filter(Field::unique).map(f -> "@UniqueConstraint(name = \""
                + spec.table() + "_" + f.column() + "_key\", columnNames = \"" + f.column() + "\")").toList();
        List<String> indexes = spec.fields().stream().filter(f -> f.type() == Type.REFERENCE).map(f -> "@Index(name = "
                + "\"" + spec.table() + "_" + f.column() + "_idx\", columnList = \"" + f.column() + "\")").toList();
        StringBuilder table = new StringBuilder("@Table(name = \"" + spec.table() + "\"");
        for (var member : List.of(Map.entry("uniqueConstraints", unique), Map.entry("indexes", indexes))) {
            List<String> annotations = member.getValue();
            if (!annotations.isEmpty()) {
                table.append(",\n        ").append(member.getKey()).append(" = ").append(annotations.size() == 1
                        ? annotations.get(0)
                        : "{\n                " + String.join(",\n                ", annotations) + " }");
            }
        }
        return table.append(")").toString();
    }

    /**
     * The rows of {@code target} that the scenario's references need: a scenario starts from empty tables, so they
     * are copied from the target's own two-row scenario, which its tests keep loadable.
     */
    private static String referenceRows(String target, String targetScenario) {
        if (targetScenario == null) {
            return "-- NOT LOADABLE YET: the rows below refer to " + target + ", which this file must insert first "
                    + "(there was no\n-- scenarios/two-" + target + ".sql to copy them from): add its INSERTs here.";
        }
        return "-- The " + target.replace('_', ' ') + " they refer to, copied from two-" + target + ".sql (a scenario "
                + "starts from empty tables):\n" + targetScenario.strip();
    }

    /** The file with its import lines sorted into the project's groups: static, java, jakarta, org, the rest. */
    static String sortedImports(String text) {
        List<String> lines = new ArrayList<>(text.lines().toList());
        List<Integer> imports = java.util.stream.IntStream.range(0, lines.size())
                .filter(i -> lines.get(i).startsWith("import ")).boxed().toList();
        if (imports.isEmpty()) {
            return text;
        }
        Set<String> names = new TreeSet<>();
        imports.forEach(i -> names.add(lines.get(i).substring("import ".length(), lines.get(i).length() - 1)));
        List<String> groups = List.of("static ", "java.", "jakarta.", "org.", "");
        String block = groups.stream().map(group -> names.stream().filter(name -> name.startsWith(group)
                && groups.stream().filter(other -> other.length() > group.length()).noneMatch(name::startsWith))
                .map(name -> "import " + name + ";").collect(Collectors.joining("\n")))
                .filter(group -> !group.isEmpty()).collect(Collectors.joining("\n\n"));
        lines.subList(imports.get(0), imports.get(imports.size() - 1) + 1).clear();
        lines.add(imports.get(0), block);
        return String.join("\n", lines) + "\n";
    }

    /** {@code head} + the items joined by ", " + {@code tail}, broken before an item that would pass 120 columns. */
    private static String wrap(String head, List<String> items, String tail) {
        StringBuilder text = new StringBuilder(head);
        int column = 8 + head.length();
        for (int i = 0; i < items.size(); i++) {
            String item = items.get(i) + (i < items.size() - 1 ? "," : tail);
            boolean breaks = i > 0 && column + 1 + item.length() > 120;
            text.append(i == 0 ? "" : breaks ? "\n        " : " ").append(item);
            column = (breaks ? 16 : column + (i == 0 ? 0 : 1)) + item.length();
        }
        return text.toString();
    }

    private static String join(List<Map<String, Object>> fields, String part, String separator) {
        return fields.stream().map(f -> (String) f.get(part)).collect(Collectors.joining(separator));
    }

    /** The indefinite article before {@code word}, by its first letter (an order, a user). */
    private static String article(String word) {
        return "aeiou".indexOf(word.charAt(0)) >= 0 ? "an" : "a";
    }

    private static String quoted(Stream<String> names) {
        return names.map(name -> "\"" + name + "\"").collect(Collectors.joining(", "));
    }
}
