package com.mailplatform.smtp.checks;

import com.mailplatform.smtp.filter.MessageEditor;
import com.mailplatform.smtp.filter.MessageEdits;
import io.smallrye.mutiny.Uni;
import java.io.ByteArrayInputStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executor;
import org.apache.james.jdkim.DKIMVerifier;
import org.apache.james.jdkim.api.PublicKeyRecordRetriever;
import org.apache.james.jdkim.api.Result;
import org.apache.james.jdkim.api.SignatureRecord;
import org.apache.james.jdkim.exceptions.FailException;
import org.apache.james.jdkim.exceptions.PermFailException;
import org.apache.james.jdkim.exceptions.TempFailException;
import org.jboss.logging.Logger;

/**
 * DKIM verification (RFC 6376 section 6) with Apache jDKIM. jDKIM's verifier looks its keys up blocking, so the keys
 * of the signatures (s=, d=) are fetched first, asynchronously and all at once, through {@link CheckDns}; the
 * verifier (hashing, RSA) then runs on a worker thread and reads them from there, so no worker waits for DNS. The
 * whole check is bounded by the check timeout; only the first
 * {@code maxSignatures} DKIM-Signature fields are given to it, so a message carrying hundreds of signatures costs no
 * more than one with a few (RFC 6376 section 6.1 lets a verifier limit the signatures it checks).
 */
public final class DkimVerification {

    private static final Logger LOG = Logger.getLogger(DkimVerification.class);
    static final String FIELD = "DKIM-Signature";

    private final CheckDns dns;
    private final int maxSignatures;
    private final Executor worker;

    public DkimVerification(CheckDns dns, int maxSignatures, Executor worker) {
        this.dns = dns;
        this.maxSignatures = maxSignatures;
        this.worker = worker;
    }

    /**
     * One outcome per verified signature; empty when the message is not signed. {@code parsed} is the caller's
     * parse of {@code message}; everything heavier than counting fields runs on the worker thread.
     */
    public Uni<List<DkimOutcome>> verify(byte[] message, MessageEditor.Parsed parsed) {
        List<String> signatures = new ArrayList<>();
        for (MessageEditor.Field f : parsed.fields()) {
            if (f.name().equalsIgnoreCase(FIELD)) {
                signatures.add(f.text());
            }
        }
        if (signatures.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        return keys(signatures.subList(0, Math.min(signatures.size(), maxSignatures)))
                .emitOn(worker)
                .map(keys -> run(signatures.size() <= maxSignatures ? message
                        : withoutExtraSignatures(message, signatures.size()), keys))
                .ifNoItem().after(dns.timeout())
                .recoverWithItem(() -> timedOut(signatures))
                .onFailure().recoverWithItem(e -> {
                    LOG.warnf("DKIM verification failed: %s", e.toString());
                    return List.of(new DkimOutcome(DkimOutcome.Result.PERMERROR, null, null, null, "unverifiable"));
                });
    }

    /**
     * A run that did not finish in time: TEMPERROR for each signature it was to verify, with the signing domain the
     * field claims, so DMARC counts a transient failure only for a signature that could have aligned (a slow key
     * of d=attacker.example must not turn a forged From into dmarc=temperror).
     */
    private List<DkimOutcome> timedOut(List<String> signatures) {
        List<DkimOutcome> out = new ArrayList<>();
        for (String raw : signatures.subList(0, Math.min(signatures.size(), maxSignatures))) {
            String d = tag(raw, "d");
            out.add(new DkimOutcome(DkimOutcome.Result.TEMPERROR, d == null ? null : d.toLowerCase(Locale.ROOT),
                    tag(raw, "s"), null, "verification timed out"));
        }
        return out;
    }

    /** Removes DKIM-Signature fields past the limit, last first so the indexes stay right. */
    private byte[] withoutExtraSignatures(byte[] message, int signatures) {
        List<MessageEdits.HeaderEdit> edits = new ArrayList<>();
        for (int n = signatures; n > maxSignatures; n--) {
            edits.add(new MessageEdits.HeaderEdit(MessageEdits.HeaderEdit.Kind.CHANGE, n, FIELD, ""));
        }
        return MessageEditor.apply(message, new MessageEdits(edits, null, List.of(), List.of(), null));
    }

    /** A key record set as fetched: its TXT strings, or null when DNS failed (temperror). */
    private record Key(List<String> txt) {
    }

    /** The key records the signatures name (RFC 6376 section 3.6.2.1: TXT at s._domainkey.d), fetched at once. */
    private Uni<Map<String, Key>> keys(List<String> signatures) {
        Set<String> names = new LinkedHashSet<>();
        for (String raw : signatures) {
            String d = tag(raw, "d");
            String s = tag(raw, "s");
            if (d != null && s != null && !d.isEmpty() && !s.isEmpty()) {
                names.add(keyName(s, d));
            }
        }
        if (names.isEmpty()) {
            return Uni.createFrom().item(Map.of());
        }
        List<Uni<Map.Entry<String, Key>>> lookups = new ArrayList<>();
        for (String name : names) {
            lookups.add(dns.txt(name).map(txt -> new Key(txt)).onFailure().recoverWithItem(new Key(null))
                    .map(k -> Map.entry(name, k)));
        }
        return Uni.join().all(lookups).andFailFast().map(entries -> {
            Map<String, Key> out = new HashMap<>();
            entries.forEach(e -> out.put(e.getKey(), e.getValue()));
            return out;
        });
    }

    private static String keyName(CharSequence selector, CharSequence domain) {
        return (selector + "._domainkey." + domain).replaceAll("\\s", "").toLowerCase(Locale.ROOT);
    }

    /**
     * jDKIM's key look-up served from the keys fetched before; a name not among them (jDKIM read the tags otherwise)
     * is looked up through the cache, bounded by the check timeout.
     */
    private PublicKeyRecordRetriever retriever(Map<String, Key> keys) {
        return (method, selector, domain) -> {
            if (!"dns/txt".equals(method.toString())) {
                throw new PermFailException("Only dns/txt is supported: " + method);
            }
            String name = keyName(selector, domain);
            Key key = keys.get(name);
            if (key == null) {
                try {
                    key = new Key(dns.txt(name).await().atMost(dns.timeout()));
                } catch (RuntimeException e) {
                    key = new Key(null);
                }
            }
            if (key.txt() == null) {
                throw new TempFailException("DNS look-up of " + name + " failed");
            }
            return key.txt();
        };
    }

    private List<DkimOutcome> run(byte[] message, Map<String, Key> keys) {
        DKIMVerifier verifier = new DKIMVerifier(retriever(keys));
        try {
            verifier.verify(new ByteArrayInputStream(message));
        } catch (FailException e) {
            // No valid signature: the per-signature results below say why.
            LOG.debugf("DKIM: %s", e.getMessage());
        } catch (Exception e) {
            // A message jDKIM cannot even parse (hostile header syntax): the signatures cannot be verified.
            LOG.debugf("DKIM: cannot verify: %s", e.toString());
            return List.of(new DkimOutcome(DkimOutcome.Result.PERMERROR, null, null, null, "unverifiable"));
        }
        List<DkimOutcome> out = new ArrayList<>();
        List<Result> results = verifier.getResults();
        if (results == null) {
            return out;
        }
        for (Result r : results) {
            out.add(outcome(r));
        }
        return out;
    }

    private static DkimOutcome outcome(Result r) {
        SignatureRecord rec = r.getRecord();
        String d = null;
        String s = null;
        String b = null;
        // jDKIM puts a placeholder record ("invalid") on signatures it cannot parse: report their raw tags.
        if (rec != null && r.getResultType() != Result.Type.PERMERROR) {
            d = safe(() -> rec.getDToken());
            s = safe(() -> rec.getSelector());
            b = safe(() -> rec.getRawSignature());
        }
        if (d == null) {
            d = tag(r.getDkimRawField(), "d");
        }
        if (s == null) {
            s = tag(r.getDkimRawField(), "s");
        }
        if (b == null) {
            b = tag(r.getDkimRawField(), "b");
        }
        DkimOutcome.Result result = switch (r.getResultType()) {
            case PASS -> DkimOutcome.Result.PASS;
            case FAIL -> DkimOutcome.Result.FAIL;
            case NEUTRAL -> DkimOutcome.Result.NEUTRAL;
            case POLICY -> DkimOutcome.Result.POLICY;
            case TEMPERROR -> DkimOutcome.Result.TEMPERROR;
            case PERMERROR -> DkimOutcome.Result.PERMERROR;
            default -> DkimOutcome.Result.NONE;
        };
        return new DkimOutcome(result, d == null ? null : d.toLowerCase(Locale.ROOT), s,
                b == null ? null : b.replaceAll("\\s", ""), r.getErrorMessage());
    }

    private interface Getter {
        CharSequence get();
    }

    private static String safe(Getter g) {
        try {
            CharSequence c = g.get();
            return c == null ? null : c.toString();
        } catch (RuntimeException e) {
            return null;
        }
    }

    /** A tag of a raw DKIM-Signature field (RFC 6376 section 3.2 tag-list), for signatures jDKIM could not parse. */
    static String tag(String raw, String name) {
        if (raw == null) {
            return null;
        }
        String v = raw.substring(raw.indexOf(':') + 1);
        for (String part : v.split(";", 64)) {
            int eq = part.indexOf('=');
            if (eq > 0 && part.substring(0, eq).strip().equalsIgnoreCase(name)) {
                return part.substring(eq + 1).strip();
            }
        }
        return null;
    }
}
