package com.mailplatform.delivery.client;

/** What one SMTP transaction sends: the envelope sender (empty for the null reverse path) and the raw content. */
public record OutboundMessage(String queueId, String sender, byte[] content) {
}
