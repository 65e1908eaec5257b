package com.mailplatform.delivery.sieve;

import com.mailplatform.common.grpc.mailbox.DeliverRequest;
import com.mailplatform.common.grpc.mailbox.Delivery;
import com.mailplatform.common.grpc.mailbox.DeliveryResult;
import com.mailplatform.delivery.log.Outcome;
import com.mailplatform.delivery.log.Outcome.Status;
import com.mailplatform.delivery.queue.Job;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * One Deliver call for a message's local accounts, Sieve plans included, and the way back from its results to one
 * outcome per account. An account filed into several folders has several deliveries; the first is keyed by the
 * queue id, the n-th by "queue id.n" (stable for the same script and message), so mailbox-store's idempotent key
 * (queue id, recipient) still makes a repeated attempt store nothing twice. An account's outcome is the worst of its
 * deliveries (a deferred copy makes the whole account retry; the stored ones then answer DUPLICATE).
 */
public record SieveDeliveries(DeliverRequest request, List<String> accountOfDelivery, List<String> accounts,
                              Map<String, AccountPlan> plans) {

    public static SieveDeliveries of(Job job, List<String> accounts, Map<String, AccountPlan> plans) {
        DeliverRequest.Builder req = DeliverRequest.newBuilder();
        List<String> owner = new ArrayList<>();
        String dflt = job.mailbox() == null ? "" : job.mailbox();
        for (String account : accounts) {
            AccountPlan plan = plans.get(account);
            if (plan == null) {
                // Empty means INBOX; mailbox-store falls back to INBOX when the account has no such folder.
                req.addDeliveries(delivery(job, account, job.queueId(), dflt, List.of()));
                owner.add(account);
                continue;
            }
            int n = 0;
            for (AccountPlan.Target t : plan.targets()) {
                // fileinto a folder the account lacks: mailbox-store files it into INBOX (Dovecot's
                // lda_mailbox_autocreate=no), so a typo in a script never bounces or loses mail
                req.addDeliveries(delivery(job, account, n == 0 ? job.queueId() : job.queueId() + "." + n,
                        t.mailbox().isEmpty() ? dflt : t.mailbox(), t.flags()));
                owner.add(account);
                n++;
            }
        }
        return new SieveDeliveries(req.build(), owner, accounts, plans);
    }

    private static Delivery delivery(Job job, String account, String key, String mailbox, List<String> flags) {
        return Delivery.newBuilder().setQueueId(key).setRecipient(account).setBlobId(job.blobId())
                .setInternalDateMillis(job.receivedAtMillis()).setMailbox(mailbox).addAllFlags(flags).build();
    }

    /** One outcome per account, in the order asked; {@code outcome} maps a store result as the agent always did. */
    public List<Outcome> merge(List<DeliveryResult> results, Function<DeliveryResult, Outcome> outcome) {
        Map<String, Outcome> worst = new LinkedHashMap<>();
        for (int i = 0; i < results.size() && i < accountOfDelivery.size(); i++) {
            String account = accountOfDelivery.get(i);
            Outcome o = outcome.apply(results.get(i));
            o = new Outcome(account, o.origRecipient(), o.relay(), o.dsn(), o.status(), o.reply(), o.connectMillis(), o.transmitMillis());
            worst.merge(account, o, (a, b) -> rank(b) > rank(a) ? b : a);
        }
        List<Outcome> out = new ArrayList<>();
        for (String account : accounts) {
            AccountPlan plan = plans.get(account);
            Outcome o = worst.get(account);
            if (o == null && plan != null) {
                o = plan.outcome();
            }
            if (o == null) {
                continue;
            }
            if (plan != null && !plan.note().isEmpty() && o != plan.outcome()) {
                o = new Outcome(o.recipient(), o.origRecipient(), o.relay(), o.dsn(), o.status(),
                        o.reply() + " (sieve: " + plan.note() + ")", o.connectMillis(), o.transmitMillis());
            }
            out.add(o);
        }
        return out;
    }

    private static int rank(Outcome o) {
        return switch (o.status()) {
            case SENT -> 0;
            case BOUNCED -> 1;
            case DEFERRED, HELD -> 2;
        };
    }
}
