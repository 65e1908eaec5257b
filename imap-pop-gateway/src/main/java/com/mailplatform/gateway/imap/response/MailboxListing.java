package com.mailplatform.gateway.imap.response;

import com.mailplatform.common.grpc.mailbox.FolderInfo;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Which names LIST and LSUB return and with which attributes, from the folders and the subscribed names: RFC 3501
 * sections 6.3.8/6.3.9 (a parent that exists only as hierarchy is listed "\Noselect"; LSUB lists the unsubscribed
 * parent of a subscribed child "\Noselect"), RFC 5258 LIST-EXTENDED (selection options, "\NonExistent",
 * RECURSIVEMATCH and CHILDINFO) and RFC 6154's SPECIAL-USE selection. Pure: no I/O.
 */
public final class MailboxListing {

    /**
     * lsub: the RFC 3501 LSUB command. selectSubscribed/selectSpecialUse: the selection options (LSUB selects
     * subscribed names). nonExistent: say "\NonExistent" rather than "\Noselect" for a name no mailbox has
     * (LIST-EXTENDED or IMAP4rev2 clients know it, RFC 5258 section 3.4).
     */
    public record Options(boolean lsub, boolean selectSubscribed, boolean selectSpecialUse, boolean recursiveMatch,
                          boolean showSubscribed, boolean nonExistent) { }

    /** folder is null for a name no mailbox has (no STATUS for it, RFC 5819 section 2). */
    public record Entry(String name, List<String> attributes, List<String> childInfo, FolderInfo folder) { }

    private static final Comparator<String> ORDER = Comparator.comparing((String n) -> !n.equals("INBOX")).thenComparing(n -> n);

    private MailboxListing() {
    }

    /** patterns: reference and pattern already joined and normalized. */
    public static List<Entry> list(List<FolderInfo> folders, Collection<String> subscriptions, List<String> patterns, Options o) {
        Map<String, FolderInfo> existing = new HashMap<>();
        folders.forEach(f -> existing.put(f.getName(), f));
        Set<String> subscribed = new HashSet<>(subscriptions);
        boolean filtered = o.lsub() || o.selectSubscribed() || o.selectSpecialUse();

        // the names that meet the selection criteria (RFC 5258 section 3.1)
        Set<String> candidates = new TreeSet<>(ORDER);
        if (!filtered) {
            for (String n : existing.keySet()) {
                candidates.add(n);
                candidates.addAll(ancestors(n));
            }
        } else {
            Set<String> base = o.lsub() || o.selectSubscribed() ? subscribed : existing.keySet();
            for (String n : base) {
                FolderInfo f = existing.get(n);
                if (o.selectSpecialUse() && (f == null || f.getSpecialUse().isEmpty())) {
                    continue;
                }
                candidates.add(n);
            }
        }
        Set<String> returned = new TreeSet<>(ORDER);
        for (String n : candidates) {
            if (matches(patterns, n)) {
                returned.add(n);
            }
        }
        // parents of candidates that themselves are not returned: LSUB's "\Noselect" parents (RFC 3501 section
        // 6.3.9) and RECURSIVEMATCH's CHILDINFO (RFC 5258 section 3.5: only when some such child is not listed)
        Map<String, Boolean> withHiddenChild = new HashMap<>();
        if (o.lsub() || o.recursiveMatch()) {
            for (String n : candidates) {
                if (returned.contains(n)) {
                    continue;
                }
                for (String parent : ancestors(n)) {
                    if (matches(patterns, parent)) {
                        withHiddenChild.put(parent, true);
                    }
                }
            }
        }
        Set<String> all = new TreeSet<>(ORDER);
        all.addAll(returned);
        all.addAll(withHiddenChild.keySet());

        List<Entry> out = new ArrayList<>();
        for (String n : all) {
            FolderInfo f = existing.get(n);
            boolean hidden = withHiddenChild.containsKey(n);
            List<String> attrs = new ArrayList<>();
            if (o.lsub()) {
                if (!returned.contains(n) || f == null) {
                    attrs.add("\\Noselect");
                }
                out.add(new Entry(n, attrs, List.of(), f));
                continue;
            }
            if (f == null) {
                attrs.add(o.nonExistent() ? "\\NonExistent" : "\\Noselect");
            }
            if (hasChildren(n, existing.keySet())) {
                attrs.add("\\HasChildren");
            } else if (f != null) {
                attrs.add("\\HasNoChildren");
            }
            if (o.showSubscribed() && subscribed.contains(n)) {
                attrs.add("\\Subscribed");
            }
            if (f != null && !f.getSpecialUse().isEmpty()) {
                attrs.add(f.getSpecialUse());
            }
            List<String> childInfo = new ArrayList<>();
            if (hidden) {
                if (o.selectSubscribed()) {
                    childInfo.add("SUBSCRIBED");
                }
                if (o.selectSpecialUse()) {
                    childInfo.add("SPECIAL-USE");
                }
            }
            out.add(new Entry(n, attrs, childInfo, f));
        }
        return out;
    }

    private static boolean matches(List<String> patterns, String name) {
        for (String p : patterns) {
            if (MailboxNames.matches(p, name)) {
                return true;
            }
        }
        return false;
    }

    /** "a/b/c" -> "a", "a/b". */
    static List<String> ancestors(String name) {
        List<String> out = new ArrayList<>();
        for (int i = name.indexOf(MailboxNames.DELIMITER); i > 0; i = name.indexOf(MailboxNames.DELIMITER, i + 1)) {
            out.add(name.substring(0, i));
        }
        return out;
    }

    private static boolean hasChildren(String name, Set<String> existing) {
        String prefix = name + MailboxNames.DELIMITER;
        for (String n : existing) {
            if (n.startsWith(prefix)) {
                return true;
            }
        }
        return false;
    }
}
