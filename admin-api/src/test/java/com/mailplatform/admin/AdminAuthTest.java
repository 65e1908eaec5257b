package com.mailplatform.admin;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;

import com.mailplatform.testsupport.SharedInfraResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Roles and audit with real tokens: the built-in issuer signs them, quarkus-oidc verifies them against the public
 * key. The stores are unreachable in this profile (see application.properties), so a call that passes
 * authorization ends in 503: that is how "allowed" is told from 403 "forbidden" here. The audit log is real
 * (shared embedded PostgreSQL, schema admin). The resources apply to every @QuarkusTest of the module: one start.
 */
@QuarkusTest
@QuarkusTestResource(SharedInfraResource.class)
@QuarkusTestResource(LocalIssuerKeys.class)
class AdminAuthTest {

    static String token(String subject, String... roles) {
        return given().header("Authorization", "Bearer test-token").contentType(ContentType.JSON)
                .body(Map.of("subject", subject, "roles", List.of(roles)))
                .when().post("/api/v1/tokens")
                .then().statusCode(200).body("subject", equalTo(subject))
                .extract().path("token");
    }

    private static RequestSpecification as(String token) {
        return given().header("Authorization", "Bearer " + token).contentType(ContentType.JSON);
    }

    @Test
    void viewerReadsButCannotChangeAnything() {
        String viewer = token("vera", "viewer");
        as(viewer).when().get("/api/v1/domains").then().statusCode(503);
        as(viewer).when().get("/api/v1/queue").then().statusCode(503).body("detail", containsString("delivery-service"));
        forbidden(as(viewer).when().delete("/api/v1/accounts/demo@example.test").then());
        forbidden(as(viewer).when().delete("/api/v1/domains/example.test").then());
        forbidden(as(viewer).body(Map.of("address", "a@example.test", "targets", List.of("b@example.test"))).when().post("/api/v1/aliases").then());
        forbidden(as(viewer).when().post("/api/v1/queue/ABC123/retry").then());
        forbidden(as(viewer).when().delete("/api/v1/queue/ABC123").then());
        forbidden(as(viewer).queryParam("all", "true").when().post("/api/v1/queue/actions/delete").then());
        forbidden(as(viewer).when().get("/api/v1/queue/ABC123/message").then());
        forbidden(as(viewer).when().get("/api/v1/audit").then());
        forbidden(as(viewer).when().get("/api/v1/status").then());
    }

    @Test
    void operatorWorksTheQueueButCannotCreateAccounts() {
        String operator = token("otto", "operator");
        as(operator).when().post("/api/v1/queue/ABC123/retry").then().statusCode(503).body("detail", containsString("delivery-service"));
        as(operator).when().post("/api/v1/queue/ABC123/hold").then().statusCode(503);
        as(operator).when().post("/api/v1/queue/ABC123/frobnicate").then().statusCode(404);
        as(operator).when().post("/api/v1/queue/bad id!/retry").then().statusCode(400);
        as(operator).queryParam("recipient", "not an address").when().post("/api/v1/queue/ABC123/release").then().statusCode(400);
        as(operator).when().get("/api/v1/status").then().statusCode(200).body("components.name", hasItem("admin-api"));
        // queue tools (issue 16): bulk actions and requeue are the operator's, reading mail content is the admin's
        as(operator).queryParam("all", "true").when().post("/api/v1/queue/actions/retry").then().statusCode(503);
        as(operator).when().post("/api/v1/queue/ABC123/requeue").then().statusCode(503);
        forbidden(as(operator).when().get("/api/v1/queue/ABC123/message").then());
        forbidden(as(operator).body(Map.of("address", "x@example.test", "password", "long-enough-1")).when().post("/api/v1/accounts").then());
        forbidden(as(operator).body(Map.of("quotaBytes", 1)).when().put("/api/v1/accounts/x@example.test/quota").then());
        forbidden(as(operator).body(Map.of("subject", "x", "roles", List.of("admin"))).when().post("/api/v1/tokens").then());
    }

    @Test
    void adminTokenReachesEverythingAndIssuingIsAudited() {
        String subject = "ann-" + UUID.randomUUID().toString().substring(0, 6);
        String admin = token(subject, "admin");
        as(admin).body(Map.of("address", "x@example.test", "password", "long-enough-1")).when().post("/api/v1/accounts").then().statusCode(503);
        as(admin).when().get("/api/v1/audit").then().statusCode(200);
        as(admin).when().get("/api/v1/queue/ABC123/message").then().statusCode(503);
        // The token issued for 'subject' was recorded: who (the static token), what, to whom, the after state.
        as(admin).queryParam("target", subject).when().get("/api/v1/audit").then().statusCode(200)
                .body("total", equalTo(1))
                .body("items[0].actor", equalTo("static-token"))
                .body("items[0].action", equalTo("token.issue"))
                .body("items[0].after.roles", equalTo(List.of("admin")));
        // What this admin does is recorded under its own name.
        token(subject + "-2", "viewer");
        String viewerByAdmin = as(admin).body(Map.of("subject", subject + "-3", "roles", List.of("viewer"))).when().post("/api/v1/tokens")
                .then().statusCode(200).extract().path("token");
        as(viewerByAdmin).when().get("/api/v1/accounts").then().statusCode(503);
        as(admin).queryParam("actor", subject).when().get("/api/v1/audit").then().statusCode(200)
                .body("items[0].target", equalTo(subject + "-3"));
    }

    @Test
    void forgedExpiredOrStrangeTokensAre401() {
        String viewer = token("vic", "viewer");
        String[] parts = viewer.split("\\.");
        String forged = parts[0] + "." + java.util.Base64.getUrlEncoder().withoutPadding()
                .encodeToString("{\"sub\":\"vic\",\"groups\":[\"admin\"],\"iss\":\"mailplatform-local\",\"exp\":4102444800}".getBytes())
                + "." + parts[2];
        as(forged).when().get("/api/v1/domains").then().statusCode(401).contentType(startsWith("application/problem+json"))
                .body("detail", containsString("not valid"));
        as("not-a-jwt").when().get("/api/v1/domains").then().statusCode(401);
        given().header("Authorization", "Bearer test-token").contentType(ContentType.JSON)
                .body(Map.of("subject", "x", "roles", List.of("root"))).when().post("/api/v1/tokens").then().statusCode(400);
    }

    @Test
    void sessionNamesTheCallerAndItsRoles() {
        as(token("sam", "viewer")).when().get("/api/v1/session").then().statusCode(200)
                .body("subject", equalTo("sam")).body("roles", equalTo(List.of("viewer"))).body("tokenIssuer", equalTo(true));
        as(token("olga", "operator")).when().get("/api/v1/session").then().statusCode(200)
                .body("roles", equalTo(List.of("operator", "viewer")));
        as("test-token").when().get("/api/v1/session").then().statusCode(200)
                .body("subject", equalTo("static-token")).body("roles", equalTo(List.of("admin", "operator", "viewer")));
        given().when().get("/api/v1/session").then().statusCode(401).contentType(startsWith("application/problem+json"));
    }

    @Test
    void consoleFilesNeedNoTokenAndCarryAStrictPolicy() {
        String csp = given().when().get("/console/").then().statusCode(200).contentType(startsWith("text/html"))
                .body(containsString("<script type=\"module\" src=\"console.js\"></script>"))
                .header("X-Content-Type-Options", equalTo("nosniff"))
                .extract().header("Content-Security-Policy");
        org.junit.jupiter.api.Assertions.assertTrue(csp != null && csp.contains("script-src 'self'") && csp.contains("default-src 'none'")
                && !csp.contains("unsafe-inline"), csp);
        given().when().get("/console/console.js").then().statusCode(200)
                .header("Content-Security-Policy", equalTo(csp)).body(containsString("textContent"));
        // The API behind it is not opened by the console's files being open.
        given().when().get("/api/v1/accounts").then().statusCode(401);
    }

    /** The console's sign-in is the only open part of /api, by exact path; without OIDC configured it says so. */
    @Test
    void consoleSignInIsOpenAndNothingElseBesideIt() {
        given().when().get("/api/v1/console/sign-in").then().statusCode(200)
                .body("oidc", nullValue()).body("tokenIssuer", equalTo(true));
        given().contentType(ContentType.JSON)
                .body(Map.of("code", "c", "codeVerifier", "v".repeat(43), "redirectUri", "http://127.0.0.1/console/"))
                .when().post("/api/v1/console/oidc/token").then().statusCode(404)
                .contentType(startsWith("application/problem+json")).body("detail", containsString("admin.console.oidc.client-id"));
        given().contentType(ContentType.JSON).body(Map.of("refreshToken", "r"))
                .when().post("/api/v1/console/oidc/refresh").then().statusCode(404);
        given().contentType(ContentType.JSON).body(Map.of("refreshToken", "r"))
                .when().post("/api/v1/console/oidc/revoke").then().statusCode(404);
        for (String path : List.of("/api/v1/console", "/api/v1/console/oidc", "/api/v1/console/sign-in/x", "/api/v1/console/oidc/token2")) {
            given().when().get(path).then().statusCode(401);
        }
        given().when().get("/api/v1/domains").then().statusCode(401);
    }

    private static void forbidden(io.restassured.response.ValidatableResponse r) {
        r.statusCode(403).contentType(startsWith("application/problem+json")).body("type", equalTo("urn:mailplatform:problem:forbidden"));
    }
}
