package com.mailplatform.gateway.imap.sort;

import com.mailplatform.gateway.imap.parse.SortCriteria;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** RFC 5256 BASE.6.4.SORT: orders messages by the criteria; exact ties keep mailbox order (sequence number). */
public final class MessageSorter {

    private MessageSorter() {
    }

    public static List<SortItem> sort(List<SortItem> items, SortCriteria criteria) {
        Comparator<SortItem> order = null;
        for (SortCriteria.Criterion c : criteria.criteria()) {
            Comparator<SortItem> k = comparator(c.key());
            if (c.reverse()) {
                k = k.reversed();
            }
            order = order == null ? k : order.thenComparing(k);
        }
        // the tie-break is never reversed (RFC 5256: "the order in which they appear in the mailbox")
        Comparator<SortItem> bySequence = Comparator.comparingInt(SortItem::msn);
        order = order == null ? bySequence : order.thenComparing(bySequence);
        List<SortItem> out = new ArrayList<>(items);
        out.sort(order);
        return out;
    }

    static Comparator<SortItem> comparator(SortCriteria.Key key) {
        return switch (key) {
            case ARRIVAL -> Comparator.comparingLong(SortItem::arrivalMillis);
            case DATE -> Comparator.comparingLong(SortItem::dateMillis);
            case SIZE -> Comparator.comparingLong(SortItem::size);
            case SUBJECT -> (a, b) -> Casemap.compare(a.subjectKey(), b.subjectKey());
            case FROM -> (a, b) -> Casemap.compare(a.fromKey(), b.fromKey());
            case TO -> (a, b) -> Casemap.compare(a.toKey(), b.toKey());
            case CC -> (a, b) -> Casemap.compare(a.ccKey(), b.ccKey());
            case DISPLAYFROM -> (a, b) -> Casemap.compare(a.displayFromKey(), b.displayFromKey());
            case DISPLAYTO -> (a, b) -> Casemap.compare(a.displayToKey(), b.displayToKey());
        };
    }
}
