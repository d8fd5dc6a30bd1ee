package org.acme.user;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.endsWith;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.acme.paging.PageRequest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.response.ValidatableResponse;

@QuarkusTest
class UserResourceTest {

    static final String PROBLEM_JSON = "application/problem+json";

    @BeforeEach
    void startFromAnEmptyTable() {
        UsersTable.clear();
    }

    // --- create

    @Test
    void createAnswers201WithLocationAndTheUser() {
        Response created = post("{\"email\": \"ann@example.com\"}");

        created.then().statusCode(201)
                .contentType(ContentType.JSON)
                .body("email", equalTo("ann@example.com"))
                .body("id", notNullValue());
        long id = created.jsonPath().getLong("id");
        assertThat(created.header("Location")).isEqualTo("/users/" + id);
        given().get(created.header("Location")).then().statusCode(200).body("email", equalTo("ann@example.com"));
    }

    /** A Location built from the request's Host would send clients (or a cache) wherever the sender likes. */
    @ParameterizedTest
    @ValueSource(strings = { "evil.example.com", "evil.example.com:8443", "127.0.0.1:1" })
    void createNeverTakesTheLocationFromTheHostHeader(String host) {
        Response created = given().header("Host", host).contentType(ContentType.JSON)
                .body("{\"email\": \"ann@example.com\"}").post("/users");

        created.then().statusCode(201);
        assertThat(created.header("Location")).isEqualTo("/users/" + created.jsonPath().getLong("id"));
    }

    @Test
    void createTrimsTheEmail() {
        post("{\"email\": \"  ann@example.com \\t\"}").then().statusCode(201).body("email", equalTo("ann@example.com"));
    }

    @Test
    void createNeverHonoursAClientSentId() {
        long id = post("{\"id\": 424242, \"email\": \"ann@example.com\"}").then().statusCode(201)
                .extract().jsonPath().getLong("id");

        assertThat(id).isNotEqualTo(424242L);
        given().get("/users/424242").then().statusCode(404);
    }

    @Test
    void everyAnswerAboutAUserIsExactlyItsIdAndEmail() {
        Response created = post("{\"email\": \"ann@example.com\"}");
        long id = created.jsonPath().getLong("id");
        String ann = "{\"id\":" + id + ",\"email\":\"ann@example.com\"}";

        assertThat(created.asString()).isEqualTo(ann);
        assertThat(given().get("/users/" + id).asString()).isEqualTo(ann);
        assertThat(given().get("/users").asString()).isEqualTo("[" + ann + "]");
        assertThat(put(id, "{\"email\": \"anne@example.com\"}").asString())
                .isEqualTo(ann.replace("ann@", "anne@"));
    }

    @Test
    void createWithATakenEmailAnswers409WhateverTheCase() {
        post("{\"email\": \"ann@example.com\"}").then().statusCode(201);

        problem(post("{\"email\": \"ANN@Example.COM\"}"), 409)
                .body("detail", equalTo("The email ANN@Example.COM is already taken"));
        assertThat(UsersTable.count()).isEqualTo(1);
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "{}",
            "{\"email\": null}",
            "{\"email\": \"\"}",
            "{\"email\": \"   \"}",
            "{\"email\": \"not-an-address\"}",
            "{\"email\": \"two@@example.com\"}",
    })
    void createWithAnInvalidEmailAnswers400NamingTheField(String body) {
        problem(post(body), 400).body("violations.field", hasItem("email"));
        assertThat(UsersTable.count()).isZero();
    }

    @Test
    void createWithAnEmailOver254CharactersAnswers400() {
        String local = "a".repeat(64);
        String email = local + "@" + "b".repeat(63) + "." + "c".repeat(63) + "." + "d".repeat(63) + ".com";
        assertThat(email.length()).isGreaterThan(254);

        problem(post("{\"email\": \"" + email + "\"}"), 400)
                .body("violations.field", hasItem("email"))
                .body("violations.message", hasItem("size must be between 0 and 254"));
    }

    @ParameterizedTest
    @ValueSource(strings = { "{\"email\": 42}", "{\"email\": 4.2}", "{\"email\": true}", "{\"email\": [\"a@b.co\"]}",
            "{\"email\": {\"a\": \"b\"}}" })
    void createWithAnEmailThatIsNotAStringAnswers400(String body) {
        problem(post(body), 400)
                .body("violations.field", contains("email"))
                .body("violations.message", contains("must be a string"));
        assertThat(UsersTable.count()).isZero();
    }

    @Test
    void createWithTheNulCharacterInTheEmailAnswers400NamingIt() {
        problem(post("{\"email\": \"ann\\u0000@example.com\"}"), 400)
                .body("detail", equalTo("The field email holds the NUL character, which no text may hold"))
                .body("violations.field", contains("email"))
                .body("violations.message", contains("must not hold the NUL character (U+0000)"));
        assertThat(UsersTable.count()).isZero();
    }

    @ParameterizedTest
    @ValueSource(strings = { "{\"email\": ", "{\"email\": \"a@example.com\",}", "not json",
            "{\"email\": \"a@example.com\"} trailing", "{\"email\": \"a@example.com\", \"email\": \"b@example.com\"}" })
    void createWithMalformedJsonAnswers400(String body) {
        problem(post(body), 400).body("detail", org.hamcrest.Matchers.startsWith("The request body is not well-formed JSON"));
        assertThat(UsersTable.count()).isZero();
    }

    @ParameterizedTest
    @ValueSource(strings = { "", "null", "[]", "[{\"email\": \"a@example.com\"}]", "\"a@example.com\"" })
    void createWithoutAJsonObjectAnswers400(String body) {
        problem(post(body), 400).body("detail", equalTo("The request body must be a JSON object"));
    }

    @Test
    void createWithInvalidUtf8Answers400() {
        byte[] body = { '{', '"', 'e', 'm', 'a', 'i', 'l', '"', ':', '"', (byte) 0xff, (byte) 0xfe, '"', '}' };
        problem(given().contentType(ContentType.JSON).body(body).post("/users"), 400);
    }

    @Test
    void createWithAnotherContentTypeAnswers415() {
        problem(given().contentType(ContentType.TEXT).body("ann@example.com").post("/users"), 415)
                .body("detail", equalTo("The request body must be sent as application/json"));
    }

    // --- read

    @Test
    void getAnswersTheUser() {
        long id = createUser("ann@example.com");

        given().get("/users/" + id).then().statusCode(200)
                .contentType(ContentType.JSON)
                .body("id", equalTo((int) id))
                .body("email", equalTo("ann@example.com"));
    }

    @Test
    void getAnUnknownUserAnswers404() {
        problem(given().get("/users/987654"), 404).body("detail", equalTo("No user with id 987654"));
    }

    @ParameterizedTest
    @ValueSource(strings = { "abc", "1.5", "99999999999999999999999", "-" })
    void getWithAnIdThatIsNotANumberAnswers404(String id) {
        problem(given().get("/users/" + id), 404);
    }

    @Test
    void listAnswersUsersOrderedByIdWithTheTotalCount() {
        long first = createUser("c@example.com");
        long second = createUser("a@example.com");
        long third = createUser("b@example.com");

        given().get("/users").then().statusCode(200)
                .header("X-Total-Count", "3")
                .body("id", contains((int) first, (int) second, (int) third))
                .body("email", contains("c@example.com", "a@example.com", "b@example.com"));
    }

    @Test
    void listPagesThroughUsers() {
        for (int i = 0; i < 5; i++) {
            createUser("user" + i + "@example.com");
        }

        given().queryParam("page", 0).queryParam("size", 2).get("/users").then().statusCode(200)
                .header("X-Total-Count", "5")
                .body("email", contains("user0@example.com", "user1@example.com"));
        given().queryParam("page", 2).queryParam("size", 2).get("/users").then().statusCode(200)
                .body("email", contains("user4@example.com"));
        given().queryParam("page", 3).queryParam("size", 2).get("/users").then().statusCode(200)
                .header("X-Total-Count", "5")
                .body("$", is(empty()));
    }

    @Test
    void listAcceptsAPageSizeOf100() {
        given().queryParam("size", 100).get("/users").then().statusCode(200).body("$", hasSize(0));
    }

    @Test
    void listServesTheDeepestPageThatItAllows() {
        createUser("ann@example.com");

        given().queryParam("page", PageRequest.MAX_OFFSET / 20).queryParam("size", 20).get("/users")
                .then().statusCode(200)
                .header("X-Total-Count", "1")
                .body("$", is(empty()));
    }

    @ParameterizedTest
    @ValueSource(strings = { "page=501&size=20", "page=101&size=100", "page=10001&size=1", "page=999999999&size=100" })
    void listRefusesAPageBeyondTenThousandRowsPointingToKeysetPaging(String query) {
        problem(given().get("/users?" + query), 400)
                .body("type", equalTo("tag:acme.org,2026:users/problems/page-too-deep"))
                .body("title", equalTo("Page too deep"))
                .body("detail", containsString("after=<the last id you saw>"))
                .body("violations.field", contains("page"))
                .body("violations.in", contains("query"));
    }

    @ParameterizedTest
    @ValueSource(strings = { "size=101", "size=0", "size=-1", "page=-1", "page=abc", "size=abc", "page=1.5",
            "size=99999999999999999999", "page=99999999999", "after=-1", "after=abc", "after=1.5",
            "after=99999999999999999999" })
    void listWithBadPagingAnswers400NamingTheParameter(String query) {
        String parameter = query.substring(0, query.indexOf('='));
        problem(given().get("/users?" + query), 400)
                .body("violations.field", hasItem(parameter))
                .body("violations.in", hasItem("query"))
                .body("detail", containsString(parameter + ": "));
    }

    @ParameterizedTest
    @ValueSource(strings = { "9223372036854775000", "9223372036854775807" })
    void listAfterAcceptsEveryIdUpToTheLargest(String after) {
        createUser("ann@example.com");

        Response page = given().queryParam("after", after).get("/users");

        page.then().statusCode(200).body("$", is(empty()));
        assertThat(links(page)).containsExactly("</users?after=0&size=20>; rel=\"first\"");
    }

    @Test
    void listAfterBeyondTheLargestIdAnswers400NamingTheLimit() {
        problem(given().get("/users?after=9223372036854775808"), 400)
                .body("detail", equalTo("after: must be less than or equal to 9223372036854775807"))
                .body("violations.in", contains("query"));
    }

    @ParameterizedTest
    @ValueSource(strings = { "abc", "-1", "99999999999999999999" })
    void listAfterThatIsNoIdIsOnlyNotAWholeNumber(String after) {
        problem(given().queryParam("after", after).get("/users"), 400)
                .body("detail", equalTo("after: must be a whole number"));
    }

    @Test
    void listRefusesAfterAndPageTogether() {
        problem(given().get("/users?after=0&page=0"), 400)
                .body("detail", equalTo("Give either after (keyset paging) or page (offset paging), not both"))
                .body("violations.field", contains("page"));
    }

    @Test
    void listAfterAnIdAnswersTheNextUsersByIdWithoutACount() {
        List<Long> ids = createUsers(5);

        Response page = given().queryParam("after", ids.get(1)).queryParam("size", 2).get("/users");

        page.then().statusCode(200)
                .header("X-Total-Count", nullValue())
                .body("id", contains(ids.get(2).intValue(), ids.get(3).intValue()));
        assertThat(links(page)).containsExactly(
                "</users?after=0&size=2>; rel=\"first\"",
                "</users?after=" + ids.get(3) + "&size=2>; rel=\"next\"");
    }

    @Test
    void theLastKeysetPageHasNoNextLink() {
        List<Long> ids = createUsers(4);

        Response last = given().queryParam("after", ids.get(1)).queryParam("size", 2).get("/users");

        last.then().statusCode(200).body("id", contains(ids.get(2).intValue(), ids.get(3).intValue()));
        assertThat(links(last)).containsExactly("</users?after=0&size=2>; rel=\"first\"");
        given().queryParam("after", ids.get(3)).get("/users").then().statusCode(200).body("$", is(empty()));
    }

    @Test
    void followingNextVisitsEveryUserOnceInIdOrder() {
        List<Long> ids = createUsers(7);

        List<Long> seen = new ArrayList<>();
        String next = "/users?size=3";
        int requests = 0;
        while (next != null) {
            Response page = given().urlEncodingEnabled(false).get(next);
            page.then().statusCode(200);
            seen.addAll(page.jsonPath().getList("id", Long.class));
            next = links(page).stream().filter(link -> link.endsWith("; rel=\"next\""))
                    .map(link -> link.substring(1, link.indexOf('>'))).findFirst().orElse(null);
            requests++;
        }

        assertThat(seen).isEqualTo(ids);
        assertThat(requests).isEqualTo(3);
    }

    @Test
    void offsetPagesLinkToTheFirstAndTheNextPage() {
        createUsers(5);

        Response first = given().queryParam("page", 0).queryParam("size", 2).get("/users");
        assertThat(links(first)).containsExactly("</users?page=0&size=2>; rel=\"first\"",
                "</users?page=1&size=2>; rel=\"next\"");
        Response last = given().queryParam("page", 2).queryParam("size", 2).get("/users");
        assertThat(links(last)).containsExactly("</users?page=0&size=2>; rel=\"first\"");
    }

    @Test
    void aLinkHasNoSchemeNorHostWhateverTheRequestsHost() {
        createUsers(3);

        Response page = given().header("Host", "evil.example").queryParam("size", 1).get("/users");

        page.then().statusCode(200);
        assertThat(links(page)).hasSize(2).allMatch(link -> link.startsWith("</users?"));
        assertThat(page.header("Link")).doesNotContain("evil");
    }

    @Test
    void aValidationProblemHasADetailJoiningItsViolations() {
        problem(post("{\"email\": \"not-an-address\"}"), 400)
                .body("detail", equalTo("email: must be a well-formed email address"))
                .body("violations.field", contains("email"));
        problem(given().get("/users?size=0&page=x"), 400)
                .body("detail", equalTo("page: must be a whole number; size: must be greater than or equal to 1"));
    }

    // --- update

    @Test
    void updateChangesTheEmail() {
        long id = createUser("ann@example.com");

        given().contentType(ContentType.JSON).body("{\"email\": \" anne@example.com \"}").put("/users/" + id)
                .then().statusCode(200)
                .body("id", equalTo((int) id))
                .body("email", equalTo("anne@example.com"));
        given().get("/users/" + id).then().body("email", equalTo("anne@example.com"));
    }

    @Test
    void updateMayChangeTheCaseOfTheUsersOwnEmail() {
        long id = createUser("ann@example.com");

        put(id, "{\"email\": \"Ann@Example.com\"}").then().statusCode(200).body("email", equalTo("Ann@Example.com"));
    }

    @Test
    void updateOfAnUnknownUserAnswers404() {
        problem(put(987654, "{\"email\": \"ann@example.com\"}"), 404);
        assertThat(UsersTable.count()).isZero();
    }

    @Test
    void updateToAnotherUsersEmailAnswers409AndChangesNothing() {
        createUser("ann@example.com");
        long bob = createUser("bob@example.com");

        problem(put(bob, "{\"email\": \"ANN@example.com\"}"), 409);
        given().get("/users/" + bob).then().body("email", equalTo("bob@example.com"));
    }

    @Test
    void updateWithAnInvalidEmailAnswers400AndChangesNothing() {
        long id = createUser("ann@example.com");

        problem(put(id, "{\"email\": \"nope\"}"), 400).body("violations.field", hasItem("email"));
        problem(put(id, ""), 400);
        given().get("/users/" + id).then().body("email", equalTo("ann@example.com"));
    }

    // --- delete

    @Test
    void deleteAnswers204AndTheUserIsGone() {
        long id = createUser("ann@example.com");

        given().delete("/users/" + id).then().statusCode(204);
        problem(given().get("/users/" + id), 404);
        assertThat(UsersTable.count()).isZero();
    }

    @Test
    void deleteOfAnUnknownUserAnswers404() {
        problem(given().delete("/users/987654"), 404);
    }

    @Test
    void aDeletedUsersEmailCanBeUsedAgain() {
        long id = createUser("ann@example.com");
        given().delete("/users/" + id).then().statusCode(204);

        post("{\"email\": \"ann@example.com\"}").then().statusCode(201);
    }

    // --- other requests

    @Test
    void anUnknownPathAnswers404Problem() {
        problem(given().get("/no/such/thing"), 404);
    }

    @Test
    void anUnsupportedMethodAnswers405Problem() {
        problem(given().contentType(ContentType.JSON).body("{}").patch("/users/1"), 405);
    }

    static Response post(String body) {
        return given().contentType(ContentType.JSON).body(body).post("/users");
    }

    static Response put(long id, String body) {
        return given().contentType(ContentType.JSON).body(body).put("/users/" + id);
    }

    static List<Long> createUsers(int count) {
        List<Long> ids = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            ids.add(createUser("user" + i + "@example.com"));
        }
        return ids;
    }

    /** The values of the Link header, one link each (RFC 8288 allows several fields or one comma-separated). */
    static List<String> links(Response response) {
        return response.headers().getValues("Link").stream()
                .flatMap(field -> Arrays.stream(field.split(",\\s*")))
                .toList();
    }

    static long createUser(String email) {
        return post("{\"email\": \"" + email + "\"}").then().statusCode(201).extract().jsonPath().getLong("id");
    }

    /** An RFC 9457 answer with {@code status}, that gives away nothing of the implementation. */
    static ValidatableResponse problem(Response response, int status) {
        String body = response.asString();
        for (String leak : List.of("Exception", "java.", "org.", "io.quarkus", "\tat ", "SQL", "users_email")) {
            assertThat(body).as("problem body %s", body).doesNotContain(leak);
        }
        return response.then()
                .statusCode(status)
                .contentType(PROBLEM_JSON)
                .body("status", equalTo(status))
                .body("title", not(org.hamcrest.Matchers.emptyOrNullString()));
    }
}
