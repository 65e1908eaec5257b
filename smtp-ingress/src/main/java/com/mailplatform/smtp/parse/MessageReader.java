package com.mailplatform.smtp.parse;

/** What DATA and BDAT both produce: the message bytes, or the first error as a complete SMTP reply. */
public interface MessageReader {

    String TOO_BIG = "552 5.3.4 Error: message file too big";
    String BARE_NEWLINE = "554 5.6.0 Error: bare <CR> or <LF> received (RFC 5321 section 2.3.8)";
    String LINE_TOO_LONG = "500 5.5.6 Error: text line longer than 1000 octets (RFC 5321 section 4.5.3.1.6)";

    String error();

    byte[] content();

    long size();
}
