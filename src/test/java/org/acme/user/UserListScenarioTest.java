package org.acme.user;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.nullValue;

import org.acme.scenario.Scenario;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;

/** Listing and reading users against known datasets (src/test/resources/scenarios). */
@QuarkusTest
@Scenario("two-users")
class UserListScenarioTest {

    @Test
    void listsTheTwoUsersInIdOrder() {
        given().get("/users").then().statusCode(200)
                .header("X-Total-Count", "2")
                .body("id", contains(1, 2))
                .body("email", contains("ann@example.com", "bob@example.com"));
    }

    @Test
    void readsOneUserById() {
        given().get("/users/2").then().statusCode(200).body("email", equalTo("bob@example.com"));
        given().get("/users/3").then().statusCode(404);
    }

    @Test
    void aNewUserGetsTheNextIdAfterTheScenario() {
        // The scenario leaves the identity where its rows ended, so the API can keep inserting.
        given().contentType("application/json").body("{\"email\": \"cy@example.com\"}").post("/users")
                .then().statusCode(201).body("id", equalTo(3));
    }

    @Test
    @Scenario("many-users")
    void pagesOverTenThousandUsers() {
        given().queryParam("page", 0).queryParam("size", 100).get("/users").then().statusCode(200)
                .header("X-Total-Count", "10000")
                .body("$", hasSize(100))
                .body("[0].email", equalTo("user00001@example.com"))
                .body("[99].email", equalTo("user00100@example.com"));
        given().queryParam("page", 99).queryParam("size", 100).get("/users").then().statusCode(200)
                .body("$", hasSize(100))
                .body("[99].id", equalTo(10000))
                .body("[99].email", equalTo("user10000@example.com"));
        given().queryParam("page", 100).queryParam("size", 100).get("/users").then().statusCode(200)
                .body("$", hasSize(0));
    }

    @Test
    @Scenario("many-users")
    void withoutASizeAPageHasTwentyUsersAndItsLinksSaySo() {
        Response offset = given().get("/users");
        offset.then().statusCode(200)
                .header("X-Total-Count", "10000")
                .body("$", hasSize(20))
                .body("[0].id", equalTo(1))
                .body("[19].id", equalTo(20));
        assertThat(UserResourceTest.links(offset)).containsExactly("</users?page=0&size=20>; rel=\"first\"",
                "</users?page=1&size=20>; rel=\"next\"");
        given().queryParam("page", 1).get("/users").then().statusCode(200)
                .body("$", hasSize(20))
                .body("[0].id", equalTo(21));

        Response keyset = given().queryParam("after", 0).get("/users");
        keyset.then().statusCode(200)
                .body("$", hasSize(20))
                .body("[19].id", equalTo(20));
        assertThat(UserResourceTest.links(keyset)).containsExactly("</users?after=0&size=20>; rel=\"first\"",
                "</users?after=20&size=20>; rel=\"next\"");
    }

    @Test
    @Scenario("many-users")
    void followingNextVisitsAllTenThousandUsersOnceInIdOrder() {
        String next = "/users?after=0&size=100";
        long previous = 0;
        int users = 0;
        int requests = 0;
        while (next != null) {
            Response page = given().urlEncodingEnabled(false).get(next);
            page.then().statusCode(200).header("X-Total-Count", nullValue());
            for (long id : page.jsonPath().getList("id", Long.class)) {
                assertThat(id).isGreaterThan(previous);
                previous = id;
                users++;
            }
            next = UserResourceTest.links(page).stream().filter(link -> link.endsWith("; rel=\"next\""))
                    .map(link -> link.substring(1, link.indexOf('>'))).findFirst().orElse(null);
            requests++;
        }

        assertThat(users).isEqualTo(10_000);
        assertThat(requests).as("100 full pages; the last one has no next").isEqualTo(100);
    }

    @Test
    @Scenario("many-users")
    void theDeepestOffsetPageIsServedAndTheOneAfterRefused() {
        given().queryParam("page", 100).queryParam("size", 100).get("/users").then().statusCode(200)
                .body("$", hasSize(0));
        given().queryParam("page", 101).queryParam("size", 100).get("/users").then().statusCode(400)
                .body("violations.field", contains("page"));
    }

    @Test
    @Scenario("empty")
    void theEmptyScenarioHasNoUsers() {
        given().get("/users").then().statusCode(200).header("X-Total-Count", "0").body("$", hasSize(0));
    }
}
