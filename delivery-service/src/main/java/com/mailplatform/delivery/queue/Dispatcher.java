package com.mailplatform.delivery.queue;

import com.mailplatform.common.address.AddressException;
import com.mailplatform.common.address.MailAddress;
import com.mailplatform.common.grpc.mailbox.ResolveRecipientReply;
import com.mailplatform.delivery.client.OutboundMessage;
import com.mailplatform.delivery.client.SmtpClient;
import com.mailplatform.delivery.dkim.OutboundSigner;
import com.mailplatform.delivery.local.LocalDeliveryAgent;
import com.mailplatform.delivery.local.MailboxStoreCalls;
import com.mailplatform.delivery.log.Outcome;
import com.mailplatform.delivery.log.Outcome.Status;
import com.mailplatform.delivery.route.Route;
import com.mailplatform.delivery.route.Router;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One attempt for one message (Postfix's qmgr handing recipients to its delivery agents): aliases expanded, each
 * recipient either local (mailbox-store Deliver; local domains never leave the platform) or remote (grouped per
 * domain, routed, one SMTP transaction per domain and host). Returns one outcome per recipient; a failure of
 * mailbox-store fails the Uni so the caller retries the whole attempt.
 */
@ApplicationScoped
public class Dispatcher {

    private final MailboxStoreCalls store;
    private final LocalDeliveryAgent local;
    private final Router router;
    private final SmtpClient smtp;
    private final OutboundSigner dkim;

    public Dispatcher(MailboxStoreCalls store, LocalDeliveryAgent local, Router router, SmtpClient smtp, OutboundSigner dkim) {
        this.store = store;
        this.local = local;
        this.router = router;
        this.smtp = smtp;
        this.dkim = dkim;
    }

    /** Replaces every recipient by its alias expansion (duplicates dropped, the first one's options kept). */
    public Uni<Job> expand(Job job) {
        return Multi.createFrom().iterable(job.recipients())
                .onItem().transformToUniAndConcatenate(r -> store.expand(r.address())
                        .map(targets -> targets.stream().map(r::expandedTo).toList()))
                .collect().asList()
                .map(lists -> {
                    Map<String, Job.Recipient> unique = new LinkedHashMap<>();
                    lists.forEach(l -> l.forEach(r -> unique.putIfAbsent(r.address().toLowerCase(Locale.ROOT), r)));
                    return job.withRecipients(List.copyOf(unique.values()));
                });
    }

    public Uni<List<Outcome>> deliver(Job job) {
        return Multi.createFrom().iterable(job.recipients())
                .onItem().transformToUniAndConcatenate(r -> store.resolve(r.address()).map(reply -> new Resolved(r, reply))
                        // An address mailbox-store calls invalid will be invalid on every retry: it bounces now
                        // instead of failing the attempt, which retried the whole message forever (issue 14).
                        .onFailure(MailboxStoreCalls::invalidArgument).recoverWithItem(e -> new Resolved(r, null)))
                .collect().asList()
                .flatMap(resolved -> {
                    List<String> accounts = new ArrayList<>();
                    Map<String, String> accountToRecipient = new LinkedHashMap<>();
                    Map<String, List<String>> remoteByDomain = new LinkedHashMap<>();
                    List<Outcome> outcomes = new ArrayList<>();
                    for (Resolved r : resolved) {
                        String rcpt = r.recipient.address();
                        if (r.reply == null) {
                            outcomes.add(new Outcome(rcpt, "none", "5.1.3", Status.BOUNCED,
                                    "bad address syntax: \"" + rcpt + "\""));
                            continue;
                        }
                        switch (r.reply.getStatus()) {
                            case LOCAL_EXISTS -> {
                                accounts.add(r.reply.getAccount());
                                accountToRecipient.put(r.reply.getAccount().toLowerCase(Locale.ROOT), rcpt);
                            }
                            case LOCAL_UNKNOWN -> outcomes.add(new Outcome(rcpt, "local", "5.1.1", Status.BOUNCED,
                                    "unknown user: \"" + rcpt + "\""));
                            default -> remoteByDomain.computeIfAbsent(domainOf(rcpt), d -> new ArrayList<>()).add(rcpt);
                        }
                    }
                    Uni<List<Outcome>> localDone = local.deliver(job, accounts).map(list -> list.stream()
                            .map(o -> renamed(o, accountToRecipient.getOrDefault(o.recipient().toLowerCase(Locale.ROOT), o.recipient())))
                            .toList());
                    return localDone.flatMap(l -> {
                        outcomes.addAll(l);
                        return remote(job, remoteByDomain);
                    }).map(remote -> {
                        outcomes.addAll(remote);
                        return outcomes.stream().map(o -> withOrig(job, o)).toList();
                    });
                });
    }

    private Uni<List<Outcome>> remote(Job job, Map<String, List<String>> byDomain) {
        if (byDomain.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        // DKIM-signed once per message for all remote domains; the stored blob stays as it is.
        return store.blob(job.blobId()).flatMap(c -> {
            if (c == null) {
                return Uni.createFrom().item(deferred(byDomain, "message content " + job.blobId()
                        + " is missing in the blob store"));
            }
            // No signing key to be had now (mailbox-store away): the remote recipients wait for the next attempt,
            // and the local outcomes already made stand.
            return dkim.sign(job.queueId(), c).onItemOrFailure().transformToUni((signed, e) -> e == null
                    ? send(job, byDomain, signed)
                    : Uni.createFrom().item(deferred(byDomain, "DKIM signing keys unavailable: " + e.getMessage())));
        });
    }

    private static List<Outcome> deferred(Map<String, List<String>> byDomain, String reason) {
        List<Outcome> out = new ArrayList<>();
        byDomain.values().forEach(l -> l.forEach(r -> out.add(new Outcome(r, "none", "4.3.0", Status.DEFERRED, reason))));
        return out;
    }

    private Uni<List<Outcome>> send(Job job, Map<String, List<String>> byDomain, byte[] content) {
        OutboundMessage m = new OutboundMessage(job.queueId(), job.sender(), content, job.smtputf8());
        List<Uni<List<Outcome>>> perDomain = new ArrayList<>();
        byDomain.forEach((domain, rcpts) -> perDomain.add(router.route(domain).flatMap(route -> route.deliverable()
                ? smtp.deliver(route, m, rcpts)
                : Uni.createFrom().item(unroutable(route, rcpts)))));
        return Uni.join().all(perDomain).andFailFast()
                .map(lists -> lists.stream().flatMap(List::stream).toList());
    }

    static List<Outcome> unroutable(Route route, List<String> rcpts) {
        Status s = route.permanent() ? Status.BOUNCED : Status.DEFERRED;
        return rcpts.stream().map(r -> new Outcome(r, "none", route.dsn(), s, route.detail())).toList();
    }

    private static Outcome renamed(Outcome o, String recipient) {
        return new Outcome(recipient, o.origRecipient(), o.relay(), o.dsn(), o.status(), o.reply(), o.connectMillis(), o.transmitMillis());
    }

    private static Outcome withOrig(Job job, Outcome o) {
        Job.Recipient r = job.recipient(o.recipient());
        return r == null || r.origAddress().isEmpty() ? o : o.withOrigRecipient(r.origAddress());
    }

    /** The domain routed to: a U-label as its A-label (DNS knows only those), so both spellings share one transaction. */
    static String domainOf(String address) {
        int at = address.lastIndexOf('@');
        String domain = at < 0 ? "" : address.substring(at + 1).toLowerCase(Locale.ROOT);
        try {
            return domain.isEmpty() || domain.startsWith("[") ? domain : MailAddress.asciiDomain(domain);
        } catch (AddressException e) {
            return domain; // the route look-up fails on it and says why
        }
    }

    /** {@code reply} null: mailbox-store said the address is not one (INVALID_ARGUMENT). */
    private record Resolved(Job.Recipient recipient, ResolveRecipientReply reply) {
    }
}
