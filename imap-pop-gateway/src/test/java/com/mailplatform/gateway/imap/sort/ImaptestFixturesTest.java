package com.mailplatform.gateway.imap.sort;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.mailplatform.gateway.imap.parse.SortCriteria;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Dovecot imaptest's sort-* and thread* scripts (src/tests), replayed on the sorter and threaders with their mboxes. */
class ImaptestFixturesTest {

    @ParameterizedTest(name = "{0} SORT ({1})")
    @CsvSource(delimiter = '|', value = {
            "sort-addresses|from|3 1 2",
            "sort-addresses|to|3 1 2",
            "sort-addresses|cc|3 1 2",
            "sort-addresses|reverse from|1 2 3",
            "sort-addresses|reverse to|1 2 3",
            "sort-addresses|reverse cc|1 2 3",
            "sort-addresses|from reverse arrival|3 2 1",
            "sort-addresses|cc reverse arrival|3 2 1",
            "sort-arrival|arrival|1 3 2 4 5",
            "sort-arrival|reverse arrival|2 4 5 3 1",
            "sort-arrival|arrival reverse size|1 3 5 4 2",
            "sort-date|date|1 3 7 5 2 4 6",
            "sort-date|reverse date|2 4 6 5 3 7 1",
            "sort-date|date reverse size|1 7 3 5 6 4 2",
            "sort-display-from|displayfrom|2 3 4 1 5",
            "sort-display-from|reverse displayfrom|5 1 4 3 2",
            "sort-display-to|displayto|6 2 3 8 4 1 5 7",
            "sort-display-to|reverse displayto|7 5 1 4 8 3 2 6",
            "sort-size|size|1 8 2 6 3 5 4 7",
            "sort-size|reverse size|4 7 3 5 2 6 1 8",
            "sort-size|size reverse arrival|8 1 6 2 5 3 7 4",
            "sort-subject|subject|9 10 1 14 3 5 11 6 15 2 7 12 13 8 4",
            "sort-subject|reverse subject|4 8 2 7 12 13 15 6 3 5 11 14 1 9 10",
            "sort-subject|subject reverse size|10 9 1 14 11 5 3 6 15 13 12 7 2 8 4",
    })
    void sort(String mbox, String criteria, String expected) throws IOException {
        List<SortItem> sorted = MessageSorter.sort(MboxFixture.load(mbox), SortCriteria.of(Arrays.asList(criteria.split(" "))));
        assertEquals(expected, sorted.stream().map(i -> String.valueOf(i.msn())).collect(Collectors.joining(" ")));
    }

    /** expunged: sequence numbers removed (EXPUNGE) before threading, the rest renumbered as a session sees them. */
    @ParameterizedTest(name = "{0} THREAD {1} expunged [{2}]")
    @CsvSource(delimiter = '|', value = {
            "thread|REFERENCES||(3 2)(1)",
            "thread|REFERENCES|1|(2 1)",
            "thread2|REFERENCES||(1)(2)",
            "thread3|REFERENCES||(1 2)",
            "thread4|REFERENCES||(1 2)",
            "thread6|REFERENCES||((1)(2))",
            "thread7|REFERENCES||(1 (2 3)(4))",
            "thread7|REFERENCES|2|(1 3 2)",
            "thread-orderedsubject|ORDEREDSUBJECT||(1)(2 (7)(12)(13))(3 (5)(11))(4)(6)(8)(9 10)(14)(15)",
            "thread-orderedsubject2|ORDEREDSUBJECT||(4 (2)(8)(6))(3 (1)(7)(5))",
    })
    void thread(String mbox, String algorithm, String expunged, String expected) throws IOException {
        List<SortItem> items = expunge(MboxFixture.load(mbox), expunged);
        List<ThreadNode> threads = algorithm.equals("REFERENCES") ? ReferencesThreader.thread(items) : OrderedSubjectThreader.thread(items);
        assertEquals(expected, ThreadNode.format(threads, false));
    }

    static List<SortItem> expunge(List<SortItem> items, String msns) {
        Set<String> gone = msns == null ? Set.of() : Set.of(msns.split(" "));
        List<SortItem> out = new ArrayList<>();
        for (SortItem i : items) {
            if (!gone.contains(String.valueOf(i.msn()))) {
                out.add(SortItem.of(out.size() + 1, i.uid(), i.size(), i.arrivalMillis(), i.fields()));
            }
        }
        return out;
    }
}
