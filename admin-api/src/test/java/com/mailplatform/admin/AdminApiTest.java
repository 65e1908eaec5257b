package com.mailplatform.admin;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.startsWith;

import com.mailplatform.testsupport.SharedInfraResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The REST layer without a mailbox-store: the gRPC client points at a closed port (see %test in
 * application.properties), so every call that reaches the store must come back as a 503 problem. The happy path
 * through a real store is covered by e2e-tests.
 */
@QuarkusTest
@QuarkusTestResource(SharedInfraResource.class)
@QuarkusTestResource(LocalIssuerKeys.class)
class AdminApiTest {

    private static final String PROBLEM = "application/problem+json";

    private static RequestSpecification authed() {
        return given().header("Authorization", "Bearer test-token");
    }

    private static ValidatableResponse assertProblem(ValidatableResponse response, int status) {
        return response.statusCode(status)
                .contentType(startsWith(PROBLEM))
                .body("type", startsWith("urn:mailplatform:problem:"))
                .body("title", notNullValue())
                .body("status", equalTo(status))
                .body("detail", notNullValue())
                .body("$", not(hasKey("stackTrace")));
    }

    // --- authentication

    @Test
    void withoutTokenIs401Problem() {
        assertProblem(given().when().get("/api/v1/domains").then(), 401)
                .header("WWW-Authenticate", startsWith("Bearer"))
                .body("type", equalTo("urn:mailplatform:problem:unauthorized"))
                .body("detail", containsString("Authorization: Bearer"));
    }

    @Test
    void wrongTokenIs401Problem() {
        assertProblem(given().header("Authorization", "Bearer not-the-token").when().get("/api/v1/accounts").then(), 401)
                .header("WWW-Authenticate", startsWith("Bearer"))
                .body("detail", containsString("not valid"));
    }

    @Test
    void otherSchemeIs401() {
        assertProblem(given().header("Authorization", "Basic dGVzdC10b2tlbg==").when().get("/api/v1/domains").then(), 401)
                .header("WWW-Authenticate", startsWith("Bearer"));
    }

    @Test
    void authenticationComesBeforeBodyValidation() {
        // An unauthenticated caller must not learn how bodies are validated.
        assertProblem(given().contentType(ContentType.JSON).body("{not json").when().post("/api/v1/domains").then(), 401);
    }

    @Test
    void unknownPathWithoutTokenIs401NotA404() {
        assertProblem(given().when().get("/api/v2/secret").then(), 401);
    }

    @Test
    void schemeIsCaseInsensitive() {
        // Passes authentication and reaches the (absent) store.
        assertProblem(given().header("Authorization", "bearer test-token").when().get("/api/v1/domains").then(), 503);
    }

    // --- pagination

    @ParameterizedTest
    @ValueSource(strings = {"/api/v1/domains", "/api/v1/accounts"})
    void badOffsetIs400(String path) {
        assertProblem(authed().queryParam("offset", "-1").when().get(path).then(), 400)
                .body("detail", containsString("'offset'"));
        assertProblem(authed().queryParam("offset", "abc").when().get(path).then(), 400)
                .body("detail", containsString("'offset'"));
        assertProblem(authed().queryParam("offset", "99999999999").when().get(path).then(), 400)
                .body("detail", containsString("'offset'"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"/api/v1/domains", "/api/v1/accounts"})
    void badLimitIs400(String path) {
        assertProblem(authed().queryParam("limit", "0").when().get(path).then(), 400)
                .body("detail", containsString("'limit'"));
        assertProblem(authed().queryParam("limit", "1001").when().get(path).then(), 400)
                .body("detail", containsString("'limit'"))
                .body("detail", containsString("1000"));
        assertProblem(authed().queryParam("limit", "1.5").when().get(path).then(), 400)
                .body("detail", containsString("'limit'"));
    }

    @Test
    void validPagingReachesTheStore() {
        assertProblem(authed().queryParam("offset", "0").queryParam("limit", "1000").when().get("/api/v1/domains").then(), 503);
    }

    // --- request bodies

    @Test
    void malformedJsonIs400() {
        assertProblem(authed().contentType(ContentType.JSON).body("{\"name\":").when().post("/api/v1/domains").then(), 400)
                .body("detail", containsString("not valid JSON"));
    }

    @Test
    void missingBodyIs400() {
        assertProblem(authed().contentType(ContentType.JSON).when().post("/api/v1/domains").then(), 400)
                .body("detail", containsString("request body is required"));
    }

    @Test
    void missingDomainNameIs400() {
        assertProblem(authed().contentType(ContentType.JSON).body("{}").when().post("/api/v1/domains").then(), 400)
                .body("detail", equalTo("field 'name' is required"));
        assertProblem(authed().contentType(ContentType.JSON).body("{\"name\":\"  \"}").when().post("/api/v1/domains").then(), 400)
                .body("detail", equalTo("field 'name' must not be blank"));
    }

    @Test
    void notAnObjectIs400() {
        assertProblem(authed().contentType(ContentType.JSON).body("[\"example.test\"]").when().post("/api/v1/domains").then(), 400)
                .body("detail", containsString("JSON object"));
    }

    @Test
    void missingAccountFieldsAre400() {
        assertProblem(authed().contentType(ContentType.JSON).body("{\"password\":\"long enough\"}")
                .when().post("/api/v1/accounts").then(), 400)
                .body("detail", equalTo("field 'address' is required"));
        assertProblem(authed().contentType(ContentType.JSON).body("{\"address\":\"demo@example.test\"}")
                .when().post("/api/v1/accounts").then(), 400)
                .body("detail", equalTo("field 'password' is required"));
        assertProblem(authed().contentType(ContentType.JSON).body("{}")
                .when().put("/api/v1/accounts/demo@example.test/password").then(), 400)
                .body("detail", equalTo("field 'password' is required"));
    }

    @Test
    void wrongFieldTypeAndUnknownFieldAre400() {
        assertProblem(authed().contentType(ContentType.JSON)
                .body("{\"address\":\"demo@example.test\",\"password\":\"long enough\",\"quotaBytes\":\"lots\"}")
                .when().post("/api/v1/accounts").then(), 400)
                .body("detail", containsString("'quotaBytes'"));
        assertProblem(authed().contentType(ContentType.JSON)
                .body("{\"address\":\"demo@example.test\",\"password\":\"long enough\",\"quota_bytes\":1}")
                .when().post("/api/v1/accounts").then(), 400)
                .body("detail", containsString("'quota_bytes'"));
    }

    @Test
    void negativeQuotaIs400() {
        assertProblem(authed().contentType(ContentType.JSON)
                .body("{\"address\":\"demo@example.test\",\"password\":\"long enough\",\"quotaBytes\":-1}")
                .when().post("/api/v1/accounts").then(), 400)
                .body("detail", containsString("'quotaBytes'"));
    }

    @Test
    void problemNeverEchoesThePassword() {
        String body = authed().contentType(ContentType.JSON)
                .body("{\"address\":\"demo@example.test\",\"password\":\"s3cret-Passw0rd\",\"quotaBytes\":\"x\"}")
                .when().post("/api/v1/accounts").then().statusCode(400).extract().asString();
        org.junit.jupiter.api.Assertions.assertFalse(body.contains("s3cret-Passw0rd"), body);
    }

    @Test
    void wrongContentTypeIs415Problem() {
        assertProblem(authed().contentType(ContentType.TEXT).body("example.test").when().post("/api/v1/domains").then(), 415);
    }

    @Test
    void unknownPathIs404Problem() {
        assertProblem(authed().when().get("/api/v1/nothing-here").then(), 404);
    }

    // --- store unreachable

    @Test
    void storeUnreachableIs503Problem() {
        assertProblem(authed().when().get("/api/v1/domains").then(), 503)
                .body("type", equalTo("urn:mailplatform:problem:store-unavailable"))
                .body("detail", containsString("mailbox-store unavailable"));
        assertProblem(authed().contentType(ContentType.JSON).body("{\"name\":\"example.test\"}")
                .when().post("/api/v1/domains").then(), 503);
        assertProblem(authed().when().delete("/api/v1/domains/example.test").then(), 503);
        assertProblem(authed().contentType(ContentType.JSON)
                .body("{\"address\":\"demo@example.test\",\"password\":\"long enough\",\"quotaBytes\":0}")
                .when().post("/api/v1/accounts").then(), 503);
        assertProblem(authed().queryParam("domain", "example.test").when().get("/api/v1/accounts").then(), 503);
        assertProblem(authed().when().get("/api/v1/accounts/demo@example.test").then(), 503);
        assertProblem(authed().when().delete("/api/v1/accounts/demo@example.test").then(), 503);
        assertProblem(authed().contentType(ContentType.JSON).body("{\"password\":\"long enough\"}")
                .when().put("/api/v1/accounts/demo@example.test/password").then(), 503);
    }

    // --- open endpoints

    @Test
    void openApiListsThePathsWithoutToken() {
        given().queryParam("format", "json").when().get("/q/openapi").then()
                .statusCode(200)
                .body("paths", hasKey("/api/v1/domains"))
                .body("paths", hasKey("/api/v1/domains/{name}"))
                .body("paths", hasKey("/api/v1/accounts"))
                .body("paths", hasKey("/api/v1/accounts/{address}"))
                .body("paths", hasKey("/api/v1/accounts/{address}/password"))
                .body("paths", hasKey("/api/v1/accounts/{address}/quota"))
                .body("paths", hasKey("/api/v1/accounts/{address}/usage"))
                .body("paths", hasKey("/api/v1/accounts/{address}/disabled"))
                .body("paths", hasKey("/api/v1/domains/{name}/quota"))
                .body("paths", hasKey("/api/v1/aliases"))
                .body("paths", hasKey("/api/v1/aliases/{address}/expansion"))
                .body("paths", hasKey("/api/v1/queue/{queueId}/{action}"))
                .body("paths", hasKey("/api/v1/log"))
                .body("paths", hasKey("/api/v1/route/{domain}"))
                .body("paths", hasKey("/api/v1/probe/{target}"))
                .body("paths", hasKey("/api/v1/status"))
                .body("paths", hasKey("/api/v1/audit"))
                .body("components.securitySchemes.bearer.scheme", equalTo("bearer"));
    }

    @Test
    void healthAnswersWithoutToken() {
        given().when().get("/q/health").then().statusCode(200).body("status", equalTo("UP"));
        given().when().get("/q/health/live").then().statusCode(200);
        given().when().get("/q/health/ready").then().statusCode(200);
    }

    @Test
    void metricsAnswerWithoutToken() {
        given().when().get("/q/metrics").then().statusCode(200);
    }
}
