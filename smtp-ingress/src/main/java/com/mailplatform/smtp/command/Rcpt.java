package com.mailplatform.smtp.command;

import com.mailplatform.common.address.AddressException;
import com.mailplatform.common.address.MailAddress;
import com.mailplatform.common.address.NonAsciiAddressException;
import com.mailplatform.common.address.ReversePath;
import com.mailplatform.common.queue.InboundMail;
import com.mailplatform.smtp.SmtpSession;
import com.mailplatform.smtp.SmtpState;
import com.mailplatform.smtp.response.Replies;
import com.mailplatform.smtp.Transaction;
import com.mailplatform.smtp.filter.Verdict;
import com.mailplatform.smtp.parse.PathArgument;
import com.mailplatform.smtp.parse.SmtpCommand;
import com.mailplatform.smtp.parse.SyntaxException;
import com.mailplatform.smtp.parse.Xtext;
import com.mailplatform.smtp.policy.ClientLimits;
import com.mailplatform.smtp.policy.RecipientPolicy;
import com.mailplatform.smtp.policy.UntrustedDsn;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletionStage;

/** RFC 5321 section 4.1.1.3 with NOTIFY and ORCPT (RFC 3461 section 4.1, 4.2); every recipient is decided here. */
final class Rcpt implements CommandHandler<SmtpCommand.Rcpt> {

    private static final Set<String> NOTIFY = Set.of("SUCCESS", "FAILURE", "DELAY");
    /** RFC 3461 section 4.2: ORCPT is at most 500 characters. */
    static final int MAX_ORCPT = 500;

    private final RecipientPolicy policy;
    private final ClientLimits limits;

    Rcpt(RecipientPolicy policy, ClientLimits limits) {
        this.policy = policy;
        this.limits = limits;
    }

    @Override
    public Set<SmtpState> validIn() {
        return EnumSet.of(SmtpState.TRANSACTION);
    }

    @Override
    public String outOfState(SmtpState state) {
        return Replies.NEED_MAIL;
    }

    @Override
    public CompletionStage<?> handle(SmtpCommand.Rcpt c, SmtpSession s) {
        Transaction env = s.transaction();
        if (env.recipients.size() >= s.config().recipientLimit()) {
            s.reply("452 4.5.3 Error: too many recipients");
            return s.done();
        }
        MailAddress rcpt;
        String notify;
        String orcpt;
        try {
            PathArgument arg = c.to();
            notify = UntrustedDsn.notify(s.config().untrustedDsn(), Mail.untrusted(s, limits), notify(arg.parameters()));
            orcpt = orcpt(arg.parameters());
            for (String k : arg.parameters().keySet()) {
                if (!k.equals("NOTIFY") && !k.equals("ORCPT")) {
                    throw new SyntaxException("555 5.5.4 Unsupported option: " + k);
                }
            }
            rcpt = ReversePath.parsePath(arg.path(), env.smtputf8);
            if (rcpt == null) {
                s.reply("501 5.1.3 Bad recipient address syntax");
                return s.done();
            }
        } catch (SyntaxException e) {
            s.reply(e.reply());
            return s.done();
        } catch (NonAsciiAddressException e) {
            s.reply(Replies.NON_ASCII_ADDRESS);
            return s.done();
        } catch (AddressException e) {
            s.reply("501 5.1.3 Bad recipient address syntax: " + e.getMessage());
            return s.done();
        }
        if (limits.harvesting(s.clientAddress())) {
            // asked before the look-up, so a harvester learns nothing more from this address for a while
            s.close(Replies.closing(s.config().myhostname(), "too many unknown recipients from " + s.clientAddress()));
            return s.done();
        }
        return s.onContext(policy.decide(rcpt, s.clientAddress(), s.authUser() != null)).thenCompose(d -> {
            if (!d.accepted()) {
                s.recipientRejected();
                if (d.unknownUser() && limits.unknownRecipient(s.clientAddress())) {
                    s.close(Replies.closing(s.config().myhostname(), "too many unknown recipients from " + s.clientAddress()));
                    return s.done();
                }
                s.mailLog().reject("RCPT", d.reply(), env.mailFrom, rcpt.toString());
                s.reply(d.reply());
                return s.done();
            }
            if (env.recipients.contains(d.canonical()) || !s.filtering() || env.discarded) {
                add(env, d.canonical(), notify, orcpt);
                s.reply(d.reply());
                return s.done();
            }
            return s.runFilters(f -> f.onRcpt(s.filterContext(env), d.canonical())).thenAccept(v -> {
                if (v.action() == Verdict.Action.REJECT || v.action() == Verdict.Action.TEMPFAIL) {
                    // A filter's refusal at RCPT refuses this recipient only (Postfix answers the RCPT with it).
                    s.recipientRejected();
                    s.mailLog().reject("RCPT", v.reply(), env.mailFrom, d.canonical());
                    s.reply(v.reply());
                    return;
                }
                if (v.action() == Verdict.Action.DISCARD) {
                    env.discarded = true; // the whole message, as a milter's discard means (Postfix does the same)
                    s.mailLog().milterDiscard(env.queueId, "RCPT", null, env.mailFrom, d.canonical());
                }
                add(env, d.canonical(), notify, orcpt);
                s.reply(d.reply());
            });
        });
    }

    private static void add(Transaction env, String rcpt, String notify, String orcpt) {
        if (!env.recipients.contains(rcpt)) {
            env.recipients.add(rcpt);
            if (notify != null || orcpt != null) {
                env.dsn.add(new InboundMail.RecipientDsn(rcpt, notify, orcpt));
            }
        }
    }

    private static String notify(Map<String, String> params) throws SyntaxException {
        if (!params.containsKey("NOTIFY")) {
            return null;
        }
        String v = params.get("NOTIFY");
        if (v == null || v.isEmpty()) {
            throw new SyntaxException("501 5.5.4 Bad NOTIFY parameter syntax");
        }
        String upper = v.toUpperCase(Locale.ROOT);
        if (upper.equals("NEVER")) {
            return upper;
        }
        for (String part : upper.split(",", -1)) {
            if (!NOTIFY.contains(part)) {
                throw new SyntaxException("501 5.5.4 Bad NOTIFY parameter syntax");
            }
        }
        return upper;
    }

    private static String orcpt(Map<String, String> params) throws SyntaxException {
        if (!params.containsKey("ORCPT")) {
            return null;
        }
        String v = params.get("ORCPT");
        int semi = v == null ? -1 : v.indexOf(';');
        if (semi <= 0 || v.length() > MAX_ORCPT) {
            throw new SyntaxException("501 5.5.4 Bad ORCPT parameter syntax");
        }
        return v.substring(0, semi) + ";" + Xtext.decode(v.substring(semi + 1));
    }
}
