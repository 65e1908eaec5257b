package com.mailplatform.smtp.policy;

import com.mailplatform.smtp.SmtpConfig;
import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * What is left of a DSN request (RFC 3461 RET and NOTIFY) from a client that is neither authenticated nor in
 * mynetworks: its sender address may be forged, so a success notice carrying the whole message would reflect
 * the attacker's mail to a victim (backscatter). Setting {@code smtpd.untrusted-dsn}.
 */
public final class UntrustedDsn {

    private UntrustedDsn() {
    }

    /** RET for the transaction, or null for the default. */
    public static String ret(SmtpConfig.UntrustedDsn mode, boolean untrusted, String ret) {
        if (!untrusted || ret == null) {
            return ret;
        }
        return switch (mode) {
            case IGNORE -> null;
            case HEADERS -> "HDRS";
            case KEEP -> ret;
        };
    }

    /** NOTIFY for one recipient, or null for the default (failures only are reported, RFC 3461 section 4.1). */
    public static String notify(SmtpConfig.UntrustedDsn mode, boolean untrusted, String notify) {
        if (!untrusted || notify == null) {
            return notify;
        }
        return switch (mode) {
            case IGNORE -> null;
            case HEADERS -> {
                // success and delay notices go only to senders we can trust; NEVER and FAILURE stand
                String kept = Arrays.stream(notify.split(",")).filter(n -> n.equals("FAILURE") || n.equals("NEVER"))
                        .collect(Collectors.joining(","));
                yield kept.isEmpty() ? "FAILURE" : kept;
            }
            case KEEP -> notify;
        };
    }
}
