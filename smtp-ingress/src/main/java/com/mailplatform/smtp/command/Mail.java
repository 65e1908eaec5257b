package com.mailplatform.smtp.command;

import com.mailplatform.common.address.AddressException;
import com.mailplatform.common.address.MailAddress;
import com.mailplatform.common.address.ReversePath;
import com.mailplatform.smtp.SmtpSession;
import com.mailplatform.smtp.parse.PathArgument;
import com.mailplatform.smtp.parse.SmtpCommand;
import com.mailplatform.smtp.parse.SyntaxException;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletionStage;

/** RFC 5321 section 4.1.1.2, with SIZE (RFC 1870 section 6) and BODY (RFC 6152). */
final class Mail implements CommandHandler {

    @Override
    public CompletionStage<?> handle(SmtpSession s, SmtpCommand c) {
        if (s.heloName() == null) {
            s.reply("503 5.5.1 Error: send HELO/EHLO first");
            return s.done();
        }
        if (s.mailFrom() != null) {
            s.reply("503 5.5.1 Error: nested MAIL command");
            return s.done();
        }
        try {
            PathArgument arg = PathArgument.parse(c.argument(), "FROM");
            MailAddress from = ReversePath.parsePath(arg.path());
            checkParameters(s, arg.parameters());
            s.mailFrom(from == null ? "" : from.toString());
            s.reply("250 2.1.0 Ok");
        } catch (SyntaxException e) {
            s.reply(e.reply());
        } catch (AddressException e) {
            s.reply("501 5.1.7 Bad sender address syntax: " + e.getMessage());
        }
        return s.done();
    }

    private static void checkParameters(SmtpSession s, Map<String, String> params) throws SyntaxException {
        for (Map.Entry<String, String> p : params.entrySet()) {
            String value = p.getValue();
            switch (p.getKey()) {
                case "SIZE" -> {
                    if (!s.esmtp() || value == null || !value.matches("[0-9]{1,19}")) {
                        throw new SyntaxException("501 5.5.4 Bad message size syntax");
                    }
                    long declared = Long.parseLong(value);
                    if (declared > s.config().messageSizeLimit()) {
                        throw new SyntaxException("552 5.3.4 Message size exceeds fixed limit");
                    }
                }
                case "BODY" -> {
                    String body = value == null ? "" : value.toUpperCase(Locale.ROOT);
                    if (!s.esmtp() || !(body.equals("7BIT") || body.equals("8BITMIME"))) {
                        throw new SyntaxException("501 5.5.4 Bad BODY keyword: " + value);
                    }
                }
                default -> throw new SyntaxException("555 5.5.4 Unsupported option: " + p.getKey());
            }
        }
    }
}
