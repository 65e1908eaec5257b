package com.mailplatform.delivery.health;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasItems;

import com.mailplatform.testsupport.SharedInfraResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

/**
 * What the Kubernetes readiness probe sees (same resources as the other @QuarkusTests, so no restart): PostgreSQL
 * (JDBC and reactive) and the broker (BrokerReadiness) are part of readiness, and none of them of liveness.
 */
@QuarkusTest
@QuarkusTestResource(SharedInfraResource.class)
class ReadinessTest {

    @Test
    void readinessCoversDatabaseAndBrokerLivenessCoversNeither() {
        given().when().get("/q/health/ready").then().statusCode(200)
                .body("checks.name", hasItems("broker", "Database connections health check",
                        "Reactive PostgreSQL connections health check"))
                .body("checks.find { it.name == 'broker' }.status", org.hamcrest.Matchers.equalTo("UP"));
        given().when().get("/q/health/live").then().statusCode(200)
                .body("checks.name", org.hamcrest.Matchers.not(hasItem("broker")))
                .body("checks.name", org.hamcrest.Matchers.not(hasItem("Database connections health check")));
    }
}
