package com.mailplatform.gateway.imap.sort;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * THREAD=REFERENCES (RFC 5256 section 3, after JWZ): parent/child links from Message-ID and References (or
 * In-Reply-To), dummies for referenced messages that are not in the result, pruning, sorting by sent date, and
 * grouping of the remaining roots by base subject.
 */
public final class ReferencesThreader {

    private ReferencesThreader() {
    }

    public static List<ThreadNode> thread(List<SortItem> items) {
        // (1) containers by Message-ID, in mailbox order
        List<SortItem> ordered = new ArrayList<>(items);
        ordered.sort((a, b) -> Integer.compare(a.msn(), b.msn()));
        Map<String, ThreadNode> byId = new HashMap<>();
        List<ThreadNode> all = new ArrayList<>();
        for (SortItem item : ordered) {
            String id = item.fields().getMessageId();
            ThreadNode node = id.isEmpty() ? null : byId.get(id);
            if (node != null && node.dummy()) {
                // (1)(A) a container made earlier for a reference to this message: the message fills it
                node.item = item;
            } else {
                // no Message-ID, or a duplicate one: the message gets a container of its own (a unique ID)
                boolean duplicate = node != null;
                node = new ThreadNode(item);
                if (!duplicate && !id.isEmpty()) {
                    byId.put(id, node);
                }
                all.add(node);
            }
            // (1)(A) link the references in order: each the parent of the next, unless already linked or a loop
            ThreadNode prev = null;
            for (String ref : item.fields().getReferencesList()) {
                ThreadNode r = byId.get(ref);
                if (r == null) {
                    r = new ThreadNode(null);
                    byId.put(ref, r);
                    all.add(r);
                }
                if (prev != null && r.parent == null && r != prev && !prev.hasAncestorOrSelf(r)) {
                    prev.add(r);
                }
                prev = r;
            }
            // (1)(B) the last reference is the parent of this message: a parent it had (a link made from another
            // message's References, perhaps truncated) is broken first; the new link is skipped if it makes a loop
            if (prev != null) {
                node.detach();
                if (!prev.hasAncestorOrSelf(node)) {
                    prev.add(node);
                }
            }
        }
        // (2) the root set
        List<ThreadNode> roots = new ArrayList<>();
        for (ThreadNode n : all) {
            if (n.parent == null) {
                roots.add(n);
            }
        }
        // (3) prune dummies
        roots = prune(roots);
        // (4) sort siblings by sent date
        ThreadNode.sortAll(roots);
        // (5) group the roots by base subject
        roots = groupBySubject(roots);
        // (6) the merges above may have put siblings out of order
        ThreadNode.sortAll(roots);
        return roots;
    }

    /**
     * (3): a dummy without children goes; a dummy with children is replaced by them, except at the top level
     * where that happens only for a single child (several stay grouped under the dummy).
     */
    private static List<ThreadNode> prune(List<ThreadNode> roots) {
        List<ThreadNode> out = new ArrayList<>();
        for (ThreadNode root : roots) {
            pruneBelow(root);
            if (root.dummy() && root.children.isEmpty()) {
                continue;
            }
            if (root.dummy() && root.children.size() == 1) {
                ThreadNode only = root.children.get(0);
                only.parent = null;
                out.add(only);
            } else {
                out.add(root);
            }
        }
        return out;
    }

    /** Prunes every dummy below {@code top}, iteratively (each child list is rebuilt once its children are pruned). */
    private static void pruneBelow(ThreadNode top) {
        List<ThreadNode> preorder = new ArrayList<>();
        java.util.Deque<ThreadNode> todo = new java.util.ArrayDeque<>();
        todo.push(top);
        while (!todo.isEmpty()) {
            ThreadNode n = todo.pop();
            preorder.add(n);
            n.children.forEach(todo::push);
        }
        for (int i = preorder.size() - 1; i >= 0; i--) {
            ThreadNode n = preorder.get(i);
            List<ThreadNode> kept = new ArrayList<>();
            for (ThreadNode c : n.children) {
                if (c.dummy()) {
                    // its own children were pruned already: promote them to this level
                    for (ThreadNode g : c.children) {
                        g.parent = n;
                        kept.add(g);
                    }
                } else {
                    kept.add(c);
                }
            }
            n.children.clear();
            n.children.addAll(kept);
        }
    }

    /** A root's subject: its own, or for a dummy its first child's. */
    private static SortItem subjectOf(ThreadNode n) {
        return n.dummy() ? (n.children.isEmpty() ? null : n.children.get(0).item) : n.item;
    }

    private static List<ThreadNode> groupBySubject(List<ThreadNode> roots) {
        // (5)(A) the subject table
        Map<String, ThreadNode> table = new HashMap<>();
        for (ThreadNode root : roots) {
            SortItem s = subjectOf(root);
            if (s == null || s.subjectKey().isEmpty()) {
                continue;
            }
            ThreadNode old = table.get(s.subjectKey());
            if (old == null || (!old.dummy() && (root.dummy() || (subjectOf(old).subject().reply() && !s.subject().reply())))) {
                table.put(s.subjectKey(), root);
            }
        }
        // (5)(B) merge each root into the one of the table with its subject
        LinkedHashMap<ThreadNode, Boolean> kept = new LinkedHashMap<>();
        roots.forEach(r -> kept.put(r, true));
        for (ThreadNode root : roots) {
            SortItem s = subjectOf(root);
            if (s == null || s.subjectKey().isEmpty()) {
                continue;
            }
            ThreadNode other = table.get(s.subjectKey());
            if (other == root) {
                continue;
            }
            if (root.dummy() && other.dummy()) {
                for (ThreadNode c : root.children) {
                    other.add(c);
                }
                root.children.clear();
                kept.remove(root);
            } else if (other.dummy()) {
                other.add(root);
                kept.remove(root);
            } else if (s.subject().reply() && !subjectOf(other).subject().reply()) {
                other.add(root);
                kept.remove(root);
            } else {
                // both originals (or both replies): a new dummy holds the two, in the table's place
                ThreadNode dummy = new ThreadNode(null);
                dummy.add(other);
                dummy.add(root);
                kept.remove(root);
                kept.remove(other);
                table.put(s.subjectKey(), dummy);
                kept.put(dummy, true);
            }
        }
        return new ArrayList<>(kept.keySet());
    }
}
