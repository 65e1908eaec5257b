package com.mailplatform.delivery.sieve;

import com.mailplatform.common.grpc.mailbox.ActiveSieveScriptsRequest;
import com.mailplatform.common.grpc.mailbox.MailboxSieve;
import com.mailplatform.common.grpc.mailbox.SieveScript;
import com.mailplatform.common.sieve.FlaggedFileInto;
import com.mailplatform.common.sieve.FlaggedKeep;
import com.mailplatform.common.sieve.SieveEngine;
import com.mailplatform.common.sieve.SieveMail;
import com.mailplatform.delivery.DeliveryConfig;
import com.mailplatform.delivery.local.MailboxStoreCalls;
import com.mailplatform.delivery.log.Outcome;
import com.mailplatform.delivery.log.Outcome.Status;
import com.mailplatform.delivery.queue.Job;
import io.grpc.Status.Code;
import io.grpc.StatusRuntimeException;
import io.quarkus.grpc.GrpcClient;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.jsieve.mail.Action;
import org.apache.jsieve.mail.ActionDiscard;
import org.apache.jsieve.mail.ActionKeep;
import org.apache.jsieve.mail.ActionRedirect;
import org.apache.jsieve.mail.ActionReject;
import org.apache.jsieve.mail.optional.ActionVacation;
import org.jboss.logging.Logger;

/**
 * Sieve at local delivery (RFC 5228), run here in delivery-service because its side effects need the queue:
 * the accounts' active scripts come from mailbox-store in one call per message, the message is parsed once, each
 * script runs on a worker thread, and the plan says where each account's copy goes. Side effects are made durable
 * before the caller stores the message and acknowledges the original (so before the attempt's settlement):
 * redirects and vacation replies become queue.deferred entries with derived queue ids (a repeated attempt queues
 * nothing twice, {@link SieveQueue}). A script that fails to compile or run keeps the message in the default folder
 * (RFC 5228 section 2.10.6, implicit keep).
 * <p>
 * Crash windows: a crash after a redirect/vacation entry is queued but before the original's settlement is written
 * leads to a second attempt that finds the entry (redirect: same queue id; vacation: the answered row) and queues
 * nothing more; a redirect is thus sent even if storing the kept copy later fails for good (over quota until expiry).
 */
@ApplicationScoped
public class SieveFilter {

    private static final Logger LOG = Logger.getLogger(SieveFilter.class);

    @Inject
    @GrpcClient("mailbox-store")
    MailboxSieve scripts;

    @Inject
    MailboxStoreCalls store;

    @Inject
    SieveQueue queue;

    @Inject
    DeliveryConfig config;

    /** Plans of the accounts that have an active script; accounts absent get the default delivery. */
    public Uni<Map<String, AccountPlan>> plan(Job job, List<String> accounts) {
        return scripts.activeSieveScripts(ActiveSieveScriptsRequest.newBuilder().addAllAccounts(accounts).build())
                .ifNoItem().after(config.storeTimeout()).fail()
                .map(r -> r.getScriptsList())
                // a mailbox-store without Sieve (older replica during an upgrade) means no scripts
                .onFailure(e -> e instanceof StatusRuntimeException s && s.getStatus().getCode() == Code.UNIMPLEMENTED)
                .recoverWithItem(List.of())
                .flatMap(list -> list.isEmpty() ? Uni.createFrom().item(Map.<String, AccountPlan>of())
                        : store.blob(job.blobId()).flatMap(content -> content == null
                        ? Uni.createFrom().item(Map.<String, AccountPlan>of()) // the store's UNKNOWN_BLOB defers it
                        : run(job, list, content)));
    }

    private record Ran(SieveScript script, List<Action> actions, List<String> finalFlags, String error) {
    }

    private Uni<Map<String, AccountPlan>> run(Job job, List<SieveScript> list, byte[] content) {
        return Uni.createFrom().item(() -> {
                    MessageView view = MessageView.of(content);
                    List<Ran> out = new ArrayList<>();
                    for (SieveScript s : list) {
                        out.add(runOne(job, view, s));
                    }
                    return Map.entry(view, out);
                }).runSubscriptionOn(Infrastructure.getDefaultWorkerPool())
                .flatMap(e -> Multi.createFrom().iterable(e.getValue())
                        .onItem().transformToUniAndConcatenate(r -> plan(job, e.getKey(), r))
                        .collect().asList())
                .map(plans -> {
                    Map<String, AccountPlan> m = new LinkedHashMap<>();
                    plans.forEach(p -> m.put(p.account(), p));
                    return m;
                });
    }

    private static Ran runOne(Job job, MessageView view, SieveScript s) {
        SieveMail mail = view.mail(job.sender(), s.getAccount());
        try {
            SieveEngine.get().run(SieveEngine.get().parse(s.getContent()), mail);
            return new Ran(s, List.copyOf(mail.getActions()), List.copyOf(mail.flags()), null);
        } catch (SieveEngine.SieveError e) {
            // RFC 5228 section 2.10.6: an error keeps the message (its actions so far are not carried out)
            String why = "sieve script \"" + s.getName() + "\" failed" + (e.line() > 0 ? " at line " + e.line() : "") + ": " + e.getMessage();
            LOG.warnf("%s: %s: %s, kept", job.queueId(), s.getAccount(), why);
            return new Ran(s, List.of(new ActionKeep()), List.of(), why);
        } catch (RuntimeException | StackOverflowError e) {
            // A user's script that trips the interpreter itself must not defer the account's mail until it expires and
            // bounces: keep it, as for any other script error.
            String why = "sieve script \"" + s.getName() + "\" failed: " + e.getClass().getSimpleName();
            LOG.warnf("%s: %s: %s, kept", job.queueId(), s.getAccount(), why);
            return new Ran(s, List.of(new ActionKeep()), List.of(), why);
        }
    }

    private Uni<AccountPlan> plan(Job job, MessageView view, Ran ran) {
        String account = ran.script.getAccount();
        Map<String, AccountPlan.Target> targets = new LinkedHashMap<>();
        List<String> notes = new ArrayList<>();
        if (ran.error != null) {
            notes.add(ran.error);
        }
        Uni<Void> effects = Uni.createFrom().voidItem();
        Outcome rejected = null;
        for (Action a : ran.actions) {
            if (a instanceof FlaggedFileInto f) {
                add(targets, f.getDestination(), f.flags());
                notes.add("fileinto " + f.getDestination());
            } else if (a instanceof FlaggedKeep k) {
                add(targets, "", k.flags());
            } else if (a instanceof ActionKeep) {
                // the implicit keep carries the internal flags variable's final value (RFC 5232 section 3)
                add(targets, "", ran.finalFlags);
            } else if (a instanceof ActionDiscard) {
                notes.add("discard");
            } else if (a instanceof ActionReject r) {
                // RFC 5429 section 2.1.1: after the message was accepted, refusing it is a DSN to the envelope sender
                // (Settlement writes it; none to <>), never a silent drop
                rejected = new Outcome(account, "local", "5.7.1", Status.BOUNCED,
                        "rejected by the recipient's Sieve filter: " + oneLine(r.getMessage()));
            } else if (a instanceof ActionRedirect r) {
                String to = r.getAddress().trim();
                if (isLoop(view, account)) {
                    // Postfix's "mail forwarding loop": the message went through this account before; keep it
                    notes.add("redirect to " + to + " skipped: forwarding loop");
                    add(targets, "", ran.finalFlags);
                } else {
                    notes.add("redirect to " + to);
                    effects = effects.flatMap(x -> redirect(job, view, account, to));
                }
            } else if (a instanceof ActionVacation v) {
                effects = effects.flatMap(x -> vacation(job, view, account, v).invoke(notes::add).replaceWithVoid());
            }
        }
        Outcome outcome = rejected;
        if (outcome == null && targets.isEmpty()) {
            outcome = new Outcome(account, "local", "2.0.0", Status.SENT, "not stored: " + String.join(", ", notes));
        }
        Outcome fin = outcome;
        return effects.replaceWith(() -> new AccountPlan(account, fin == null ? List.copyOf(targets.values()) : List.of(),
                fin, String.join(", ", notes)));
    }

    private static void add(Map<String, AccountPlan.Target> targets, String mailbox, List<String> flags) {
        // keep and fileinto "INBOX" store one copy (RFC 5228 section 4.1); INBOX is case-insensitive
        String key = mailbox.isEmpty() || mailbox.equalsIgnoreCase("INBOX") ? "" : mailbox;
        targets.putIfAbsent(key, new AccountPlan.Target(key, flags));
    }

    /** RFC 5228 section 4.2 asks for loop control: a Delivered-To of this account means it passed here already. */
    private static boolean isLoop(MessageView view, String account) {
        return view.header("Delivered-To").stream().anyMatch(d -> d.trim().equalsIgnoreCase(account));
    }

    /**
     * redirect (RFC 5228 section 4.2) through the queue, with a Delivered-To line for loop control. The envelope
     * sender is kept (no SRS): a remote next hop checking SPF for the sender's domain will see this platform's
     * address and may fail it; DKIM signatures of the original survive (the body and signed headers are untouched).
     */
    private Uni<Void> redirect(Job job, MessageView view, String account, String to) {
        byte[] header = ("Delivered-To: " + account + "\r\n").getBytes(StandardCharsets.UTF_8);
        byte[] copy = new byte[header.length + view.content().length];
        System.arraycopy(header, 0, copy, 0, header.length);
        System.arraycopy(view.content(), 0, copy, header.length, view.content().length);
        return store.putBlob(copy).flatMap(b -> queue.enqueue(new SieveQueue.Outgoing(derivedId(job, "R", account, to),
                job.sender(), to, b.getBlobId(), b.getSize()), "sieve redirect from " + account + ", not tried yet"));
    }

    /** vacation (RFC 5230): the reply's note for the log. */
    private Uni<String> vacation(Job job, MessageView view, String account, ActionVacation v) {
        String refusal = VacationPolicy.refusal(view, job.sender(), account, v);
        if (refusal != null) {
            return Uni.createFrom().item("vacation: no reply (" + refusal + ")");
        }
        String sender = job.sender().toLowerCase(Locale.ROOT);
        String handle = VacationReply.handle(v);
        return queue.recentlyAnswered(account, sender, handle).flatMap(done -> {
            if (done) {
                return Uni.createFrom().item("vacation: already answered within " + v.getDuration() + " days");
            }
            String id = derivedId(job, "V", account, sender);
            byte[] reply = VacationReply.build(v, view, account, job.sender(), config.myhostname(),
                    ZonedDateTime.now(ZoneOffset.UTC), id);
            // section 5.1: from the null sender, so that no bounce or auto-reply answers it
            return store.putBlob(reply).flatMap(b -> queue.answer(account, sender, handle, Duration.ofDays(v.getDuration()),
                            new SieveQueue.Outgoing(id, "", job.sender(), b.getBlobId(), b.getSize())))
                    .map(queued -> queued ? "vacation: reply queued as " + id : "vacation: answered by another attempt");
        });
    }

    /** The original's queue id + kind + a digest of account and target: stable across attempts. */
    static String derivedId(Job job, String kind, String account, String target) {
        try {
            byte[] h = MessageDigest.getInstance("SHA-256").digest((account.toLowerCase(Locale.ROOT) + "\n"
                    + target.toLowerCase(Locale.ROOT)).getBytes(StandardCharsets.UTF_8));
            return job.queueId() + kind + HexFormat.of().formatHex(h, 0, 5).toUpperCase(Locale.ROOT);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String oneLine(String s) {
        String one = s == null ? "" : s.replaceAll("[\\r\\n]+", " ").trim();
        return one.length() > 200 ? one.substring(0, 200) : one;
    }
}
