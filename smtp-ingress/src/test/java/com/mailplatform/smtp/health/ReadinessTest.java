package com.mailplatform.smtp.health;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;

import com.mailplatform.smtp.checks.SenderChecksResource;
import com.mailplatform.testsupport.SharedInfraResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

/**
 * What the Kubernetes probes see (the same resources as the module's other @QuarkusTests, so no restart): an
 * answering broker is part of readiness (BrokerReadiness), not of liveness.
 */
@QuarkusTest
@QuarkusTestResource(SharedInfraResource.class)
@QuarkusTestResource(SenderChecksResource.class)
class ReadinessTest {

    @Test
    void readinessCoversTheBrokerLivenessDoesNot() {
        given().when().get("/q/health/ready").then().statusCode(200)
                .body("checks.find { it.name == 'broker' }.status", equalTo("UP"));
        given().when().get("/q/health/live").then().statusCode(200).body("checks.name", not(hasItem("broker")));
    }
}
