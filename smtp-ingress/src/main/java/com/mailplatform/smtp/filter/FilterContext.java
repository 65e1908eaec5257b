package com.mailplatform.smtp.filter;

import java.util.List;

/**
 * What a filter may know of the session at a stage (the macros Postfix passes to milters). Fields not known yet
 * at that stage are null: {@code heloName} before HELO, {@code queueId} and {@code mailFrom} before MAIL
 * ({@code mailFrom} is "" for the null reverse path), {@code recipients} holds those accepted so far.
 * {@code tlsVersion} is the negotiated protocol (e.g. TLSv1.3) or null without TLS. {@code session} lives as long
 * as the connection.
 */
public record FilterContext(
        String queueId,
        String listener,
        String clientAddress,
        String heloName,
        boolean tls,
        String authUser,
        String mailFrom,
        List<String> recipients,
        String tlsVersion,
        FilterSession session) {

    /** A context outside any SMTP session (tests, mail the platform makes itself): a fresh session store. */
    public FilterContext(String queueId, String listener, String clientAddress, String heloName, boolean tls,
                         String authUser, String mailFrom, List<String> recipients) {
        this(queueId, listener, clientAddress, heloName, tls, authUser, mailFrom, recipients, tls ? "TLSv1.2" : null,
                new FilterSession());
    }
}
