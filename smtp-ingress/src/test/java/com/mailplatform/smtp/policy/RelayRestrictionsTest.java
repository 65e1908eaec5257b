package com.mailplatform.smtp.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class RelayRestrictionsTest {

    static final RelayRestrictions DEFAULT = RelayRestrictions.parse(
            List.of("permit_mynetworks", "permit_sasl_authenticated", "reject_unauth_destination"));

    @Test
    void onlyTrustedOrAuthenticatedClientsRelay() {
        for (boolean trusted : new boolean[]{false, true}) {
            for (boolean auth : new boolean[]{false, true}) {
                for (boolean local : new boolean[]{false, true}) {
                    RelayRestrictions.Result r = DEFAULT.evaluate(new RelayRestrictions.Facts(trusted, auth, local));
                    boolean expectPermit = local || trusted || auth;
                    assertEquals(expectPermit ? RelayRestrictions.Result.PERMIT : RelayRestrictions.Result.REJECT, r,
                            "trusted=" + trusted + " auth=" + auth + " local=" + local);
                }
            }
        }
    }

    @Test
    void anOpenRelayConfigurationIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> RelayRestrictions.parse(List.of("permit_mynetworks", "permit")));
        assertThrows(IllegalArgumentException.class, () -> RelayRestrictions.parse(List.of("bogus", "reject_unauth_destination")));
    }

    @Test
    void mynetworksMatchesCidrBlocks() {
        Mynetworks m = Mynetworks.parse(List.of("10.0.0.0/8", "[::1]/128", "192.168.1.7"));
        assertTrue(m.contains("10.20.30.40"));
        assertTrue(m.contains("::1"));
        assertTrue(m.contains("192.168.1.7"));
        assertFalse(m.contains("192.168.1.8"));
        assertFalse(m.contains("127.0.0.1"));
        assertFalse(m.contains("not-an-ip"));
        assertFalse(Mynetworks.parse(List.of()).contains("127.0.0.1"), "empty means nobody, loopback included");
        assertThrows(IllegalArgumentException.class, () -> Mynetworks.parse(List.of("example.com")));
        assertThrows(IllegalArgumentException.class, () -> Mynetworks.parse(List.of("10.0.0.0/33")));
    }
}
