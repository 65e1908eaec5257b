package com.mailplatform.smtp.parse;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/** Command lines to {@link SmtpCommand} records (RFC 5321 section 4.1.1); pure, no I/O. */
public final class CommandParser {

    /** RFC 5321 section 4.5.3.1.4: a command line is at most 512 octets including CRLF. */
    public static final int MAX_COMMAND_LINE = 512;

    private CommandParser() {
    }

    /** @throws SyntaxException with an SMTP reply for lines that cannot be a command */
    public static SmtpCommand parse(byte[] line) throws SyntaxException {
        if (line.length + 2 > MAX_COMMAND_LINE) {
            throw new SyntaxException("500 5.5.2 Error: line too long");
        }
        for (byte b : line) {
            // NUL and other controls mean a confused or hostile client; bytes >= 0x80 are UTF-8 (RFC 6531), judged later.
            if (b == 0 || b == '\r' || (b >= 0 && b < 32 && b != '\t')) {
                throw new SyntaxException("500 5.5.2 Error: bad character in command");
            }
        }
        String text;
        try {
            // RFC 6531 section 3.3: non-ASCII in a command is UTF-8; anything else is refused, never "repaired"
            text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(line)).toString().strip();
        } catch (CharacterCodingException e) {
            throw new SyntaxException("500 5.5.2 Error: invalid UTF-8 in command");
        }
        if (text.isEmpty()) {
            throw new SyntaxException("500 5.5.2 Error: bad syntax");
        }
        int sp = text.indexOf(' ');
        String verb = (sp < 0 ? text : text.substring(0, sp)).toUpperCase(Locale.ROOT);
        String arg = sp < 0 ? "" : text.substring(sp + 1).strip();
        return switch (verb) {
            case "EHLO" -> new SmtpCommand.Ehlo(domain(arg, "501 5.5.4 Syntax: EHLO hostname"));
            case "HELO" -> new SmtpCommand.Helo(domain(arg, "501 5.5.4 Syntax: HELO hostname"));
            case "STARTTLS" -> {
                if (!arg.isEmpty()) {
                    throw new SyntaxException("501 5.5.4 Syntax: STARTTLS");
                }
                yield new SmtpCommand.StartTls();
            }
            case "AUTH" -> {
                String[] parts = arg.split(" ");
                if (arg.isEmpty() || parts.length > 2) {
                    throw new SyntaxException("501 5.5.4 Syntax: AUTH mechanism [initial-response]");
                }
                yield new SmtpCommand.Auth(parts[0].toUpperCase(Locale.ROOT), parts.length > 1 ? parts[1] : null);
            }
            case "MAIL" -> new SmtpCommand.Mail(PathArgument.parse(arg, "FROM"));
            case "RCPT" -> new SmtpCommand.Rcpt(PathArgument.parse(arg, "TO"));
            case "DATA" -> {
                if (!arg.isEmpty()) {
                    throw new SyntaxException("501 5.5.4 Syntax: DATA", SyntaxException.Then.DATA_REFUSED);
                }
                yield new SmtpCommand.Data();
            }
            case "BDAT" -> bdat(arg);
            case "RSET" -> new SmtpCommand.Rset();
            case "NOOP" -> new SmtpCommand.Noop();
            case "QUIT" -> new SmtpCommand.Quit();
            case "VRFY" -> new SmtpCommand.Vrfy();
            case "EXPN" -> new SmtpCommand.Expn();
            case "HELP" -> new SmtpCommand.Help();
            default -> throw new SyntaxException("500 5.5.2 Error: command not recognized");
        };
    }

    private static String domain(String arg, String syntax) throws SyntaxException {
        if (arg.isEmpty() || arg.contains(" ")) {
            throw new SyntaxException(syntax);
        }
        return arg;
    }

    /** RFC 3030 section 2; without a readable size nobody knows where the chunk ends, so that error is fatal. */
    private static SmtpCommand.Bdat bdat(String arg) throws SyntaxException {
        String[] parts = arg.split(" ");
        boolean last = parts.length == 2 && parts[1].toUpperCase(Locale.ROOT).equals("LAST");
        if (parts.length > 2 || !parts[0].matches("[0-9]{1,18}") || (parts.length == 2 && !last)) {
            throw new SyntaxException("501 5.5.4 Syntax: BDAT size [LAST]", SyntaxException.Then.CLOSE);
        }
        return new SmtpCommand.Bdat(Long.parseLong(parts[0]), last);
    }
}
