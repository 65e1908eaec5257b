package com.mailplatform.admin;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;

import com.mailplatform.testsupport.SharedInfraResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import io.restassured.specification.RequestSpecification;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The DKIM key endpoints without a mailbox-store (closed port, as in {@link AdminApiTest}): a call that passed
 * authorization and validation ends in 503, which tells "allowed" from 403 and a 400 from input checked here.
 * Creation, rotation and the TXT records through a real store: mailbox-store's MailboxDkimGrpcTest and e2e.
 */
@QuarkusTest
@QuarkusTestResource(SharedInfraResource.class)
@QuarkusTestResource(LocalIssuerKeys.class)
class DkimKeyApiTest {

    private static final String KEYS = "/api/v1/domains/example.test/dkim-keys";

    private static RequestSpecification as(String token) {
        return given().header("Authorization", "Bearer " + token).contentType(ContentType.JSON);
    }

    private static ValidatableResponse problem(ValidatableResponse r, int status) {
        return r.statusCode(status).contentType(startsWith("application/problem+json")).body("status", equalTo(status));
    }

    @Test
    void viewersReadOnlyAdminsWrite() {
        String viewer = AdminAuthTest.token("dkim-viewer", "viewer");
        String operator = AdminAuthTest.token("dkim-operator", "operator");
        problem(as(viewer).when().get(KEYS).then(), 503).body("detail", containsString("mailbox-store"));
        for (String token : new String[] {viewer, operator}) {
            problem(as(token).body(Map.of("algorithm", "rsa-sha256")).when().post(KEYS).then(), 403);
            problem(as(token).body(Map.of("algorithm", "rsa-sha256")).when().post(KEYS + "/rotate").then(), 403);
            problem(as(token).when().delete(KEYS + "/s202611r").then(), 403);
        }
        problem(as("test-token").body(Map.of("algorithm", "ed25519-sha256", "selector", "mail")).when().post(KEYS).then(), 503);
        problem(as("test-token").body(Map.of("algorithm", "RSA-SHA256")).when().post(KEYS + "/rotate").then(), 503);
        problem(as("test-token").when().delete(KEYS + "/s202611r").then(), 503);
        problem(given().contentType(ContentType.JSON).body(Map.of("algorithm", "rsa-sha256")).when().post(KEYS).then(), 401);
    }

    @Test
    void badInputIsA400ThatSaysWhat() {
        problem(as("test-token").body(Map.of("algorithm", "rsa-sha1")).when().post(KEYS).then(), 400)
                .body("detail", containsString("unknown DKIM algorithm 'rsa-sha1'; use rsa-sha256 or ed25519-sha256"));
        problem(as("test-token").body(Map.of("algorithm", "dsa")).when().post(KEYS + "/rotate").then(), 400)
                .body("detail", containsString("unknown DKIM algorithm"));
        problem(as("test-token").body(Map.of("selector", "s1")).when().post(KEYS).then(), 400)
                .body("detail", equalTo("field 'algorithm' is required"));
        problem(as("test-token").when().post(KEYS).then(), 400)
                .body("detail", containsString("request body is required"));
        problem(as("test-token").body(Map.of("algorithm", "rsa-sha256", "privateKey", "x")).when().post(KEYS).then(), 400)
                .body("detail", containsString("privateKey"));
        problem(as("test-token").body(Map.of("algorithm", "rsa-sha256")).when().post("/api/v1/domains/not_a_domain/dkim-keys").then(), 400)
                .body("detail", containsString("'domain'"));
        problem(as("test-token").when().get("/api/v1/domains/localhost/dkim-keys").then(), 400);
    }

    /** console2: the published-record check is a viewer's read; selector and domain are checked here first. */
    @Test
    void dnsCheckIsAViewersReadWithCheckedInput() {
        String viewer = AdminAuthTest.token("dkim-dns-viewer", "viewer");
        problem(as(viewer).when().get(KEYS + "/s202611r/dns").then(), 503).body("detail", containsString("mailbox-store"));
        problem(given().when().get(KEYS + "/s202611r/dns").then(), 401);
        for (String bad : new String[] {"-bad", "a..b", "under_score", "x".repeat(64), "s%00", "a%20b"}) {
            problem(as(viewer).when().urlEncodingEnabled(false).get(KEYS + "/" + bad + "/dns").then(), 400);
        }
        problem(as(viewer).when().get("/api/v1/domains/localhost/dkim-keys/s1/dns").then(), 400)
                .body("detail", containsString("'domain'"));
    }

    /** console2: the last hour's counters; no component is configured here, so an empty window that says so. */
    @Test
    void lastHourStatsForViewers() {
        String viewer = AdminAuthTest.token("stats-viewer", "viewer");
        as(viewer).when().get("/api/v1/stats/last-hour").then().statusCode(200)
                .body("fullHour", equalTo(false)).body("rejects", equalTo(0)).body("samples", org.hamcrest.Matchers.greaterThanOrEqualTo(1));
        problem(given().when().get("/api/v1/stats/last-hour").then(), 401);
    }

    @Test
    void theContractShowsRecordsAndNeverPrivateKeys() {
        given().queryParam("format", "json").when().get("/q/openapi").then().statusCode(200)
                .body("paths", hasKey("/api/v1/domains/{domain}/dkim-keys"))
                .body("paths", hasKey("/api/v1/domains/{domain}/dkim-keys/rotate"))
                .body("paths", hasKey("/api/v1/domains/{domain}/dkim-keys/{selector}"))
                .body("components.schemas.DkimKey.properties.keySet()", hasItems("selector", "algorithm", "active", "createdAt", "dnsName", "txtRecord"))
                .body("components.schemas.DkimKey.properties.keySet()", not(hasItems("privateKey")))
                .body("components.schemas.DkimKeyCreate.properties.algorithm.enum", hasItems("rsa-sha256", "ed25519-sha256"));
    }
}
