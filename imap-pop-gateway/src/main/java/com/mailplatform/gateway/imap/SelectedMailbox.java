package com.mailplatform.gateway.imap;

import com.mailplatform.common.grpc.mailbox.FolderChangesReply;
import com.mailplatform.common.grpc.mailbox.FolderInfo;
import com.mailplatform.common.grpc.mailbox.MessageState;
import com.mailplatform.gateway.imap.parse.SequenceSet;
import com.mailplatform.gateway.imap.response.Flags;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The selected mailbox as this session knows it: the message sequence numbers (index + 1 into a UID-sorted list),
 * each message's flags, and the MODSEQ up to which the store's changes have been applied. Changes are applied only
 * when the session may tell the client (RFC 9051 section 7.5.1), producing the untagged responses to send.
 */
public final class SelectedMailbox {

    private final FolderInfo folder;
    private final boolean readOnly;
    private final List<MessageState> messages;
    private long modseq;
    private long uidnext;
    /** compliance: UIDs that are \Recent for this session (RFC 3501 section 2.3.2; only rev1 sessions get any). */
    private final Set<Long> recent = new HashSet<>();
    /** RFC 7162: once CONDSTORE is enabled every FETCH caused by a flag change carries MODSEQ (section 3.1). */
    private boolean condstore;
    /** RFC 7162 section 3.2.7: once QRESYNC is enabled removals are told as VANISHED instead of EXPUNGE. */
    private boolean qresync;
    /** Keywords the client has been told of in a FLAGS response. */
    private final Set<String> announced = new java.util.TreeSet<>();

    public SelectedMailbox(FolderInfo folder, List<MessageState> messages, boolean readOnly) {
        this.folder = folder;
        this.readOnly = readOnly;
        this.messages = new ArrayList<>(messages);
        this.messages.sort((a, b) -> Long.compare(a.getUid(), b.getUid()));
        this.modseq = folder.getHighestmodseq();
        this.uidnext = folder.getUidnext();
    }

    public long mailboxId() {
        return folder.getMailboxId();
    }

    public String name() {
        return folder.getName();
    }

    public long uidvalidity() {
        return folder.getUidvalidity();
    }

    public long uidnext() {
        return uidnext;
    }

    public long modseq() {
        return modseq;
    }

    public void condstore(boolean on) {
        condstore = on;
    }

    public boolean condstore() {
        return condstore;
    }

    public void qresync(boolean on) {
        qresync = on;
    }

    public boolean readOnly() {
        return readOnly;
    }

    public int exists() {
        return messages.size();
    }

    public MessageState at(int msn) {
        return messages.get(msn - 1);
    }

    /** 1-based sequence number of a UID, or 0 when this session does not know it. */
    public int msnOf(long uid) {
        int lo = 0;
        int hi = messages.size() - 1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            long u = messages.get(mid).getUid();
            if (u < uid) {
                lo = mid + 1;
            } else if (u > uid) {
                hi = mid - 1;
            } else {
                return mid + 1;
            }
        }
        return 0;
    }

    /** RFC 5182 SEARCHRES: the UIDs of the last SEARCH RETURN (SAVE) in this selection; "$" names those still here. */
    private List<Long> saved = List.of();

    public void save(List<Long> uids) {
        saved = List.copyOf(uids);
    }

    public List<Long> saved() {
        return saved;
    }

    /** Sequence numbers selected by a set (UIDs when {@code uid}), ascending. */
    public List<Integer> resolve(SequenceSet set, boolean uid) {
        List<Integer> out = new ArrayList<>();
        if (set.saved()) {
            // RFC 5182 section 2.1: "$" is the same messages in FETCH 1 and UID FETCH; expunged ones are simply gone
            saved.stream().map(this::msnOf).filter(msn -> msn > 0).sorted().forEach(out::add);
            return out;
        }
        if (messages.isEmpty()) {
            return out;
        }
        long largest = uid ? messages.get(messages.size() - 1).getUid() : messages.size();
        for (int i = 0; i < messages.size(); i++) {
            long n = uid ? messages.get(i).getUid() : i + 1;
            if (set.contains(n, largest)) {
                out.add(i + 1);
            }
        }
        return out;
    }

    /** Whether a sequence-number set names numbers beyond the mailbox (RFC 9051 section 6.4.5: BAD). */
    public boolean outOfRange(SequenceSet set) {
        for (long[] r : set.ranges()) {
            for (long n : r) {
                if (n != SequenceSet.STAR && n > messages.size()) {
                    return true;
                }
            }
        }
        return false;
    }

    public void replace(MessageState updated) {
        int msn = msnOf(updated.getUid());
        if (msn > 0) {
            messages.set(msn - 1, updated);
        }
    }

    /** Removes UIDs (this session's own EXPUNGE/MOVE) and returns the EXPUNGE lines in the order to send. */
    public List<String> expunge(List<Long> uids) {
        List<Integer> msns = new ArrayList<>();
        for (long uid : uids) {
            int msn = msnOf(uid);
            if (msn > 0) {
                msns.add(msn);
            }
        }
        // highest first, so each number is still right when the client reads it (RFC 9051 section 7.5.1)
        msns.sort(Collections.reverseOrder());
        List<String> lines = new ArrayList<>(msns.size());
        List<Long> vanished = new ArrayList<>();
        for (int msn : msns) {
            vanished.add(0, messages.remove(msn - 1).getUid());
            lines.add(msn + " EXPUNGE");
        }
        if (qresync && !vanished.isEmpty()) {
            // RFC 7162 section 3.2.10: one VANISHED with the UIDs instead of an EXPUNGE per message
            return new ArrayList<>(List.of("VANISHED " + SequenceSet.format(vanished)));
        }
        return lines;
    }

    /**
     * Applies what the store reports since {@link #modseq()}: EXPUNGE for removed messages, EXISTS for new ones,
     * FETCH FLAGS for flags that differ from what the client was told. Safe to apply twice.
     */
    public List<String> apply(FolderChangesReply changes) {
        List<String> lines = new ArrayList<>(expunge(changes.getExpungedUidsList()));
        lines.addAll(newKeywords(changes.getChangedList()));
        Set<Long> gone = new HashSet<>(changes.getExpungedUidsList());
        long largest = messages.isEmpty() ? 0 : messages.get(messages.size() - 1).getUid();
        int added = 0;
        List<String> fetches = new ArrayList<>();
        for (MessageState m : changes.getChangedList()) {
            if (gone.contains(m.getUid())) {
                continue;
            }
            int msn = msnOf(m.getUid());
            if (msn > 0) {
                MessageState old = messages.get(msn - 1);
                messages.set(msn - 1, m);
                if (!new HashSet<>(old.getFlagsList()).equals(new HashSet<>(m.getFlagsList()))) {
                    fetches.add(msn + " FETCH (UID " + m.getUid() + " FLAGS " + Flags.list(flags(m)) + modseqItem(m) + ")");
                }
            } else if (m.getUid() > largest) {
                messages.add(m);
                largest = m.getUid();
                added++;
            }
        }
        if (added > 0) {
            lines.add(messages.size() + " EXISTS");
        }
        lines.addAll(fetches);
        boolean vanished = qresync && !lines.isEmpty() && lines.get(0).startsWith("VANISHED ");
        modseq = Math.max(modseq, changes.getHighestmodseq());
        uidnext = Math.max(uidnext, changes.getUidnext());
        if (vanished) {
            // removals carry no MODSEQ of their own: the client learns the new value here (RFC 7162 section 3.2)
            lines.add("OK [HIGHESTMODSEQ " + modseq + "] after expunges");
        }
        return lines;
    }

    /** " MODSEQ (n)" when CONDSTORE is enabled (RFC 7162 section 3.1.4.2), else "". */
    public String modseqItem(MessageState m) {
        return condstore ? " MODSEQ (" + m.getModseq() + ")" : "";
    }

    /**
     * The FLAGS and PERMANENTFLAGS responses of SELECT/EXAMINE (RFC 9051 section 6.3.2), with the keywords in use;
     * remembers them as told.
     */
    public List<String> flagsResponses() {
        announced.addAll(keywords());
        return told();
    }

    private List<String> told() {
        List<String> flags = new ArrayList<>(Flags.SYSTEM);
        flags.addAll(announced);
        List<String> permanent = new ArrayList<>(flags);
        permanent.add("\\*");
        return List.of("FLAGS " + Flags.list(flags), "OK [PERMANENTFLAGS " + (readOnly ? "()" : Flags.list(permanent)) + "] flags permitted");
    }

    /**
     * A new FLAGS (and PERMANENTFLAGS) response when {@code changed} carry a keyword the client was not told of: it
     * must see FLAGS name a keyword before a FETCH shows it (RFC 9051 section 7.3.5, imaptest checks it). Empty
     * otherwise.
     */
    public List<String> newKeywords(Iterable<MessageState> changed) {
        boolean fresh = false;
        for (MessageState m : changed) {
            for (String f : m.getFlagsList()) {
                fresh |= !f.startsWith("\\") && announced.add(f);
            }
        }
        return fresh ? told() : List.of();
    }

    /**
     * compliance: the messages this session knows with after &lt; UID &lt;= through are \Recent for it (the range
     * the store let it claim, RFC 3501 section 2.3.2).
     */
    public void markRecent(long after, long through) {
        for (int i = messages.size() - 1; i >= 0 && messages.get(i).getUid() > after; i--) {
            if (messages.get(i).getUid() <= through) {
                recent.add(messages.get(i).getUid());
            }
        }
    }

    /** The number for RFC 3501's RECENT response: messages still in the mailbox that are recent for this session. */
    public int recentCount() {
        int n = 0;
        for (long uid : recent) {
            n += msnOf(uid) > 0 ? 1 : 0;
        }
        return n;
    }

    /** A message's flags as this session shows them: with \Recent when it is recent for this session. */
    public List<String> flags(MessageState m) {
        if (!recent.contains(m.getUid())) {
            return m.getFlagsList();
        }
        List<String> out = new ArrayList<>(m.getFlagsList());
        out.add("\\Recent");
        return out;
    }

    /**
     * Lines of {@link #apply} for a rev1 session: the RECENT response goes with EXISTS (RFC 3501 section 7.3.2),
     * after the store's claim of the new messages was marked.
     */
    public List<String> withRecent(List<String> lines) {
        List<String> out = new ArrayList<>(lines.size() + 1);
        for (String l : lines) {
            out.add(l);
            if (l.endsWith(" EXISTS")) {
                out.add(recentCount() + " RECENT");
            }
        }
        return out;
    }

    /** Keywords in use, for the FLAGS response. */
    public Set<String> keywords() {
        Set<String> k = new java.util.TreeSet<>();
        for (MessageState m : messages) {
            for (String f : m.getFlagsList()) {
                if (!f.startsWith("\\")) {
                    k.add(f);
                }
            }
        }
        return k;
    }
}
