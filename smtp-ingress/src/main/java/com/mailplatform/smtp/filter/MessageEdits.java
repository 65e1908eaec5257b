package com.mailplatform.smtp.filter;

import java.util.ArrayList;
import java.util.List;

/**
 * Changes a filter asks for before the message is queued (the milter modification actions): header edits in the
 * order given, a replacement body, recipients added or removed, a quarantine reason (the message is held in the
 * queue) and the folder local recipients get it in (null: INBOX). {@code body} is null when the body is kept.
 */
public record MessageEdits(List<HeaderEdit> headers, byte[] body, List<String> addRecipients,
                           List<String> deleteRecipients, String quarantine, String mailbox) {

    public static final MessageEdits NONE = new MessageEdits(List.of(), null, List.of(), List.of(), null, null);

    public MessageEdits(List<HeaderEdit> headers, byte[] body, List<String> addRecipients,
                        List<String> deleteRecipients, String quarantine) {
        this(headers, body, addRecipients, deleteRecipients, quarantine, null);
    }

    /** Deliver to local recipients' {@code mailbox} (e.g. "Junk") instead of INBOX. */
    public static MessageEdits fileInto(String mailbox) {
        return new MessageEdits(List.of(), null, List.of(), List.of(), null, mailbox);
    }

    /** Hold the message in the queue (milter SMFIR_QUARANTINE). */
    public static MessageEdits quarantine(String reason) {
        return new MessageEdits(List.of(), null, List.of(), List.of(), reason, null);
    }

    /**
     * ADD appends a header; INSERT puts it at {@code index} (0 = first); CHANGE replaces the {@code index}-th
     * (1-based) header called {@code name}, and an empty value deletes it (Sendmail's smfi_chgheader).
     */
    public record HeaderEdit(Kind kind, int index, String name, String value) {
        public enum Kind { ADD, INSERT, CHANGE }
    }

    public boolean isEmpty() {
        return headers.isEmpty() && body == null && addRecipients.isEmpty() && deleteRecipients.isEmpty()
                && quarantine == null && mailbox == null;
    }

    /** {@code later}'s edits apply after this one's; its body, when it has one, wins. */
    public MessageEdits then(MessageEdits later) {
        if (later.isEmpty()) {
            return this;
        }
        if (isEmpty()) {
            return later;
        }
        List<HeaderEdit> h = new ArrayList<>(headers);
        h.addAll(later.headers);
        List<String> add = new ArrayList<>(addRecipients);
        add.addAll(later.addRecipients);
        List<String> del = new ArrayList<>(deleteRecipients);
        del.addAll(later.deleteRecipients);
        return new MessageEdits(List.copyOf(h), later.body != null ? later.body : body, List.copyOf(add),
                List.copyOf(del), quarantine != null ? quarantine : later.quarantine,
                later.mailbox != null ? later.mailbox : mailbox);
    }
}
