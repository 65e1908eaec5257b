package com.mailplatform.smtp.parse;

/**
 * One SMTP command as data (RFC 5321 section 4.1.1 and the extensions' sections), made by {@link CommandParser}
 * with its syntax already checked; the handlers judge only state and policy.
 */
public sealed interface SmtpCommand {

    /** RFC 5321 section 4.1.1.1. */
    record Ehlo(String domain) implements SmtpCommand {
    }

    record Helo(String domain) implements SmtpCommand {
    }

    /** RFC 3207. */
    record StartTls() implements SmtpCommand {
    }

    /** RFC 4954 section 4: mechanism (upper case) and the optional initial response. */
    record Auth(String mechanism, String initialResponse) implements SmtpCommand {
    }

    /** RFC 5321 section 4.1.1.2. */
    record Mail(PathArgument from) implements SmtpCommand {
    }

    /** RFC 5321 section 4.1.1.3. */
    record Rcpt(PathArgument to) implements SmtpCommand {
    }

    /** RFC 5321 section 4.1.1.4. */
    record Data() implements SmtpCommand {
    }

    /** RFC 3030 section 2: {@code BDAT size [LAST]}. */
    record Bdat(long size, boolean last) implements SmtpCommand {
    }

    record Rset() implements SmtpCommand {
    }

    record Noop() implements SmtpCommand {
    }

    record Quit() implements SmtpCommand {
    }

    record Vrfy() implements SmtpCommand {
    }

    record Expn() implements SmtpCommand {
    }

    record Help() implements SmtpCommand {
    }
}
