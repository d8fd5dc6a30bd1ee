package org.acme.manage.generate;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.acme.manage.generate.ResourceSpec.Field;
import org.acme.manage.generate.ResourceSpec.Type;

/**
 * The text of every file that {@code new resource} writes, from the templates in {@code generate/}: what differs by
 * a field's type is here, one switch per place where it shows.
 */
final class ResourceFiles {

    static final String DOCS = "docs/api.md";

    private final ResourceSpec spec;
    private final Map<String, Object> values = new HashMap<>();

    /** {@code scenarios} holds the scenario files there are, by name, to copy the rows that references need. */
    ResourceFiles(ResourceSpec spec, Function<String, String> scenarios) {
        this.spec = spec;
        String variable = ResourceSpec.camel(spec.singular(), false);
        List<Field> fields = spec.fields();
        List<Field> references = fields.stream().filter(f -> f.type() == Type.REFERENCE).toList();
        values.put("package", spec.packageName());
        values.put("Entity", spec.entity());
        values.put("EntityPlural", ResourceSpec.camel(spec.name(), true));
        values.put("variable", variable);
        values.put("table", spec.table());
        values.put("path", spec.path());
        values.put("words", spec.words());
        values.put("aWords", article(spec.words()) + " " + spec.words());
        values.put("AWords", article(spec.words()).replace('a', 'A') + " " + spec.words());
        String collectionWords = spec.name().replace('_', ' ');
        values.put("collectionWords", collectionWords);
        values.put("Title", Character.toUpperCase(collectionWords.charAt(0)) + collectionWords.substring(1));
        values.put("scenario", "two-" + spec.name());
        values.put("hasUnique", spec.hasUnique());
        values.put("hasReferences", !references.isEmpty());
        values.put("hasTexts", fields.stream().anyMatch(f -> f.type() == Type.TEXT));
        values.put("textNote", fields.stream().anyMatch(f -> f.type() == Type.TEXT)
                ? " Text is kept without the white space around it." : "");
        values.put("fields", fields.stream().map(f -> fieldValues(f, variable)).toList());
        values.put("texts", fields.stream().filter(f -> f.type() == Type.TEXT).map(f -> fieldValues(f, variable))
                .toList());
        values.put("references", references.stream().map(f -> fieldValues(f, variable)).toList());
        values.put("tableAnnotation", tableAnnotation());
        values.put("requestComponents", fields.stream().map(this::requestComponent)
                .collect(Collectors.joining(",\n        ")));
        values.put("responseComponents", Stream.concat(Stream.of("Long id"), fields.stream()
                .map(f -> f.type().javaType + " " + f.property())).collect(Collectors.joining(",\n        ")));
        values.put("responseOf", wrap("return new " + spec.entity() + "Response(", Stream.concat(
                Stream.of(variable + ".id"), fields.stream().map(f -> variable + "." + f.javaField()
                        + (f.type() == Type.REFERENCE ? ".id" : ""))).toList(), ");"));
        values.put("propertyList", quoted(fields.stream().map(Field::property)));
        values.put("uniqueList", quoted(fields.stream().filter(Field::unique).map(Field::property)));
        values.put("brokenValues", fields.stream().flatMap(f -> broken(f).stream()
                .map(value -> "Arguments.of(\"" + f.property() + "\", " + value + ")"))
                .collect(Collectors.joining(",\n                ")));
        Field changed = fields.get(0);
        values.put("changedProperty", changed.property());
        values.put("changedValue", switch (changed.type()) {
            case REFERENCE -> "ExampleBodies.newResourceId(\"" + changed.target().path() + "\")";
            case BOOLEAN -> "!(Boolean) body.get(\"" + changed.property() + "\")";
            default -> "body().get(\"" + changed.property() + "\")";
        });
        values.put("scenarioChecks", fields.stream().map(this::scenarioCheck).filter(check -> !check.isEmpty())
                .map(check -> Map.of("scenarioCheck", check)).toList());
        values.put("columnList", fields.stream().map(Field::column).collect(Collectors.joining(", ")));
        values.put("firstRow", fields.stream().map(f -> sqlValue(f, 1)).collect(Collectors.joining(", ")));
        values.put("secondRow", fields.stream().map(f -> sqlValue(f, 2)).collect(Collectors.joining(", ")));
        values.put("scenarioReferences", references.stream().map(f -> f.target().collection()).distinct()
                .map(target -> Map.of("referenceNote", referenceRows(target, scenarios.apply("two-" + target))))
                .toList());
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

    /** The files to create, by path relative to the project, in the order they are written. */
    Map<Path, String> mainFiles() {
        Map<Path, String> files = new LinkedHashMap<>();
        Path dir = ResourceSpec.MAIN_JAVA.resolve(spec.packageName().replace('.', '/'));
        files.put(dir.resolve(spec.entity() + ".java"), render("Entity.java", entityImports()));
        files.put(dir.resolve(spec.entity() + "Request.java"), render("Request.java", requestImports()));
        files.put(dir.resolve(spec.entity() + "Response.java"), render("Response.java", responseImports()));
        files.put(dir.resolve(spec.entity() + "Resource.java"), render("Resource.java", resourceImports()));
        return files;
    }

    Map<Path, String> testFiles() {
        Map<Path, String> files = new LinkedHashMap<>();
        files.put(Path.of("src/test/java", spec.packageName().replace('.', '/'), spec.entity() + "ResourceTest.java"),
                render("ResourceTest.java", testImports()));
        files.put(Path.of("src/test/resources/scenarios", "two-" + spec.name() + ".sql"), render("scenario.sql",
                List.of()));
        return files;
    }

    String docsSection() {
        return render("api.md", List.of());
    }

    private String render(String template, List<String> imports) {
        Map<String, Object> scope = new HashMap<>(values);
        scope.put("imports", imports(imports));
        scope.put("references", template.equals("scenario.sql") ? values.get("scenarioReferences")
                : values.get("references"));
        return Template.load(template).render(scope);
    }

    private Map<String, Object> fieldValues(Field f, String variable) {
        Map<String, Object> field = new HashMap<>();
        field.put("property", f.property());
        field.put("javaField", f.javaField());
        field.put("constant", f.constant());
        field.put("fieldWords", f.words());
        field.put("entityDeclaration", entityDeclaration(f));
        field.put("copyLine", variable + "." + f.javaField() + " = " + (f.type() == Type.REFERENCE
                ? "References.resolve(" + f.target().simpleName() + ".class, \"" + f.property() + "\", request."
                        + f.property() + "());"
                : "request." + f.property() + "();"));
        field.put("valueExpression", switch (f.type()) {
            case TEXT -> "\"" + f.name() + "-\" + n";
            case INTEGER -> "(int) n";
            case DECIMAL -> "new BigDecimal(n + \".25\")";
            case BOOLEAN -> "n % 2 == 0";
            case DATE -> "LocalDate.of(2000, 1, 1).plusDays(n % 1_000_000).toString()";
            case TIMESTAMP -> "OffsetDateTime.of(2000, 1, 1, 0, 0, 0, 0, ZoneOffset.UTC).plusSeconds(n).toString()";
            case REFERENCE -> f.javaField() + "Id";
        });
        String got = "answer.get%s(\"" + f.property() + "\")";
        String sent = "body.get(\"" + f.property() + "\")";
        field.put("holdsCheck", switch (f.type()) {
            case TEXT, DATE -> "assertThat(" + got.formatted("String") + ").isEqualTo(" + sent + ");";
            case INTEGER -> "assertThat(" + got.formatted("Int") + ").isEqualTo(" + sent + ");";
            case BOOLEAN -> "assertThat(" + got.formatted("Boolean") + ").isEqualTo(" + sent + ");";
            case REFERENCE -> "assertThat(" + got.formatted("Long") + ").isEqualTo(" + sent + ");";
            case DECIMAL -> "assertThat(answer.getObject(\"" + f.property() + "\", BigDecimal.class))\n"
                    + "        .isEqualByComparingTo((BigDecimal) " + sent + ");";
            case TIMESTAMP -> "assertThat(OffsetDateTime.parse(" + got.formatted("String") + "))\n"
                    + "        .isAtSameInstantAs(OffsetDateTime.parse((String) " + sent + "));";
        });
        field.put("jsonType", docsType(f));
        field.put("rule", docsRule(f));
        if (f.target() != null) {
            field.put("targetPath", f.target().path());
            field.put("TargetSimple", f.target().simpleName());
            field.put("aTarget", article(f.target().simpleName().toLowerCase()) + f.target().simpleName());
            field.put("targetWords", f.target().collection().replace('_', ' '));
        }
        return field;
    }

    /** {@code @Table} with its name always, and the unique constraints and the indexes of the references. */
    private String tableAnnotation() {
        List<String> unique = spec.fields().stream().filter(Field::unique).map(f -> "@UniqueConstraint(name = \""
                + spec.table() + "_" + f.column() + "_key\", columnNames = \"" + f.column() + "\")").toList();
        List<String> indexes = spec.fields().stream().filter(f -> f.type() == Type.REFERENCE).map(f -> "@Index(name = \""
                + spec.table() + "_" + f.column() + "_idx\", columnList = \"" + f.column() + "\")").toList();
        StringBuilder table = new StringBuilder("@Table(name = \"" + spec.table() + "\"");
        annotationList(table, "uniqueConstraints", unique);
        annotationList(table, "indexes", indexes);
        return table.append(")").toString();
    }

    private static void annotationList(StringBuilder table, String member, List<String> annotations) {
        if (annotations.size() == 1) {
            table.append(",\n        ").append(member).append(" = ").append(annotations.get(0));
        } else if (!annotations.isEmpty()) {
            table.append(",\n        ").append(member).append(" = {\n                ")
                    .append(String.join(",\n                ", annotations)).append(" }");
        }
    }

    private String entityDeclaration(Field f) {
        String column = "@Column(name = \"" + f.column() + "\", nullable = false";
        return switch (f.type()) {
            case TEXT -> column + ", length = " + f.constant() + ")\npublic String " + f.javaField() + ";";
            case DECIMAL -> column + ", precision = 19, scale = 4)\npublic BigDecimal " + f.javaField() + ";";
            case REFERENCE -> "@ManyToOne(optional = false, fetch = FetchType.LAZY)\n@JoinColumn(name = \""
                    + f.column() + "\", nullable = false,\n        foreignKey = @ForeignKey(name = \"" + spec.table()
                    + "_" + f.column() + "_fkey\"))\npublic " + f.target().simpleName() + " " + f.javaField() + ";";
            default -> column + ")\npublic " + f.type().javaType + " " + f.javaField() + ";";
        };
    }

    private String requestComponent(Field f) {
        String type = f.type().javaType + " " + f.property();
        return switch (f.type()) {
            case TEXT -> "@NotBlank @Size(max = " + spec.entity() + "." + f.constant() + ") " + type;
            case DECIMAL -> "@NotNull @Digits(integer = 15, fraction = 4) " + type;
            case REFERENCE -> "@NotNull @Schema(extensions = @Extension(name = ApiContract.REFERENCES, value = \""
                    + f.target().path() + "\"))\n        " + type;
            default -> "@NotNull " + type;
        };
    }

    /** Values that break the field's rule, as Java expressions (leaving a field out is tested for all). */
    private List<String> broken(Field f) {
        return switch (f.type()) {
            case TEXT -> List.of("\"\"", "\"   \"", "\"x\".repeat(" + spec.entity() + "." + f.constant() + " + 1)");
            case INTEGER -> List.of("\"many\"");
            case DECIMAL -> List.of("new BigDecimal(\"1234567890123456\")", "new BigDecimal(\"0.12345\")", "\"much\"");
            case BOOLEAN -> List.of("\"maybe\"");
            case DATE -> List.of("\"2026-02-30\"", "\"yesterday\"");
            case TIMESTAMP -> List.of("\"2026-01-02T03:04:05\"", "\"yesterday\"");
            case REFERENCE -> List.of("\"one\"");
        };
    }

    private String sqlValue(Field f, int row) {
        return switch (f.type()) {
            case TEXT -> "'" + f.words() + " " + row + "'";
            case INTEGER -> String.valueOf(row);
            case DECIMAL -> row + ".25";
            case BOOLEAN -> row == 1 ? "true" : "false";
            case DATE -> "DATE '2026-01-0" + row + "'";
            case TIMESTAMP -> "TIMESTAMPTZ '2026-01-0" + row + " 09:30:00+00'";
            case REFERENCE -> "(SELECT " + (row == 1 ? "min" : "max") + "(id) FROM " + f.target().collection() + ")";
        };
    }

    private String scenarioCheck(Field f) {
        String list = "assertThat(json(page).getList(\"" + f.property() + "\")).containsExactly(";
        return switch (f.type()) {
            case TEXT -> list + "\"" + f.words() + " 1\", \"" + f.words() + " 2\");";
            case INTEGER -> list + "1, 2);";
            case BOOLEAN -> list + "true, false);";
            case DATE -> list + "\"2026-01-01\", \"2026-01-02\");";
            default -> "";
        };
    }

    /**
     * The rows of {@code target} that the scenario's references need: ScenarioScript empties every table before it
     * loads a file, so they are copied from the target's own two-row scenario when there is one.
     */
    private static String referenceRows(String target, String targetScenario) {
        if (targetScenario == null) {
            return "-- NOT LOADABLE YET: the rows below refer to " + target + ", which this file must insert first "
                    + "(there was no\n-- scenarios/two-" + target + ".sql to copy them from): add its INSERTs here.";
        }
        return "-- The " + target.replace('_', ' ') + " they refer to, copied from two-" + target + ".sql (a scenario "
                + "starts from empty tables):\n" + targetScenario.strip();
    }

    private List<String> entityImports() {
        List<String> imports = new ArrayList<>(List.of("jakarta.persistence.Entity",
                "jakarta.persistence.GeneratedValue", "jakarta.persistence.GenerationType", "jakarta.persistence.Id",
                "jakarta.persistence.Table", "io.quarkus.hibernate.orm.panache.PanacheEntityBase"));
        spec.fields().forEach(f -> {
            if (f.type() == Type.REFERENCE) {
                imports.addAll(List.of("jakarta.persistence.FetchType", "jakarta.persistence.ForeignKey",
                        "jakarta.persistence.Index",
                        "jakarta.persistence.JoinColumn", "jakarta.persistence.ManyToOne", f.target().entityClass()));
            } else {
                imports.add("jakarta.persistence.Column");
            }
            if (f.unique()) {
                imports.add("jakarta.persistence.UniqueConstraint");
            }
        });
        imports.addAll(javaTypes());
        return imports;
    }

    private List<String> requestImports() {
        List<String> imports = new ArrayList<>(javaTypes());
        spec.fields().forEach(f -> imports.addAll(switch (f.type()) {
            case TEXT -> List.of("jakarta.validation.constraints.NotBlank", "jakarta.validation.constraints.Size");
            case DECIMAL -> List.of("jakarta.validation.constraints.NotNull", "jakarta.validation.constraints.Digits");
            case REFERENCE -> List.of("jakarta.validation.constraints.NotNull", "org.acme.openapi.ApiContract",
                    "org.eclipse.microprofile.openapi.annotations.extensions.Extension",
                    "org.eclipse.microprofile.openapi.annotations.media.Schema");
            default -> List.of("jakarta.validation.constraints.NotNull");
        }));
        return imports;
    }

    private List<String> responseImports() {
        List<String> imports = new ArrayList<>(javaTypes());
        imports.add("org.eclipse.microprofile.openapi.annotations.media.Schema");
        return imports;
    }

    private List<String> resourceImports() {
        List<String> imports = new ArrayList<>();
        Stream.of("transaction.Transactional", "validation.Valid", "ws.rs.BeanParam", "ws.rs.Consumes",
                "ws.rs.DELETE", "ws.rs.GET", "ws.rs.POST", "ws.rs.PUT", "ws.rs.Path", "ws.rs.PathParam",
                "ws.rs.Produces", "ws.rs.core.Context", "ws.rs.core.MediaType", "ws.rs.core.Response",
                "ws.rs.core.UriInfo").forEach(name -> imports.add("jakarta." + name));
        imports.addAll(List.of("org.acme.database.RetryConflicts", "org.acme.http.Created",
                "org.acme.idempotency.Idempotent", "org.acme.paging.PageRequest",
                "org.acme.problem.JsonBodyProblems", "org.acme.problem.Problems",
                "org.eclipse.microprofile.openapi.annotations.enums.SchemaType",
                "org.eclipse.microprofile.openapi.annotations.media.Content",
                "org.eclipse.microprofile.openapi.annotations.media.Schema",
                "org.eclipse.microprofile.openapi.annotations.responses.APIResponse",
                "io.quarkiverse.resteasy.problem.HttpProblem"));
        if (spec.hasUnique()) {
            imports.add("org.acme.openapi.ApiContract");
        }
        spec.firstReference().ifPresent(f -> imports.add("org.acme.reference.References"));
        spec.fields().stream().filter(f -> f.target() != null).forEach(f -> imports.add(f.target().entityClass()));
        return imports;
    }

    private List<String> testImports() {
        List<String> imports = new ArrayList<>(List.of("static io.restassured.RestAssured.given",
                "static org.assertj.core.api.Assertions.assertThat", "static org.hamcrest.Matchers.equalTo",
                "static org.hamcrest.Matchers.hasItem", "static org.hamcrest.Matchers.nullValue",
                "java.util.ArrayList", "java.util.Collections", "java.util.LinkedHashMap", "java.util.List",
                "java.util.Map", "java.util.UUID", "java.util.concurrent.ThreadLocalRandom",
                "java.util.concurrent.atomic.AtomicLong", "java.util.stream.Stream",
                "org.acme.idempotency.IdempotencyKeys", "org.acme.scenario.Scenario", "org.junit.jupiter.api.Test",
                "org.junit.jupiter.params.ParameterizedTest", "org.junit.jupiter.params.provider.Arguments",
                "org.junit.jupiter.params.provider.MethodSource", "org.junit.jupiter.params.provider.ValueSource",
                "io.quarkus.test.junit.QuarkusTest", "io.restassured.http.ContentType",
                "io.restassured.path.json.JsonPath", "io.restassured.path.json.config.JsonPathConfig",
                "io.restassured.response.Response"));
        if (spec.hasUnique()) {
            imports.addAll(List.of("static org.hamcrest.Matchers.endsWith", "static org.hamcrest.Matchers.startsWith"));
        }
        if (spec.firstReference().isPresent()) {
            imports.addAll(List.of("org.acme.openapi.ExampleBodies", "org.junit.jupiter.api.BeforeEach",
                    "static org.hamcrest.Matchers.containsString"));
        }
        imports.addAll(javaTypes());
        if (spec.fields().stream().anyMatch(f -> f.type() == Type.TIMESTAMP)) {
            imports.add("java.time.ZoneOffset");
        }
        return imports;
    }

    private List<String> javaTypes() {
        return spec.fields().stream().map(f -> switch (f.type()) {
            case DECIMAL -> "java.math.BigDecimal";
            case DATE -> "java.time.LocalDate";
            case TIMESTAMP -> "java.time.OffsetDateTime";
            default -> "";
        }).filter(name -> !name.isEmpty()).toList();
    }

    /** Sorted, in the project's groups: static, java, jakarta, org, then the rest (io, com), a blank line between. */
    static String imports(List<String> names) {
        List<String> groups = List.of("static ", "java.", "jakarta.", "org.", "");
        Map<String, TreeSet<String>> grouped = new LinkedHashMap<>();
        groups.forEach(group -> grouped.put(group, new TreeSet<>()));
        for (String name : names) {
            grouped.get(groups.stream().filter(name::startsWith).findFirst().orElseThrow()).add(name);
        }
        return grouped.values().stream().filter(group -> !group.isEmpty())
                .map(group -> group.stream().map(name -> "import " + name + ";").collect(Collectors.joining("\n")))
                .collect(Collectors.joining("\n\n"));
    }

    /** {@code head} + the items joined by ", " + {@code tail}, broken before an item that would pass 120 columns. */
    private static String wrap(String head, List<String> items, String tail) {
        StringBuilder text = new StringBuilder(head);
        int column = 8 + head.length();
        for (int i = 0; i < items.size(); i++) {
            String item = items.get(i) + (i < items.size() - 1 ? "," : tail);
            if (i > 0 && column + 1 + item.length() > 120) {
                text.append("\n        ");
                column = 16;
            } else if (i > 0) {
                text.append(' ');
                column++;
            }
            text.append(item);
            column += item.length();
        }
        return text.toString();
    }

    /** The indefinite article before {@code word}, by its first letter (an order, a user). */
    private static String article(String word) {
        return "aeiou".indexOf(word.charAt(0)) >= 0 ? "an" : "a";
    }

    private static String quoted(Stream<String> names) {
        return names.map(name -> "\"" + name + "\"").collect(Collectors.joining(", "));
    }

    private String docsType(Field f) {
        return switch (f.type()) {
            case TEXT -> "string";
            case INTEGER -> "integer (32 bits)";
            case DECIMAL -> "number";
            case BOOLEAN -> "boolean";
            case DATE -> "string, a date: `2026-12-31`";
            case TIMESTAMP -> "string, a date-time with its offset: `2026-12-31T23:59:59Z`";
            case REFERENCE -> "integer, an id of `" + f.target().path() + "`";
        };
    }

    private String docsRule(Field f) {
        String rule = switch (f.type()) {
            case TEXT -> "not blank, at most 255 characters; kept without the white space around it";
            case INTEGER -> "a whole number";
            case DECIMAL -> "at most 15 digits before the point and 4 after it";
            case BOOLEAN -> "`true` or `false`";
            case DATE, TIMESTAMP -> "a valid one";
            case REFERENCE -> "a row of `" + f.target().path() + "` (400 if none); that row cannot be deleted while "
                    + "this " + spec.words() + " refers to it (409)";
        };
        return rule + (f.unique() ? "; unique: a taken one is a 409, \"The " + f.javaField() + " ... is already "
                + "taken\"" : "");
    }
}
