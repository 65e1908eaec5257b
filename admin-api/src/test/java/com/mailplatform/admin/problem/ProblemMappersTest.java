package com.mailplatform.admin.problem;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.grpc.Status;
import org.junit.jupiter.api.Test;

/** The gRPC-to-HTTP table; without a store in the test JVM only UNAVAILABLE can be provoked end to end. */
class ProblemMappersTest {

    @Test
    void mapsStoreStatuses() {
        assertMapped(Status.INVALID_ARGUMENT.withDescription("invalid domain name 'x'"), 400, "invalid domain name 'x'");
        assertMapped(Status.NOT_FOUND.withDescription("account a@b.test does not exist"), 404, "account a@b.test does not exist");
        assertMapped(Status.ALREADY_EXISTS.withDescription("domain b.test already exists"), 409, "domain b.test already exists");
        assertMapped(Status.FAILED_PRECONDITION.withDescription("domain b.test still has 1 account(s)"), 409,
                "domain b.test still has 1 account(s)");
        assertMapped(Status.UNAVAILABLE.withDescription("io exception"), 503, "mailbox-store unavailable; try again later");
        assertMapped(Status.DEADLINE_EXCEEDED, 503, "mailbox-store unavailable; try again later");
    }

    @Test
    void otherStatusesAre500WithoutDetailsFromTheStore() {
        for (Status s : new Status[] {Status.INTERNAL, Status.UNKNOWN, Status.UNIMPLEMENTED, Status.PERMISSION_DENIED}) {
            Problem p = ProblemMappers.fromStatus(s.withDescription("internal detail of the store (must not reach clients)"));
            assertEquals(500, p.status());
            assertFalse(p.detail().contains("internal detail"), p.detail());
        }
    }

    @Test
    void missingDescriptionStillGivesADetail() {
        assertEquals("not found", ProblemMappers.fromStatus(Status.NOT_FOUND).detail());
    }

    private static void assertMapped(Status status, int http, String detail) {
        Problem p = ProblemMappers.fromStatus(status);
        assertEquals(http, p.status());
        assertEquals(detail, p.detail());
    }
}
