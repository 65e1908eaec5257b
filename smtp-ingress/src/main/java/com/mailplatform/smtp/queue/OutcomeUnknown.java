package com.mailplatform.smtp.queue;

/**
 * Neither the broker's outcome nor the hand-off could be learnt: the message may or may not be delivered, so the
 * session must give no reply at all (MessageQueue).
 */
public final class OutcomeUnknown extends RuntimeException {

    public OutcomeUnknown(String queueId, Throwable brokerFailure, Throwable handoffFailure) {
        super(queueId + ": no outcome from the broker (" + brokerFailure + ") and the hand-off could not be settled ("
                + handoffFailure + ")", handoffFailure);
    }
}
