package com.mailplatform.gateway.pop3;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The snapshot of a maildrop taken at PASS (RFC 1939 section 4): message numbers are 1-based indexes into it and
 * stay fixed for the session; DELE only marks, and the marks are applied in the UPDATE state. Pure, no I/O.
 */
public final class Maildrop {

    public record Message(long uid, long size) {
    }

    public static final String NO_SUCH_MESSAGE = "no such message";
    public static final String MESSAGE_DELETED = "message deleted";

    private final String account;
    private final long mailboxId;
    private final long uidvalidity;
    private final List<Message> messages;
    private final boolean[] deleted;

    public Maildrop(String account, long mailboxId, long uidvalidity, List<Message> messages) {
        this.account = account;
        this.mailboxId = mailboxId;
        this.uidvalidity = uidvalidity;
        this.messages = List.copyOf(messages);
        this.deleted = new boolean[messages.size()];
    }

    public String account() {
        return account;
    }

    /** The INBOX's id in the store, what its messages are read by. */
    public long mailboxId() {
        return mailboxId;
    }

    /** Messages in the snapshot, deleted ones included: the highest valid message number. */
    public int size() {
        return messages.size();
    }

    /** Null when {@code msg} names a message that may be used, else the reason for -ERR. */
    public String refusal(int msg) {
        if (msg < 1 || msg > messages.size()) {
            return NO_SUCH_MESSAGE;
        }
        return deleted[msg - 1] ? MESSAGE_DELETED : null;
    }

    public Message get(int msg) {
        return messages.get(msg - 1);
    }

    public boolean isDeleted(int msg) {
        return deleted[msg - 1];
    }

    public void delete(int msg) {
        deleted[msg - 1] = true;
    }

    /** RSET (RFC 1939 section 5). */
    public void undeleteAll() {
        java.util.Arrays.fill(deleted, false);
    }

    /** Messages not marked deleted, as STAT counts them. */
    public int liveCount() {
        int n = 0;
        for (boolean d : deleted) {
            if (!d) {
                n++;
            }
        }
        return n;
    }

    public long liveOctets() {
        long sum = 0;
        for (int i = 0; i < deleted.length; i++) {
            if (!deleted[i]) {
                sum += messages.get(i).size();
            }
        }
        return sum;
    }

    public List<Long> deletedUids() {
        List<Long> uids = new ArrayList<>();
        for (int i = 0; i < deleted.length; i++) {
            if (deleted[i]) {
                uids.add(messages.get(i).uid());
            }
        }
        return uids;
    }

    /**
     * Stable across sessions (RFC 1939 section 7 UIDL): the UID then the UIDVALIDITY, 8 upper-case hex digits each,
     * the format of Dovecot's default pop3_uidl_format {@code %08Xu%08Xv}, so clients migrating keep their state.
     */
    public String uidl(int msg) {
        return hex8(get(msg).uid()) + hex8(uidvalidity);
    }

    static String hex8(long v) {
        String h = Long.toHexString(v).toUpperCase(Locale.ROOT);
        return h.length() >= 8 ? h : "00000000".substring(h.length()) + h;
    }
}
