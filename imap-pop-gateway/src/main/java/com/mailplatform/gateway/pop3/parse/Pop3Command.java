package com.mailplatform.gateway.pop3.parse;

import java.util.OptionalInt;

/** One POP3 command as data (RFC 1939 sections 4-7, RFC 2449 section 5). Message numbers are 1-based. */
public sealed interface Pop3Command {

    /** The keyword as it appears on the wire, upper case. */
    String keyword();

    record User(String name) implements Pop3Command {
        public String keyword() {
            return "USER";
        }
    }

    record Pass(String password) implements Pop3Command {
        public String keyword() {
            return "PASS";
        }

        // never let the secret reach a log line through toString()
        @Override
        public String toString() {
            return "Pass[***]";
        }
    }

    record Stat() implements Pop3Command {
        public String keyword() {
            return "STAT";
        }
    }

    /** LIST with an empty {@code msg} lists the whole maildrop. */
    record List(OptionalInt msg) implements Pop3Command {
        public String keyword() {
            return "LIST";
        }
    }

    record Retr(int msg) implements Pop3Command {
        public String keyword() {
            return "RETR";
        }
    }

    record Dele(int msg) implements Pop3Command {
        public String keyword() {
            return "DELE";
        }
    }

    record Noop() implements Pop3Command {
        public String keyword() {
            return "NOOP";
        }
    }

    record Rset() implements Pop3Command {
        public String keyword() {
            return "RSET";
        }
    }

    record Quit() implements Pop3Command {
        public String keyword() {
            return "QUIT";
        }
    }

    /** TOP msg n: headers, the blank line, then {@code lines} body lines (n may be 0, RFC 1939 section 7). */
    record Top(int msg, int lines) implements Pop3Command {
        public String keyword() {
            return "TOP";
        }
    }

    /** UIDL with an empty {@code msg} lists the whole maildrop. */
    record Uidl(OptionalInt msg) implements Pop3Command {
        public String keyword() {
            return "UIDL";
        }
    }

    /** RFC 2595 section 4: switch this connection to TLS. */
    record Stls() implements Pop3Command {
        public String keyword() {
            return "STLS";
        }
    }

    record Capa() implements Pop3Command {
        public String keyword() {
            return "CAPA";
        }
    }
}
