package com.mailplatform.admin.dkim;

import com.mailplatform.admin.AdminConfig;
import com.mailplatform.common.dns.DnsResolvers;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Resolver;
import org.xbill.DNS.Section;
import org.xbill.DNS.TXTRecord;
import org.xbill.DNS.Type;

/**
 * Looks up a DKIM key record (TXT at {@code <selector>._domainkey.<domain>}, RFC 6376 section 3.6.2.1) with the
 * resolvers of {@code admin.resolvers} and compares it with the key's. Asked afresh every time (no cache), since an
 * operator checks right after publishing. Never throws for DNS trouble: that is the {@code error} result.
 */
@ApplicationScoped
public class DkimDnsCheck {

    public enum Result { match, mismatch, missing, error }

    public record Outcome(String dnsName, Result result, String expected, List<String> published, String detail) {
    }

    /** More TXT records than this at one name are not read (a key name holds one). */
    static final int MAX_RECORDS = 10;

    @Inject
    AdminConfig config;

    private volatile Resolver resolver;

    /** A check over a given resolver (tests). */
    static DkimDnsCheck using(Resolver resolver) {
        DkimDnsCheck c = new DkimDnsCheck();
        c.resolver = resolver;
        return c;
    }

    public Outcome check(String dnsName, String expected) {
        List<String> published = new ArrayList<>();
        try {
            Record question = Record.newRecord(Name.fromString(dnsName.endsWith(".") ? dnsName : dnsName + "."), Type.TXT, DClass.IN);
            Message answer = resolver().send(Message.newQuery(question));
            int rcode = answer.getRcode();
            if (rcode == Rcode.NXDOMAIN) {
                return new Outcome(dnsName, Result.missing, expected, published, "NXDOMAIN: no such name");
            }
            if (rcode != Rcode.NOERROR) {
                return new Outcome(dnsName, Result.error, expected, published, "DNS answered " + Rcode.string(rcode));
            }
            for (Record r : answer.getSection(Section.ANSWER)) {
                if (r instanceof TXTRecord txt && published.size() < MAX_RECORDS) {
                    // character-strings joined without whitespace (RFC 6376 section 3.6.2.2)
                    published.add(String.join("", txt.getStrings()));
                }
            }
        } catch (Exception e) {
            return new Outcome(dnsName, Result.error, expected, published,
                    "lookup failed: " + e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage()));
        }
        if (published.isEmpty()) {
            return new Outcome(dnsName, Result.missing, expected, published, "no TXT record at the name");
        }
        boolean ok = DkimRecordMatch.matches(expected, published);
        return new Outcome(dnsName, ok ? Result.match : Result.mismatch, expected, published,
                ok ? "the published key is the key's" : "the published p= or k= differs from the key's");
    }

    private Resolver resolver() {
        Resolver r = resolver;
        if (r == null) {
            r = DnsResolvers.create(config.resolvers().orElse(List.of()), config.dnsTimeout());
            resolver = r;
        }
        return r;
    }
}
