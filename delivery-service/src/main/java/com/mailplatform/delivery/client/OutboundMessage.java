package com.mailplatform.delivery.client;

/**
 * What one SMTP transaction sends: the envelope sender (empty for the null reverse path) and the raw content.
 * {@code smtputf8} is the client's SMTPUTF8 on MAIL FROM (InboundMail.smtputf8): the message may hold UTF-8 header
 * fields (RFC 6532) even with an ASCII envelope, so it needs SMTPUTF8 at the next hop like a UTF-8 envelope does.
 */
public record OutboundMessage(String queueId, String sender, byte[] content, boolean smtputf8) {
}
