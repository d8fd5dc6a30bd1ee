package org.acme.manage.generate;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.acme.manage.ManageException;
import org.acme.manage.TestProject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * new resource against a copy of the project's users resource, migrations, scenarios and docs/api.md, with the
 * migration step replaced (no Maven, no PostgreSQL): what it refuses, what it writes, and that it takes back what
 * it wrote when a step fails.
 */
class NewResourceCommandTest {

    static final String[] CUSTOMERS = { "resource", "customers", "name:text", "email:text:unique", "born:date" };
    static final String[] ORDERS = { "resource", "orders", "reference:text:unique", "customer:reference:customers",
            "total:decimal", "quantity:integer", "paid:boolean", "placed_at:timestamp" };

    @TempDir
    Path dir;

    GeneratorProject project;

    @BeforeEach
    void copyProject() throws Exception {
        project = new GeneratorProject(dir);
    }

    static Stream<Arguments> refusals() {
        return Stream.of(
                refused("customers", "at least one field"),
                refused("Customers name:text", "the resource name 'Customers' is not a lowercase identifier"),
                refused("order__lines name:text", "'order__lines' is not a lowercase identifier"),
                refused("users name:text", "src/main/java/org/acme/user exists already"),
                refused("people name:text", "'people' does not end in s"),
                refused("orders total:money", "the type 'money', which is none of"),
                refused("orders total", "'total' has no type"),
                refused("orders id:integer", "every resource has its id already"),
                refused("orders total:integer total:decimal", "'total:decimal' repeats 'total'"),
                refused("orders customer:reference:users customer_id:integer", "repeats 'customer_id'"),
                refused("orders order:text", "'order' is an SQL reserved word"),
                refused("orders limit:integer", "'limit' is an SQL reserved word"),
                refused("orders class:text", "'class' is a Java keyword"),
                refused("orders int:integer", "'int' is a Java keyword"),
                refused("orders Total:decimal", "'Total' is not a lowercase identifier"),
                refused("orders total_:decimal", "'total_' is not a lowercase identifier"),
                refused("references name:text", "the table name 'references' is an SQL reserved word"),
                refused("accounts name:text --table user", "the table name 'user' is an SQL reserved word"),
                refused("accounts name:text --table users", "the table 'users' is created by "
                        + "src/main/resources/db/migration/V1__create_users.sql"),
                refused("classes name:text", "the singular 'class' is a Java keyword"),
                refused("news title:text --singular new", "the singular 'new' is a Java keyword"),
                refused("strings value:text", "hide java.lang.String"),
                refused("tables name:text --table tbls", "makes the class Table, which the generated code imports as "
                        + "jakarta.persistence.Table"),
                refused("orders customer:reference:customers", "no entity in src/main/java has @Table(name = "
                        + "\"customers\")"),
                refused("orders customer:reference", "needs the collection it refers to"),
                refused("orders paid:boolean:unique", "a boolean cannot be unique"),
                refused("orders user:reference:users:unique", "a reference cannot be unique"),
                refused("orders name:text:uniq", "only ':unique' may follow its type"),
                refused("orders " + "a".repeat(60) + ":text:unique", "over PostgreSQL's 63 characters"));
    }

    static Arguments refused(String arguments, String message) {
        return Arguments.of(arguments, message);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("refusals")
    void aRefusalNamesTheArgumentAndWritesNothing(String arguments, String message) throws Exception {
        Map<String, String> before = project.tree();

        GeneratorProject.Result result = project.run(("resource " + arguments).split(" "));

        assertThat(result.exitCode()).as(result.err()).isEqualTo(ManageException.USAGE);
        assertThat(result.err()).contains(message).contains("Nothing was written.");
        assertThat(result.err().strip().lines()).as("one line").hasSize(1);
        assertThat(project.tree()).isEqualTo(before);
        assertThat(project.migrations).isEmpty();
    }

    @Test
    void aPathServedAlreadyIsRefused() throws Exception {
        Files.createDirectories(dir.resolve("src/main/java/org/acme/club"));
        Files.writeString(dir.resolve("src/main/java/org/acme/club/MemberResource.java"),
                "package org.acme.club;\n\n@Path(\"/members\")\npublic class MemberResource {\n}\n");
        Map<String, String> before = project.tree();

        GeneratorProject.Result result = project.run("resource", "members", "name:text");

        assertThat(result.err()).contains("the path /members is served by "
                + "src/main/java/org/acme/club/MemberResource.java already");
        assertThat(project.tree()).isEqualTo(before);
    }

    @Test
    void aReservedNameIsAcceptedWithAnotherTable() throws Exception {
        GeneratorProject.Result result = project.run("resource", "references", "label:text", "--table", "refs");

        assertThat(result.exitCode()).as(result.err()).isZero();
        assertThat(project.read("src/main/java/org/acme/reference/Reference.java"))
                .contains("@Table(name = \"refs\")");
        assertThat(project.migrations).containsExactly("create refs");
    }

    @ParameterizedTest
    @CsvSource({ "customers, customer", "categories, category", "boxes, box", "batches, batch", "wishes, wish",
            "buzzes, buzz", "order_lines, order_line", "statuses, status", "news, new", "ties, tie" })
    void theSingularIsDerivedFromThePlural(String plural, String singular) {
        assertThat(ResourceSpec.singularOf(plural)).isEqualTo(plural.equals("ties") ? "ty" : singular);
    }

    @Test
    void namesFollowTheCollection() throws Exception {
        ResourceSpec spec = ResourceSpec.parse(dir, "order_lines", List.of("unit_price:decimal",
                "buyer:reference:users"), null, null);

        assertThat(spec.singular()).isEqualTo("order_line");
        assertThat(spec.entity()).isEqualTo("OrderLine");
        assertThat(spec.packageName()).isEqualTo("org.acme.orderline");
        assertThat(spec.path()).isEqualTo("/order-lines");
        assertThat(spec.table()).isEqualTo("order_lines");
        assertThat(spec.words()).isEqualTo("order line");
        ResourceSpec.Field price = spec.fields().get(0);
        assertThat(List.of(price.column(), price.property(), price.javaField()))
                .containsExactly("unit_price", "unitPrice", "unitPrice");
        ResourceSpec.Field buyer = spec.fields().get(1);
        assertThat(List.of(buyer.column(), buyer.property(), buyer.javaField()))
                .containsExactly("buyer_id", "buyerId", "buyer");
        assertThat(buyer.target()).isEqualTo(new ResourceSpec.Target("users", "org.acme.user.User", "/users"));
        assertThat(ResourceSpec.parse(dir, "people", List.of("name:text"), "persons", "person").entity())
                .isEqualTo("Person");
    }

    @Test
    void writesTheResourceItsMigrationTestScenarioAndDocs() throws Exception {
        GeneratorProject.Result customers = project.run(CUSTOMERS);
        GeneratorProject.Result orders = project.run(ORDERS);

        assertThat(customers.exitCode()).as(customers.err()).isZero();
        assertThat(orders.exitCode()).as(orders.err()).isZero();
        assertThat(project.migrations).containsExactly("create customers", "create orders");
        assertThat(orders.out()).contains("src/main/java/org/acme/order/Order.java",
                "src/main/resources/db/migration/V6__create_orders.sql", "src/test/resources/scenarios/two-orders.sql",
                "docs/api.md", "./mvnw test -Dtest=OrderResourceTest");
        for (String file : List.of("Order", "OrderRequest", "OrderResponse", "OrderResource")) {
            assertThat(dir.resolve("src/main/java/org/acme/order/" + file + ".java")).exists();
        }
        assertThat(dir.resolve("src/test/java/org/acme/order/OrderResourceTest.java")).exists();
    }

    @Test
    void eachTypeMapsToItsColumnValidationAndJavaType() throws Exception {
        project.run(CUSTOMERS);
        project.run(ORDERS);

        String entity = project.read("src/main/java/org/acme/order/Order.java");
        assertThat(entity).contains("@Table(name = \"orders\",\n"
                + "        uniqueConstraints = @UniqueConstraint(name = \"orders_reference_key\", columnNames = "
                + "\"reference\"),\n"
                + "        indexes = @Index(name = \"orders_customer_id_idx\", columnList = \"customer_id\"))",
                "public class Order extends PanacheEntityBase {",
                "public static final int REFERENCE_MAX_LENGTH = 255;",
                "@GeneratedValue(strategy = GenerationType.IDENTITY)\n    public Long id;",
                "@Column(name = \"reference\", nullable = false, length = REFERENCE_MAX_LENGTH)\n"
                        + "    public String reference;",
                "@ManyToOne(optional = false, fetch = FetchType.LAZY)\n"
                        + "    @JoinColumn(name = \"customer_id\", nullable = false,\n"
                        + "            foreignKey = @ForeignKey(name = \"orders_customer_id_fkey\"))\n"
                        + "    public Customer customer;",
                "@Column(name = \"total\", nullable = false, precision = 19, scale = 4)\n    public BigDecimal total;",
                "@Column(name = \"quantity\", nullable = false)\n    public Integer quantity;",
                "@Column(name = \"paid\", nullable = false)\n    public Boolean paid;",
                "@Column(name = \"placed_at\", nullable = false)\n    public OffsetDateTime placedAt;",
                "import org.acme.customer.Customer;");
        assertThat(project.read("src/main/java/org/acme/customer/Customer.java"))
                .contains("@Column(name = \"born\", nullable = false)\n    public LocalDate born;");

        assertThat(project.read("src/main/java/org/acme/order/OrderRequest.java")).contains(
                "@NotBlank @Size(max = Order.REFERENCE_MAX_LENGTH) String reference,",
                "@NotNull @Schema(extensions = @Extension(name = ApiContract.REFERENCES, value = \"/customers\"))\n"
                        + "        Long customerId,",
                "@NotNull @Digits(integer = 15, fraction = 4) BigDecimal total,",
                "@NotNull Integer quantity,", "@NotNull Boolean paid,", "@NotNull OffsetDateTime placedAt) {",
                "reference = strip(reference);");
        assertThat(project.read("src/main/java/org/acme/order/OrderResponse.java")).contains(
                "@Schema(name = \"Order\")", "Long customerId,", "static OrderResponse of(Order order) {",
                "order.customer.id");

        String resource = project.read("src/main/java/org/acme/order/OrderResource.java");
        assertThat(resource).contains("@Path(\"/orders\")", "public class OrderResource {",
                "return page.answer(Order.class, OrderResponse::of);",
                "@POST\n    @Transactional\n    @RetryConflicts\n    @Idempotent\n",
                "@PUT\n    @Path(\"/{id}\")\n    @Transactional\n    @RetryConflicts\n",
                "@DELETE\n    @Path(\"/{id}\")\n    @Transactional\n    @RetryConflicts\n",
                "return Created.at(uriInfo, OrderResource.class, order.id, OrderResponse.of(order));",
                "order.customer = References.resolve(Customer.class, \"customerId\", request.customerId());",
                "order.placedAt = request.placedAt();",
                "Order.<Order> findByIdOptional(id).orElseThrow(() -> notFound(id));",
                "Problems.notFound(\"No order with id \" + id)");
        assertThat(Pattern.compile("responseCode = \"409\"").matcher(resource).results()).hasSize(2);
        // a read cannot conflict: only the three writes are wrapped
        assertThat(Pattern.compile("@RetryConflicts\n").matcher(resource).results()).hasSize(3);
        assertThat(resource).doesNotContain("@Extension", "catch");
        assertThat(project.read("src/main/java/org/acme/customer/CustomerResource.java"))
                .doesNotContain("References");
    }

    @Test
    void theTestCoversEveryFieldAndTheScenarioCopiesTheRowsItRefersTo() throws Exception {
        project.run(CUSTOMERS);
        project.run(ORDERS);

        String test = project.read("src/test/java/org/acme/order/OrderResourceTest.java");
        assertThat(test).contains("@QuarkusTest", "class OrderResourceTest {",
                "@ValueSource(strings = { \"reference\", \"customerId\", \"total\", \"quantity\", \"paid\", "
                        + "\"placedAt\" })",
                "@ValueSource(strings = { \"reference\" })",
                "customerId = ExampleBodies.newResourceId(\"/customers\");",
                "Arguments.of(\"total\", new BigDecimal(\"1234567890123456\"))",
                "Arguments.of(\"reference\", \"x\".repeat(Order.REFERENCE_MAX_LENGTH + 1))",
                "body.put(\"customerId\", Long.MAX_VALUE);",
                "given().delete(\"/customers/\" + customerId).then().statusCode(409)",
                "header(IdempotencyKeys.REPLAYED_HEADER, \"true\")", "statusCode(422)",
                "@Scenario(\"two-orders\")", "void aCustomerThatOrdersReferToCannotBeDeleted()");
        assertThat(project.read("src/test/java/org/acme/customer/CustomerResourceTest.java"))
                .doesNotContain("ExampleBodies", "BeforeEach");

        String scenario = project.read("src/test/resources/scenarios/two-orders.sql");
        String customers = project.read("src/test/resources/scenarios/two-customers.sql");
        assertThat(scenario).contains(customers.strip(), "(SELECT min(id) FROM customers)",
                "INSERT INTO orders (reference, customer_id, total, quantity, paid, placed_at)");
        assertThat(scenario.indexOf("INSERT INTO customers")).isLessThan(scenario.indexOf("INSERT INTO orders"));
    }

    @Test
    void theDocsSectionIsWrittenOnce() throws Exception {
        project.run(CUSTOMERS);
        String docs = project.read("docs/api.md");
        assertThat(docs).contains("## Customers", "| `email` | string | not blank, at most 255 characters",
                "`POST /customers {\"name\", \"email\", \"born\"}`");
        // the code removed by hand, the docs left: a second generation does not add the section again
        for (String path : List.of("src/main/java/org/acme/customer", "src/test/java/org/acme/customer")) {
            org.acme.manage.files.Directories.deleteTree(dir.resolve(path));
        }
        Files.delete(dir.resolve("src/test/resources/scenarios/two-customers.sql"));
        Files.delete(dir.resolve("src/main/resources/db/migration/V5__create_customers.sql"));

        GeneratorProject.Result again = project.run(CUSTOMERS);

        assertThat(again.exitCode()).as(again.err()).isZero();
        assertThat(again.out()).contains("docs/api.md has a section for customers already");
        assertThat(project.read("docs/api.md")).isEqualTo(docs);
        assertThat(Pattern.compile("## Customers").matcher(docs).results()).hasSize(1);
    }

    @Test
    void aFailingMigrationTakesBackEverythingWritten() throws Exception {
        Map<String, String> before = project.tree();
        project.migrationFailure = new ManageException("the service does not compile (see above)");

        GeneratorProject.Result result = project.run(CUSTOMERS);

        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.err()).contains("removing what it wrote", "the service does not compile");
        assertThat(project.tree()).isEqualTo(before);
    }

    @Test
    void aStepFailingAfterTheMigrationTakesItBackToo() throws Exception {
        Files.createDirectories(dir.resolve("src/test/java/org/acme"));
        Files.writeString(dir.resolve("src/test/java/org/acme/customer"), "a file where a directory goes");
        Map<String, String> before = project.tree();

        GeneratorProject.Result result = project.run(CUSTOMERS);

        assertThat(result.exitCode()).isNotZero();
        assertThat(project.migrations).containsExactly("create customers");
        assertThat(project.tree()).isEqualTo(before);
    }

    @Test
    void everyGeneratedLineFitsIn120Columns() throws Exception {
        project.run(CUSTOMERS);
        project.run(ORDERS);
        project.run("resource", "order_lines", "unit_price:decimal", "buyer:reference:users", "note:text:unique");

        for (String generated : List.of("customer", "order", "orderline")) {
            for (String root : List.of("src/main/java/org/acme/", "src/test/java/org/acme/")) {
                try (Stream<Path> files = Files.list(dir.resolve(root + generated))) {
                    for (Path file : files.toList()) {
                        assertThat(Files.readAllLines(file)).as(file.toString()).allMatch(line -> line.length() <= 120);
                    }
                }
            }
        }
    }

    /**
     * Generated code reads like the users code but is not a copy of it: no six consecutive lines (blank lines and
     * imports left out, the resources' names made alike) are the same in both.
     */
    @Test
    void theGeneratedCodeSharesNoSixLinesWithTheUsersCode() throws Exception {
        project.run(CUSTOMERS);
        project.run(ORDERS);

        List<List<String>> users = new ArrayList<>();
        for (String source : List.of("src/main/java/org/acme/user", "src/test/java/org/acme/user")) {
            try (Stream<Path> files = Files.list(TestProject.REAL_PROJECT.resolve(source))) {
                for (Path file : files.toList()) {
                    users.add(normalized(Files.readString(file)));
                }
            }
        }
        for (String generated : List.of("src/main/java/org/acme/customer", "src/test/java/org/acme/customer",
                "src/main/java/org/acme/order", "src/test/java/org/acme/order")) {
            try (Stream<Path> files = Files.list(dir.resolve(generated))) {
                for (Path file : files.toList()) {
                    List<String> lines = normalized(Files.readString(file));
                    for (int i = 0; i + 6 <= lines.size(); i++) {
                        List<String> block = lines.subList(i, i + 6);
                        assertThat(users).as("%s, from line %d:%n%s", file.getFileName(), i, String.join("\n", block))
                                .noneMatch(user -> java.util.Collections.indexOfSubList(user, block) >= 0);
                    }
                }
            }
        }
    }

    private static List<String> normalized(String source) {
        return source.lines().map(String::strip)
                .filter(line -> !line.isEmpty() && !line.startsWith("import ") && !line.startsWith("package "))
                .map(line -> line.replaceAll("(?i)users|customers|orders", "RESOURCES")
                        .replaceAll("(?i)user|customer|order", "RESOURCE")
                        .replaceAll("(?i)email|name|reference", "FIELD"))
                .toList();
    }
}
