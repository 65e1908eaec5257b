package com.mailplatform.smtp.response;

/**
 * The reply catalogue of the SMTP server (RFC 5321 section 4.2, enhanced codes RFC 3463): one place for the
 * replies handlers share, worded as Postfix words them where operators know the text.
 */
public final class Replies {

    public static final String OK = "250 2.0.0 Ok";
    public static final String SENDER_OK = "250 2.1.0 Ok";
    public static final String BYE = "221 2.0.0 Bye";
    public static final String START_TLS = "220 2.0.0 Ready to start TLS";
    public static final String START_DATA = "354 End data with <CR><LF>.<CR><LF>";

    public static final String NEED_HELO = "503 5.5.1 Error: send HELO/EHLO first";
    public static final String NEED_EHLO = "503 5.5.1 Error: send EHLO first";
    public static final String NEED_MAIL = "503 5.5.1 Error: need MAIL command";
    public static final String NESTED_MAIL = "503 5.5.1 Error: nested MAIL command";
    public static final String IN_TRANSACTION = "503 5.5.1 Error: MAIL transaction in progress";
    public static final String ALREADY_AUTHENTICATED = "503 5.5.1 Error: already authenticated";
    public static final String DATA_AFTER_BDAT = "503 5.5.1 Error: DATA after BDAT (RFC 3030 section 2)";
    public static final String NO_VALID_RECIPIENTS = "554 5.5.1 Error: no valid recipients";
    public static final String NOT_IMPLEMENTED = "502 5.5.1 Error: command not implemented";
    public static final String TLS_ACTIVE = "554 5.5.1 Error: TLS already active";
    public static final String LINE_TOO_LONG = "500 5.5.2 Error: line too long";
    public static final String EARLY_TALKER = "554 5.5.1 Error: protocol error: talking before the greeting";
    public static final String INTERNAL_ERROR = "451 4.3.0 Error: internal error";
    /** RFC 6531 section 3.5: a non-ASCII address in a transaction whose MAIL FROM lacked SMTPUTF8. */
    public static final String NON_ASCII_ADDRESS = "553 5.6.7 Non-ASCII addresses not permitted for that sender/recipient";

    public static final String AUTH_OK = "235 2.7.0 Authentication successful";
    public static final String AUTH_FAILED = "535 5.7.8 Error: authentication failed";
    public static final String AUTH_ABORTED = "501 5.7.0 Authentication aborted";
    public static final String AUTH_UNDECODABLE = "501 5.5.2 Cannot decode response";
    public static final String AUTH_TEMPFAIL = "454 4.7.0 Temporary authentication failure";
    public static final String AUTH_NEEDS_TLS = "538 5.7.11 Encryption required for requested authentication mechanism";
    public static final String AUTH_UNKNOWN_MECHANISM = "504 5.5.4 Unrecognized authentication type";
    public static final String AUTH_REQUIRED = "530 5.7.0 Authentication required";

    private Replies() {
    }

    public static String queued(String queueId) {
        return "250 2.0.0 Ok: queued as " + queueId;
    }

    /** 421: the server closes the connection (RFC 5321 section 3.8). */
    public static String closing(String myhostname, String why) {
        return "421 4.7.0 " + myhostname + " Error: " + why;
    }

    public static String timeout(String myhostname, String what) {
        return "421 4.4.2 " + myhostname + " Error: " + what;
    }
}
