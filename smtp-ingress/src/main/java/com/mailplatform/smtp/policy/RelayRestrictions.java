package com.mailplatform.smtp.policy;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Postfix's smtpd_relay_restrictions: an ordered list evaluated for each recipient until one decides. Pure: the
 * caller supplies the facts (trusted network, authenticated, destination is ours), so the relay matrix is
 * testable without sockets.
 */
public final class RelayRestrictions {

    public enum Result { PERMIT, REJECT }

    public record Facts(boolean trustedNetwork, boolean authenticated, boolean localDestination) {
    }

    private enum Restriction { PERMIT_MYNETWORKS, PERMIT_SASL_AUTHENTICATED, REJECT_UNAUTH_DESTINATION, PERMIT, REJECT }

    private final List<Restriction> list;

    private RelayRestrictions(List<Restriction> list) {
        this.list = list;
    }

    public static RelayRestrictions parse(List<String> names) {
        List<Restriction> list = new ArrayList<>();
        for (String n : names) {
            String name = n.strip().toUpperCase(Locale.ROOT);
            if (name.isEmpty()) {
                continue;
            }
            try {
                list.add(Restriction.valueOf(name));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("smtpd.relay-restrictions: unknown restriction '" + n.strip()
                        + "' (known: permit_mynetworks, permit_sasl_authenticated, reject_unauth_destination, permit, reject)");
            }
        }
        if (!list.contains(Restriction.REJECT_UNAUTH_DESTINATION) && !list.contains(Restriction.REJECT)) {
            // Postfix refuses to run as an open relay by accident; so do we.
            throw new IllegalArgumentException("smtpd.relay-restrictions must contain reject_unauth_destination or reject");
        }
        return new RelayRestrictions(List.copyOf(list));
    }

    public Result evaluate(Facts f) {
        for (Restriction r : list) {
            switch (r) {
                case PERMIT_MYNETWORKS -> {
                    if (f.trustedNetwork()) {
                        return Result.PERMIT;
                    }
                }
                case PERMIT_SASL_AUTHENTICATED -> {
                    if (f.authenticated()) {
                        return Result.PERMIT;
                    }
                }
                case REJECT_UNAUTH_DESTINATION -> {
                    if (!f.localDestination()) {
                        return Result.REJECT;
                    }
                }
                case PERMIT -> {
                    return Result.PERMIT;
                }
                case REJECT -> {
                    return Result.REJECT;
                }
            }
        }
        return Result.PERMIT;
    }
}
