package com.mailplatform.smtp.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.mailplatform.common.address.AddressException;
import com.mailplatform.common.address.MailAddress;
import com.mailplatform.common.address.ReversePath;
import com.mailplatform.smtp.parse.CommandParser;
import com.mailplatform.smtp.parse.PathArgument;
import com.mailplatform.smtp.parse.SmtpCommand;
import com.mailplatform.smtp.parse.SyntaxException;
import com.mailplatform.smtp.parse.Xtext;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;

/**
 * One SMTP command line through everything that parses it before a handler decides: {@link CommandParser}, then
 * for MAIL and RCPT {@link PathArgument}, the path ({@link ReversePath}) and the xtext of ENVID/ORCPT (RFC 3461).
 * The contract: hostile input gets a 5xx reply through {@link SyntaxException} (or {@link AddressException} for
 * the path), never another exception, and what is accepted obeys the limits of RFC 5321 section 4.5.3.1.
 * Seeds: {@code src/test/resources/com/mailplatform/smtp/fuzz/SmtpCommandFuzzTestInputs/commandLine}.
 */
class SmtpCommandFuzzTest {

    @FuzzTest(maxDuration = "5s")
    void commandLine(byte[] input) {
        if (input.length == 0) {
            return;
        }
        // Input layout (so that seeds are readable files): one flag byte (bit 0: SMTPUTF8), then the line.
        boolean utf8 = (input[0] & 1) != 0;
        byte[] line = Arrays.copyOfRange(input, 1, input.length);
        SmtpCommand command;
        try {
            command = CommandParser.parse(line);
        } catch (SyntaxException e) {
            assertTrue(e.reply().startsWith("5"), e.reply());
            return;
        }
        // RFC 5321 section 4.5.3.1.4: 512 octets with CRLF; section 2.3.8: no CR or LF inside a line.
        assertTrue(line.length <= CommandParser.MAX_COMMAND_LINE - 2);
        for (byte b : line) {
            assertTrue(b != 0 && b != '\r' && b != '\n', "control character accepted");
        }
        PathArgument arg;
        if (command instanceof SmtpCommand.Mail m) {
            arg = m.from();
        } else if (command instanceof SmtpCommand.Rcpt r) {
            arg = r.to();
        } else {
            if (command instanceof SmtpCommand.Bdat b) {
                assertTrue(b.size() >= 0);
            }
            return;
        }
        assertTrue(arg.path().startsWith("<") && arg.path().endsWith(">"), arg.path());
        assertTrue(arg.parameters().size() <= PathArgument.MAX_PARAMETERS);
        for (Map.Entry<String, String> p : arg.parameters().entrySet()) {
            assertFalse(p.getKey().isEmpty());
            assertEquals(p.getKey().toUpperCase(Locale.ROOT), p.getKey());
            if (p.getValue() != null && (p.getKey().equals("ENVID") || p.getKey().equals("ORCPT"))) {
                try {
                    String decoded = Xtext.decode(p.getValue());
                    assertTrue(decoded.length() <= p.getValue().length());
                } catch (SyntaxException e) {
                    assertTrue(e.reply().startsWith("501 "), e.reply());
                }
            }
        }
        try {
            MailAddress address = ReversePath.parsePath(arg.path(), utf8);
            if (address != null) {
                MailAddressContract.check(address, utf8);
            }
        } catch (AddressException expected) {
            // refused with 501/553 by the handler
        }
    }

    /** What every accepted address must satisfy, whichever way it came in. */
    static final class MailAddressContract {
        private MailAddressContract() {
        }

        static void check(MailAddress a, boolean utf8) {
            assertTrue(a.localPart().getBytes(StandardCharsets.UTF_8).length <= MailAddress.MAX_LOCAL_PART);
            assertTrue(a.domain().getBytes(StandardCharsets.UTF_8).length <= MailAddress.MAX_DOMAIN,
                    "domain over 255 octets: " + a.domain());
            if (!utf8) {
                for (char c : a.toString().toCharArray()) {
                    assertTrue(c >= 32 && c < 127, "non-ASCII address accepted without SMTPUTF8: " + a);
                }
            }
        }
    }
}
