package com.mailplatform.smtp.command;

import com.mailplatform.common.address.NonAsciiAddressException;
import com.mailplatform.common.address.AddressException;
import com.mailplatform.common.address.MailAddress;
import com.mailplatform.common.address.ReversePath;
import com.mailplatform.common.queue.QueueIds;
import com.mailplatform.smtp.SmtpSession;
import com.mailplatform.smtp.SmtpState;
import com.mailplatform.smtp.response.Replies;
import com.mailplatform.smtp.Transaction;
import com.mailplatform.smtp.filter.FilterContext;
import com.mailplatform.smtp.filter.Verdict;
import com.mailplatform.smtp.parse.PathArgument;
import com.mailplatform.smtp.parse.SmtpCommand;
import com.mailplatform.smtp.parse.SyntaxException;
import com.mailplatform.smtp.parse.Xtext;
import com.mailplatform.smtp.policy.ClientLimits;
import com.mailplatform.smtp.policy.SenderLogin;
import com.mailplatform.smtp.policy.UntrustedDsn;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;
import java.util.Map;
import java.util.concurrent.CompletionStage;

/**
 * RFC 5321 section 4.1.1.2, with SIZE (RFC 1870), BODY (RFC 6152), SMTPUTF8 (RFC 6531), RET and ENVID
 * (RFC 3461) and AUTH= (RFC 4954 section 5, accepted and ignored).
 */
final class Mail implements CommandHandler<SmtpCommand.Mail> {

    /** RFC 3461 section 4.4: ENVID is at most 100 characters. */
    static final int MAX_ENVID = 100;

    private final SenderLogin senderLogin;
    private final ClientLimits limits;

    Mail(SenderLogin senderLogin, ClientLimits limits) {
        this.senderLogin = senderLogin;
        this.limits = limits;
    }

    record Params(boolean smtputf8, String body, String ret, String envid) {
    }

    @Override
    public Set<SmtpState> validIn() {
        return EnumSet.of(SmtpState.GREETED);
    }

    @Override
    public String outOfState(SmtpState state) {
        return state == SmtpState.CONNECTED ? Replies.NEED_HELO : Replies.NESTED_MAIL;
    }

    @Override
    public CompletionStage<?> handle(SmtpCommand.Mail c, SmtpSession s) {
        if (s.listener().authRequired() && s.authUser() == null) {
            return CommandHandler.reply(s, Replies.AUTH_REQUIRED);
        }
        MailAddress from;
        Params params;
        try {
            PathArgument arg = c.from();
            params = parameters(s, arg.parameters());
            from = ReversePath.parsePath(arg.path(), params.smtputf8());
        } catch (SyntaxException e) {
            s.reply(e.reply());
            return s.done();
        } catch (NonAsciiAddressException e) {
            s.reply(Replies.NON_ASCII_ADDRESS);
            return s.done();
        } catch (AddressException e) {
            s.reply("501 5.1.7 Bad sender address syntax: " + e.getMessage());
            return s.done();
        }
        if (!limits.allowMessage(s.clientAddress())) {
            s.reply("450 4.7.1 Error: too much mail from " + s.clientAddress());
            return s.done();
        }
        String ret = UntrustedDsn.ret(s.config().untrustedDsn(), untrusted(s, limits), params.ret());
        Transaction envelope = new Transaction(QueueIds.next(), from == null ? "" : from.toString(),
                params.smtputf8(), params.body(), ret, params.envid());
        if (s.listener().authRequired()) {
            return s.onContext(senderLogin.owns(s.authUser(), from).onFailure().recoverWithItem(false)).<Void>thenCompose(owned -> {
                if (!owned) {
                    s.mailLog().reject("MAIL", "553 5.7.1 <" + (from == null ? "" : from) + ">: Sender address rejected: not owned by user "
                            + s.authUser(), envelope.mailFrom, null);
                    s.reply("553 5.7.1 <" + (from == null ? "" : from) + ">: Sender address rejected: not owned by user " + s.authUser());
                    return s.done();
                }
                return begin(s, envelope);
            });
        }
        return begin(s, envelope);
    }

    /** Neither authenticated nor in mynetworks: its DSN requests may reflect mail to a forged sender. */
    static boolean untrusted(SmtpSession s, ClientLimits limits) {
        return s.authUser() == null && !limits.trusted(s.clientAddress());
    }

    /** The filters' connect verdict and MAIL stage, then the transaction starts. */
    private static CompletionStage<Void> begin(SmtpSession s, Transaction envelope) {
        if (!s.filtering()) {
            s.startTransaction(envelope);
            s.reply(Replies.SENDER_OK);
            return s.done();
        }
        return s.connectRefusal().thenCompose(refusal -> {
            if (refusal != null) {
                s.mailLog().reject("MAIL", refusal, envelope.mailFrom, null);
                s.reply(refusal);
                return s.done();
            }
            FilterContext ctx = s.filterContext(envelope);
            return s.runFilters(f -> f.onMail(ctx)).thenAccept(v -> {
                if (v.action() == Verdict.Action.REJECT || v.action() == Verdict.Action.TEMPFAIL) {
                    s.filters().notify(f -> f.onAbort(ctx));
                    s.mailLog().reject("MAIL", v.reply(), envelope.mailFrom, null);
                    s.reply(v.reply());
                    return;
                }
                if (v.action() == Verdict.Action.DISCARD) {
                    envelope.discarded = true;
                    s.mailLog().milterDiscard(envelope.queueId, "MAIL", null, envelope.mailFrom, null);
                }
                s.startTransaction(envelope);
                s.reply(Replies.SENDER_OK);
            });
        });
    }

    private static Params parameters(SmtpSession s, Map<String, String> params) throws SyntaxException {
        boolean utf8 = false;
        String body = null;
        String ret = null;
        String envid = null;
        for (Map.Entry<String, String> p : params.entrySet()) {
            String value = p.getValue();
            if (!s.esmtp()) {
                throw new SyntaxException("555 5.5.4 Unsupported option: " + p.getKey());
            }
            switch (p.getKey()) {
                case "SIZE" -> {
                    if (value == null || !value.matches("[0-9]{1,19}")) {
                        throw new SyntaxException("501 5.5.4 Bad message size syntax");
                    }
                    if (Long.parseLong(value) > s.config().messageSizeLimit()) {
                        throw new SyntaxException("552 5.3.4 Message size exceeds fixed limit");
                    }
                }
                case "BODY" -> {
                    body = value == null ? "" : value.toUpperCase(Locale.ROOT);
                    if (!(body.equals("7BIT") || body.equals("8BITMIME"))) {
                        throw new SyntaxException("501 5.5.4 Bad BODY keyword: " + value);
                    }
                }
                case "SMTPUTF8" -> {
                    if (value != null) {
                        throw new SyntaxException("501 5.5.4 SMTPUTF8 takes no value");
                    }
                    utf8 = true;
                }
                case "RET" -> {
                    ret = value == null ? "" : value.toUpperCase(Locale.ROOT);
                    if (!(ret.equals("FULL") || ret.equals("HDRS"))) {
                        throw new SyntaxException("501 5.5.4 Bad RET parameter syntax");
                    }
                }
                case "ENVID" -> {
                    if (value == null || value.length() > MAX_ENVID) {
                        throw new SyntaxException("501 5.5.4 Bad ENVID parameter syntax");
                    }
                    envid = Xtext.decode(value);
                }
                case "AUTH" -> {
                    // RFC 4954 section 5: we trust no client's claim about who submitted the message.
                }
                default -> throw new SyntaxException("555 5.5.4 Unsupported option: " + p.getKey());
            }
        }
        return new Params(utf8, body, ret, envid);
    }
}
