package com.mailplatform.gateway.imap;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.mailplatform.common.grpc.mailbox.FolderChangesReply;
import com.mailplatform.common.grpc.mailbox.FolderInfo;
import com.mailplatform.common.grpc.mailbox.MessageState;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Store changes become the untagged responses RFC 9051 section 7 asks for, in an order the client can follow. */
class SelectedMailboxTest {

    private static MessageState m(long uid, long modseq, String... flags) {
        return MessageState.newBuilder().setUid(uid).setModseq(modseq).addAllFlags(List.of(flags)).build();
    }

    private static SelectedMailbox mailbox() {
        FolderInfo f = FolderInfo.newBuilder().setMailboxId(7).setName("INBOX").setUidvalidity(1).setUidnext(6).setHighestmodseq(10).build();
        return new SelectedMailbox(f, List.of(m(5, 5), m(1, 1), m(3, 3), m(4, 4)), false);
    }

    @Test
    void expungesAreSentHighestFirstThenExistsThenFlags() {
        SelectedMailbox box = mailbox();
        assertEquals(3, box.msnOf(4));
        FolderChangesReply changes = FolderChangesReply.newBuilder().setFound(true).setHighestmodseq(14).setUidnext(8)
                .addExpungedUids(1).addExpungedUids(4).addExpungedUids(99)
                .addChanged(m(3, 12, "\\Seen")).addChanged(m(5, 5)).addChanged(m(6, 13)).addChanged(m(7, 14, "\\Flagged")).build();
        List<String> lines = box.apply(changes);
        assertEquals(List.of("3 EXPUNGE", "1 EXPUNGE", "4 EXISTS", "1 FETCH (UID 3 FLAGS (\\Seen))"), lines);
        assertEquals(14, box.modseq());
        assertEquals(2, box.msnOf(5));
        assertEquals(4, box.msnOf(7));
        // applying the same changes again tells nothing new
        assertEquals(List.of(), box.apply(changes));
    }

    /** imaptest: "Keyword used without being in FLAGS" (RFC 9051 section 7.3.5). */
    @Test
    void aNewKeywordIsAnnouncedInFlagsBeforeTheFetchThatShowsIt() {
        FolderInfo f = FolderInfo.newBuilder().setMailboxId(7).setName("INBOX").setUidvalidity(1).setUidnext(3).setHighestmodseq(2).build();
        SelectedMailbox box = new SelectedMailbox(f, List.of(m(1, 1, "$Old"), m(2, 2)), false);
        assertEquals(List.of("FLAGS (\\Answered \\Flagged \\Deleted \\Seen \\Draft $Old)",
                "OK [PERMANENTFLAGS (\\Answered \\Flagged \\Deleted \\Seen \\Draft $Old \\*)] flags permitted"), box.flagsResponses());
        assertEquals(List.of(), box.newKeywords(List.of(m(2, 3, "$Old", "\\Seen"))), "known keywords need no FLAGS");
        List<String> lines = box.apply(FolderChangesReply.newBuilder().setFound(true).setHighestmodseq(4).setUidnext(3)
                .addChanged(m(2, 4, "$New")).build());
        assertEquals(List.of("FLAGS (\\Answered \\Flagged \\Deleted \\Seen \\Draft $New $Old)",
                "OK [PERMANENTFLAGS (\\Answered \\Flagged \\Deleted \\Seen \\Draft $New $Old \\*)] flags permitted",
                "2 FETCH (UID 2 FLAGS ($New))"), lines);
        assertEquals(List.of(), box.newKeywords(List.of(m(1, 5, "$New"))), "told once");
    }

    /** RFC 3501 section 2.3.2: the claimed range is \Recent in FLAGS and counted in RECENT, sent right after EXISTS. */
    @Test
    void claimedMessagesAreRecentForThisSession() {
        SelectedMailbox box = mailbox();
        box.markRecent(3, 5);
        assertEquals(2, box.recentCount());
        assertEquals(List.of("\\Recent"), box.flags(box.at(4)));
        assertEquals(List.of(), box.flags(box.at(2)), "uid 3 was claimed by someone else");
        List<String> lines = box.apply(FolderChangesReply.newBuilder().setFound(true).setHighestmodseq(12).setUidnext(8)
                .addExpungedUids(4).addChanged(m(6, 11)).addChanged(m(7, 12, "\\Seen")).build());
        box.markRecent(5, 6);
        assertEquals(List.of("3 EXPUNGE", "5 EXISTS", "2 RECENT"), box.withRecent(lines), "4 was expunged, 6 is new; 7 is not ours");
        assertEquals(List.of("\\Seen"), box.flags(box.at(5)));
        assertEquals(List.of("\\Recent"), box.flags(box.at(4)));
    }

    @Test
    void ownExpungeRemovesAndNumbersStayConsistent() {
        SelectedMailbox box = mailbox();
        assertEquals(List.of("4 EXPUNGE", "2 EXPUNGE"), box.expunge(List.of(3L, 5L, 42L)));
        assertEquals(2, box.exists());
        assertEquals(4, box.at(2).getUid());
    }

    /** RFC 7162: MODSEQ in flag-change FETCHes once CONDSTORE is on; VANISHED instead of EXPUNGE once QRESYNC is. */
    @Test
    void withQresyncRemovalsAreVanishedAndFlagChangesCarryModseq() {
        SelectedMailbox box = mailbox();
        box.condstore(true);
        box.qresync(true);
        List<String> lines = box.apply(FolderChangesReply.newBuilder().setFound(true).setHighestmodseq(14).setUidnext(6)
                .addExpungedUids(1).addExpungedUids(4).addExpungedUids(99).addChanged(m(3, 12, "\\Seen")).build());
        assertEquals(List.of("VANISHED 1,4", "1 FETCH (UID 3 FLAGS (\\Seen) MODSEQ (12))", "OK [HIGHESTMODSEQ 14] after expunges"), lines);
        assertEquals(List.of("VANISHED 5"), box.expunge(List.of(5L, 42L)));
        assertEquals(List.of(), box.expunge(List.of(42L)), "nothing known vanished: no line at all");
        assertEquals(1, box.exists());
    }
}
