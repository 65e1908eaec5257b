package com.mailplatform.admin.dkim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.mailplatform.common.dns.DnsResolvers;
import com.mailplatform.testsupport.Dnsmasq;
import java.net.DatagramSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The comparison, and the lookup against a real DNS server (Debian's dnsmasq on loopback; never the machine's resolver). */
class DkimDnsCheckTest {

    static final String KEY = "v=DKIM1; k=ed25519; p=11qYAYKxCrfVS/7TyWQHOg7hcvPapiMlrwIaaPcHURo=";
    static final String RSA = "v=DKIM1; k=rsa; p=" + "MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEA".repeat(8) + "IDAQAB";

    private static Dnsmasq dns;

    @BeforeAll
    static void start() throws Exception {
        int port;
        try (DatagramSocket s = new DatagramSocket(0)) {
            port = s.getLocalPort();
        }
        Path dir = Files.createTempDirectory("dkim-dns");
        dns = new Dnsmasq(port).authoritative("dkim.test")
                .txt("good._domainkey.dkim.test", KEY)
                .txt("long._domainkey.dkim.test", RSA)
                .txt("bad._domainkey.dkim.test", "v=DKIM1; k=ed25519; p=AAAAYKxCrfVS/7TyWQHOg7hcvPapiMlrwIaaPcHURo=")
                .host("nottxt._domainkey.dkim.test", "127.0.0.1")
                .start(dir.resolve("dnsmasq.log"));
    }

    @AfterAll
    static void stop() throws Exception {
        if (dns != null) {
            dns.close();
        }
    }

    private static DkimDnsCheck check() {
        return DkimDnsCheck.using(DnsResolvers.create(List.of("127.0.0.1:" + dns.port()), Duration.ofSeconds(3)));
    }

    @Test
    void comparesKeyAndTypeIgnoringWhitespaceAndOtherTags() {
        assertTrue(DkimRecordMatch.matches(KEY, List.of("v=DKIM1;k=ed25519;p=11qYAYKxCrfVS/7TyWQH Og7hcvPapiMlrwIaaPcHURo=; t=y")));
        assertTrue(DkimRecordMatch.matches("v=DKIM1; p=ABC", List.of("p=AB\tC; k=RSA")), "k= defaults to rsa");
        assertFalse(DkimRecordMatch.matches(KEY, List.of("v=DKIM1; k=rsa; p=11qYAYKxCrfVS/7TyWQHOg7hcvPapiMlrwIaaPcHURo=")));
        assertFalse(DkimRecordMatch.matches(KEY, List.of("v=DKIM1; k=ed25519; p=")), "p= empty is a revoked key");
        assertFalse(DkimRecordMatch.matches(KEY, List.of("v=DKIM1; k=ed25519")));
        assertFalse(DkimRecordMatch.matches(KEY, List.of("garbage", ";;;==;", "")));
        assertFalse(DkimRecordMatch.matches(KEY, List.of(KEY.repeat(200))), "oversized records are not read");
        assertTrue(DkimRecordMatch.matches(KEY, List.of("v=spf1 -all", KEY)), "one of several records");
    }

    @Test
    void publishedRecordMatches() {
        DkimDnsCheck.Outcome o = check().check("good._domainkey.dkim.test", KEY);
        assertEquals(DkimDnsCheck.Result.match, o.result(), o.detail());
        assertEquals(List.of(KEY), o.published());
    }

    @Test
    void recordSplitIntoStringsIsJoined() {
        DkimDnsCheck.Outcome o = check().check("long._domainkey.dkim.test", RSA);
        assertEquals(DkimDnsCheck.Result.match, o.result(), o.detail());
    }

    @Test
    void otherKeyIsAMismatchWithBothValues() {
        DkimDnsCheck.Outcome o = check().check("bad._domainkey.dkim.test", KEY);
        assertEquals(DkimDnsCheck.Result.mismatch, o.result());
        assertEquals(KEY, o.expected());
        assertTrue(o.published().get(0).startsWith("v=DKIM1; k=ed25519; p=AAAA"), o.published().toString());
    }

    @Test
    void noNameOrNoTxtIsMissing() {
        assertEquals(DkimDnsCheck.Result.missing, check().check("absent._domainkey.dkim.test", KEY).result());
        assertEquals(DkimDnsCheck.Result.missing, check().check("nottxt._domainkey.dkim.test", KEY).result());
    }

    @Test
    void unreachableServerIsAnErrorNotAnException() throws Exception {
        int closed;
        try (DatagramSocket s = new DatagramSocket(0)) {
            closed = s.getLocalPort();
        }
        DkimDnsCheck.Outcome o = DkimDnsCheck.using(DnsResolvers.create(List.of("127.0.0.1:" + closed), Duration.ofMillis(300)))
                .check("good._domainkey.dkim.test", KEY);
        assertEquals(DkimDnsCheck.Result.error, o.result(), o.detail());
    }
}
