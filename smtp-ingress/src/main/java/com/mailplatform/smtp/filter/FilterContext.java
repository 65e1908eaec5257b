package com.mailplatform.smtp.filter;

import java.util.List;

/** What a filter may know of the session (the macros Postfix passes to milters). */
public record FilterContext(
        String queueId,
        String listener,
        String clientAddress,
        String heloName,
        boolean tls,
        String authUser,
        String mailFrom,
        List<String> recipients) {
}
