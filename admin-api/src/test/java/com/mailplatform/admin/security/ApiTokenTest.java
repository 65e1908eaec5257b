package com.mailplatform.admin.security;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.mailplatform.admin.security.ApiToken.Verdict;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Plain unit test: the not-configured case cannot be reached from the single @QuarkusTest profile. */
class ApiTokenTest {

    private static ApiToken token(String configured) {
        return new ApiToken(Optional.ofNullable(configured));
    }

    @Test
    void unsetOrBlankTokenRefusesEverything() {
        assertEquals(Verdict.NOT_CONFIGURED, token(null).check("Bearer anything"));
        assertEquals(Verdict.NOT_CONFIGURED, token("  ").check("Bearer   "));
        assertEquals(Verdict.NOT_CONFIGURED, token(null).check(null));
    }

    @Test
    void checksSchemeAndToken() {
        ApiToken t = token("s3cret");
        assertEquals(Verdict.OK, t.check("Bearer s3cret"));
        assertEquals(Verdict.OK, t.check("bearer s3cret"));
        assertEquals(Verdict.MISSING, t.check(null));
        assertEquals(Verdict.MISSING, t.check("Bearer "));
        assertEquals(Verdict.MISSING, t.check("Basic czNjcmV0"));
        assertEquals(Verdict.MISSING, t.check("Bearers3cret"));
        assertEquals(Verdict.INVALID, t.check("Bearer s3cre"));
        assertEquals(Verdict.INVALID, t.check("Bearer s3cret2"));
        assertEquals(Verdict.INVALID, t.check("Bearer S3CRET"));
    }
}
