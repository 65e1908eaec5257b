package com.mailplatform.gateway.imap.sort;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * THREAD=ORDEREDSUBJECT (RFC 5256 section 3): messages sorted by base subject then sent date; each run of one
 * base subject is a thread whose first message is the parent of all the others; threads ordered by the sent date
 * of their first message.
 */
public final class OrderedSubjectThreader {

    private OrderedSubjectThreader() {
    }

    public static List<ThreadNode> thread(List<SortItem> items) {
        List<SortItem> sorted = new ArrayList<>(items);
        sorted.sort(Comparator.<SortItem, String>comparing(SortItem::subjectKey, Casemap::compare)
                .thenComparingLong(SortItem::dateMillis).thenComparingInt(SortItem::msn));
        List<ThreadNode> roots = new ArrayList<>();
        ThreadNode current = null;
        for (SortItem item : sorted) {
            ThreadNode node = new ThreadNode(item);
            if (current != null && current.item.subjectKey().equals(item.subjectKey())) {
                current.add(node);
            } else {
                current = node;
                roots.add(node);
            }
        }
        roots.sort(ThreadNode.BY_DATE);
        return roots;
    }
}
