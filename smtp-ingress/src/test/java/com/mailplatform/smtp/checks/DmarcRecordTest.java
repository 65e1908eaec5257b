package com.mailplatform.smtp.checks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** RFC 7489 section 6.3 record syntax, section 6.6.3 selection, section 3.2 organizational domains. */
class DmarcRecordTest {

    @Test
    void parsesTagsWithDefaults() {
        DmarcRecord r = DmarcRecord.parse("v=DMARC1; p=quarantine; sp=reject; adkim=s; pct=20; rua=mailto:x@y").get();
        assertEquals(new DmarcRecord(DmarcRecord.Policy.QUARANTINE, DmarcRecord.Policy.REJECT, true, false, 20), r);
        assertEquals(new DmarcRecord(DmarcRecord.Policy.REJECT, DmarcRecord.Policy.REJECT, false, false, 100),
                DmarcRecord.parse("v = DMARC1 ;P=Reject").get());
    }

    @Test
    void versionMustComeFirstAndPolicyMustBeValid() {
        assertTrue(DmarcRecord.parse("p=reject; v=DMARC1").isEmpty());
        assertTrue(DmarcRecord.parse("v=DMARC2; p=reject").isEmpty());
        assertTrue(DmarcRecord.parse("v=DMARC1p=reject").isEmpty());
        assertTrue(DmarcRecord.parse("v=DMARC1; p=bogus").isEmpty());
        // Without a valid p but with rua the record counts as p=none (section 6.6.3).
        assertEquals(DmarcRecord.Policy.NONE, DmarcRecord.parse("v=DMARC1; p=bogus; rua=mailto:a@b").get().policy());
    }

    @Test
    void hostileRecordsAreBoundedAndNeverThrow() {
        assertTrue(DmarcRecord.parse("v=DMARC1; p=reject; " + "x".repeat(DmarcRecord.MAX_LENGTH)).isEmpty());
        String manyTags = "v=DMARC1; " + "a=b; ".repeat(1000) + "p=reject";
        assertTrue(DmarcRecord.parse(manyTags).isEmpty(), "p past the tag limit is not read");
        for (String s : List.of("v=DMARC1;", "v=DMARC1;;;;;", "v=DMARC1; p=reject; pct=-5", "v=DMARC1; p=reject; pct=999",
                "v=DMARC1; p=reject; pct=99999999999999999999", "v=DMARC1; p=\u0000reject", "v=DMARC1; =; ==; p",
                "v=DMARC1\n; p=reject", "")) {
            Optional<DmarcRecord> r = DmarcRecord.parse(s);
            r.ifPresent(x -> assertTrue(x.pct() >= 0 && x.pct() <= 100, s));
        }
        assertEquals(100, DmarcRecord.parse("v=DMARC1; p=reject; pct=999").get().pct());
        assertEquals(100, DmarcRecord.parse("v=DMARC1; p=reject; pct=-5").get().pct());
    }

    @Test
    void selectionNeedsExactlyOneDmarcRecord() {
        assertEquals(Optional.empty(), DmarcDiscovery.select(List.of()));
        assertEquals(Optional.empty(), DmarcDiscovery.select(List.of("v=DMARC1; p=reject", "v=DMARC1; p=none")));
        assertEquals(DmarcRecord.Policy.REJECT, DmarcDiscovery.select(List.of("v=DMARC1; p=reject")).get().policy());
        assertFalse(DmarcRecord.isDmarc("v=spf1 -all"));
        assertFalse(DmarcRecord.isDmarc("v=DMARC10; p=reject"));
    }

    @Test
    void organizationalDomainFromThePublicSuffixList() {
        assertEquals("example.co.uk", OrganizationalDomain.of("mail.news.example.co.uk"));
        assertEquals("example.com", OrganizationalDomain.of("A.B.Example.COM."));
        assertEquals("org.test", OrganizationalDomain.of("sub.org.test"));
        assertTrue(OrganizationalDomain.aligned("mail.example.com", "example.com", false));
        assertFalse(OrganizationalDomain.aligned("mail.example.com", "example.com", true));
        assertFalse(OrganizationalDomain.aligned("example.co.uk", "other.co.uk", false));
        assertEquals("", OrganizationalDomain.of(""));
    }

    @Test
    void pctSamplingStepsDown() {
        DmarcRecord reject = DmarcRecord.parse("v=DMARC1; p=reject; pct=50").get();
        List<DkimOutcome> none = List.of();
        SpfOutcome fail = new SpfOutcome(SpfOutcome.Result.FAIL, "a@x.test", "x.test", false);
        assertEquals(DmarcRecord.Policy.REJECT,
                new DmarcPolicy(true, () -> 49).evaluate("x.test", reject, true, fail, none).disposition());
        assertEquals(DmarcRecord.Policy.QUARANTINE,
                new DmarcPolicy(true, () -> 50).evaluate("x.test", reject, true, fail, none).disposition());
        DmarcRecord quarantine = DmarcRecord.parse("v=DMARC1; p=quarantine; pct=50").get();
        assertEquals(DmarcRecord.Policy.NONE,
                new DmarcPolicy(true, () -> 50).evaluate("x.test", quarantine, true, fail, none).disposition());
        assertEquals(DmarcRecord.Policy.NONE,
                new DmarcPolicy(false, () -> 0).evaluate("x.test", reject, true, fail, none).disposition());
    }

    @Test
    void strictAlignmentAndTemperror() {
        DmarcRecord strict = DmarcRecord.parse("v=DMARC1; p=reject; adkim=s; aspf=s").get();
        DkimOutcome subdomainSig = new DkimOutcome(DkimOutcome.Result.PASS, "mail.x.test", "s", "b", null);
        SpfOutcome subdomainSpf = new SpfOutcome(SpfOutcome.Result.PASS, "a@mail.x.test", "mail.x.test", false);
        DmarcPolicy p = new DmarcPolicy(true, () -> 0);
        assertEquals(DmarcOutcome.Result.FAIL,
                p.evaluate("x.test", strict, true, subdomainSpf, List.of(subdomainSig)).result());
        DmarcRecord relaxed = DmarcRecord.parse("v=DMARC1; p=reject").get();
        assertEquals(DmarcOutcome.Result.PASS, p.evaluate("x.test", relaxed, true, null, List.of(subdomainSig)).result());
        SpfOutcome temp = new SpfOutcome(SpfOutcome.Result.TEMPERROR, "a@x.test", "x.test", false);
        DmarcOutcome t = p.evaluate("x.test", relaxed, true, temp, List.of());
        assertEquals(DmarcOutcome.Result.TEMPERROR, t.result());
        assertEquals(DmarcRecord.Policy.NONE, t.disposition(), "a DNS hiccup never rejects");
    }
}
