package com.mailplatform.gateway.imap.sort;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.mailplatform.common.grpc.mailbox.SortFields;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** THREAD=REFERENCES on messy header data: missing parents, loops, duplicates, broken chains, subject grouping. */
class ReferencesThreaderTest {

    private final List<SortItem> items = new ArrayList<>();

    /** Message n+1 sent at minute {@code minute}; refs separated by spaces. */
    private void msg(String id, String refs, String subject, int minute) {
        SortFields.Builder f = SortFields.newBuilder().setSubject(subject).setSentDateMillis(minute * 60_000L);
        if (id != null) {
            f.setMessageId(id);
        }
        if (!refs.isEmpty()) {
            f.addAllReferences(List.of(refs.split(" ")));
        }
        int msn = items.size() + 1;
        items.add(SortItem.of(msn, 100 + msn, 10, 1, f.build()));
    }

    private String thread() {
        return ThreadNode.format(ReferencesThreader.thread(items), false);
    }

    @Test
    void repliesHangUnderTheirParentsSortedByDate() {
        msg("<a>", "", "s", 1);
        msg("<c>", "<a> <b>", "Re: s", 4);
        msg("<b>", "<a>", "Re: s", 3);
        msg("<d>", "<a>", "Re: s", 2);
        assertEquals("(1 (4)(3 2))", thread());
    }

    @Test
    void missingParentsBecomeOneDummyOrAreSkipped() {
        // two replies to a message we do not have: a dummy root holding both
        msg("<x>", "<gone>", "one", 1);
        msg("<y>", "<gone>", "two", 2);
        // one reply to a missing message whose own parent is missing too: just the reply
        msg("<z>", "<gone1> <gone2>", "three", 3);
        assertEquals("((1)(2))(3)", thread());
    }

    @Test
    void referenceLoopsAreBroken() {
        msg("<a>", "<b>", "a", 1);
        msg("<b>", "<a>", "b", 2);
        msg("<c>", "<c>", "c", 3);
        msg("<d>", "<e> <d> <e>", "d", 4);
        // 1 is filed under a placeholder for 2; 2's claim on 1 as its parent would close the loop and is dropped
        assertEquals("(2 1)(3)(4)", thread());
    }

    @Test
    void duplicateAndMissingMessageIdsGetContainersOfTheirOwn() {
        msg("<a>", "", "x", 1);
        msg("<a>", "", "y", 2);
        msg(null, "<a>", "z", 3);
        msg(null, "", "w", 4);
        assertEquals("(1 3)(2)(4)", thread());
    }

    @Test
    void rootsWithTheSameBaseSubjectAreGrouped() {
        msg("<a>", "", "topic", 1);
        msg("<b>", "", "Re: topic", 2);
        msg("<c>", "", "other", 3);
        msg("<d>", "", "other", 4);
        msg("<e>", "", "", 5);
        msg("<f>", "", "", 6);
        // a reply under the original; two originals under a dummy; empty subjects never grouped
        assertEquals("(1 2)((3)(4))(5)(6)", thread());
    }

    @Test
    void aLongChainDoesNotOverflowTheStack() {
        msg("<m0>", "", "chain", 0);
        for (int i = 1; i < 20_000; i++) {
            msg("<m" + i + ">", "<m" + (i - 1) + ">", "Re: chain", i);
        }
        String out = thread();
        assertEquals(20_000, out.split(" ").length);
        assertEquals("(1 2 3", out.substring(0, 6));
    }

    @Test
    void orderedSubjectGroupsByBaseSubjectAndDate() {
        msg("<a>", "", "b", 3);
        msg("<b>", "", "Re: a", 2);
        msg("<c>", "", "a", 1);
        msg("<d>", "", "B", 4);
        msg("<e>", "", "a", 5);
        assertEquals("(3 (2)(5))(1 4)", ThreadNode.format(OrderedSubjectThreader.thread(items), false));
        assertEquals("(103 (102)(105))(101 104)", ThreadNode.format(OrderedSubjectThreader.thread(items), true));
    }
}
