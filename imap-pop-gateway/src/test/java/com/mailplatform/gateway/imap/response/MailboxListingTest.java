package com.mailplatform.gateway.imap.response;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.mailplatform.common.grpc.mailbox.FolderInfo;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** LIST/LSUB selection (RFC 3501 6.3.8/6.3.9, RFC 5258, RFC 6154) on the trees of imaptest's list, listext and subscribe tests. */
class MailboxListingTest {

    private static final MailboxListing.Options LIST = new MailboxListing.Options(false, false, false, false, false, false);
    private static final MailboxListing.Options LSUB = new MailboxListing.Options(true, false, false, false, false, false);
    private static final MailboxListing.Options SUBSCRIBED = new MailboxListing.Options(false, true, false, false, true, true);
    private static final MailboxListing.Options SUBSCRIBED_RECURSIVE = new MailboxListing.Options(false, true, false, true, true, true);

    private static List<FolderInfo> folders(String... names) {
        List<FolderInfo> out = new ArrayList<>();
        for (String n : names) {
            String[] parts = n.split("=");
            out.add(FolderInfo.newBuilder().setName(parts[0]).setSpecialUse(parts.length > 1 ? parts[1] : "").build());
        }
        return out;
    }

    /** "name (attrs) [childinfo]" lines, for readable assertions. */
    private static List<String> run(List<FolderInfo> folders, List<String> subs, MailboxListing.Options o, String... patterns) {
        List<String> out = new ArrayList<>();
        for (MailboxListing.Entry e : MailboxListing.list(folders, subs, List.of(patterns), o)) {
            out.add(e.name() + " (" + String.join(" ", e.attributes()) + ")" + (e.childInfo().isEmpty() ? "" : " " + e.childInfo()));
        }
        return out;
    }

    /** Issue 14: LIST % omitted parents that exist only as hierarchy (imaptest list: box/test3/test4 made without box/test3/test4's parent). */
    @Test
    void percentListsHierarchyOnlyParents() {
        List<FolderInfo> f = folders("INBOX", "box", "box/test", "box/test3/test4/test5");
        assertEquals(List.of("box/test (\\HasNoChildren)", "box/test3 (\\Noselect \\HasChildren)"), run(f, List.of(), LIST, "box/%"));
        assertEquals(List.of("box/test3/test4 (\\Noselect \\HasChildren)"), run(f, List.of(), LIST, "box/%/%"));
        assertEquals(List.of("INBOX (\\HasNoChildren)"), run(f, List.of(), LIST, "INBOX"));
        MailboxListing.Options ext = new MailboxListing.Options(false, false, false, false, false, true);
        assertEquals(List.of("box/test (\\HasNoChildren)", "box/test3 (\\NonExistent \\HasChildren)"), run(f, List.of(), ext, "box/%"));
    }

    /** Issue 14: LSUB % omitted the \Noselect parent of a subscribed child (imaptest subscribe). */
    @Test
    void lsubListsUnsubscribedParentsOfSubscribedChildren() {
        List<FolderInfo> f = folders("INBOX", "box", "box/test", "box/test2", "box/test2/test", "box/test3/test3");
        List<String> subs = List.of("box/test", "box/test2/test", "box/test3/test3");
        assertEquals(List.of("box/test ()", "box/test2 (\\Noselect)", "box/test3 (\\Noselect)"), run(f, subs, LSUB, "box/%"));
        assertEquals(List.of("box/test ()", "box/test2/test ()"), run(f, subs, LSUB, "*test"));
        assertEquals(List.of("box/test2 (\\Noselect)"), run(f, List.of("box/test2/test"), LSUB, "box/%"));
        assertEquals(List.of(), run(f, List.of(), LSUB, "box/%"));
    }

    /** imaptest listext: a deleted subscribed mailbox is "\Subscribed \NonExistent"; RECURSIVEMATCH gives CHILDINFO. */
    @Test
    void listExtendedSubscribedAndRecursiveMatch() {
        List<FolderInfo> f = folders("box", "box/test1", "box/test2", "box/test2/test1", "box/test3", "box/test4/test5", "box/test4/test52",
                "box/test7/test7", "box/test8/test8", "box/test8/test9");
        List<String> subs = List.of("box/test1", "box/test2/test1", "box/test6", "box/test7/test7", "box/test8/test8", "box/test8/test9");
        assertEquals(List.of("box/test1 (\\HasNoChildren \\Subscribed)", "box/test2/test1 (\\HasNoChildren \\Subscribed)",
                "box/test6 (\\NonExistent \\Subscribed)", "box/test7/test7 (\\HasNoChildren \\Subscribed)",
                "box/test8/test8 (\\HasNoChildren \\Subscribed)", "box/test8/test9 (\\HasNoChildren \\Subscribed)"),
                run(f, subs, SUBSCRIBED, "box/*"));
        assertEquals(List.of("box/test2 (\\HasChildren) [SUBSCRIBED]"), run(f, subs, SUBSCRIBED_RECURSIVE, "box/test2%"));
        assertEquals(List.of("box/test7/test7 (\\HasNoChildren \\Subscribed)"), run(f, subs, SUBSCRIBED_RECURSIVE, "box*test7"));
        assertEquals(List.of("box/test8 (\\NonExistent \\HasChildren) [SUBSCRIBED]", "box/test8/test8 (\\HasNoChildren \\Subscribed)"),
                run(f, subs, SUBSCRIBED_RECURSIVE, "box*test8"));
        assertEquals(List.of("box/test2 (\\HasChildren) [SUBSCRIBED]"), run(f, subs, SUBSCRIBED_RECURSIVE, "box/test2"));
        assertEquals(List.of("box/test2/test1 (\\HasNoChildren \\Subscribed)"), run(f, subs, SUBSCRIBED_RECURSIVE, "box/test2", "box/test2/test1"));
        // multiple patterns (imaptest listext)
        assertEquals(List.of("box/test2 (\\HasChildren)", "box/test3 (\\HasNoChildren)", "box/test4/test52 (\\HasNoChildren)"),
                run(f, subs, LIST, "box/*2", "box/test3"));
        MailboxListing.Options returnSubscribed = new MailboxListing.Options(false, false, false, false, true, true);
        assertEquals(List.of("box/test1 (\\HasNoChildren \\Subscribed)", "box/test2 (\\HasChildren)", "box/test3 (\\HasNoChildren)",
                "box/test4 (\\NonExistent \\HasChildren)", "box/test7 (\\NonExistent \\HasChildren)", "box/test8 (\\NonExistent \\HasChildren)"),
                run(f, subs, returnSubscribed, "box/%"));
    }

    /** RFC 6154 section 2: the SPECIAL-USE selection option lists only folders with a use. */
    @Test
    void specialUseSelection() {
        List<FolderInfo> f = folders("INBOX", "Sent=\\Sent", "Archive=\\Archive", "Archive/2024", "Work");
        MailboxListing.Options special = new MailboxListing.Options(false, false, true, false, false, true);
        assertEquals(List.of("Archive (\\HasChildren \\Archive)", "Sent (\\HasNoChildren \\Sent)"), run(f, List.of(), special, "*"));
    }
}
