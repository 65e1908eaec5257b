package com.mailplatform.e2e;

import com.mailplatform.localstack.LocalStack;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** SORT, ESORT, SORT=DISPLAY and THREAD with Python's imaplib (src/test/python/imap_sort_e2e.py). */
class ImapSortE2ETest {

    static LocalStack stack;

    @BeforeAll
    static void start() throws Exception {
        stack = SharedStack.get();
    }

    @Test
    void sortOrdersByEveryKeyAndAnswersEsort() throws Exception {
        SharedStack.python("imap_sort_e2e.py", Map.of(), "sorting");
    }

    @Test
    void threadByReferencesAndOrderedSubject() throws Exception {
        SharedStack.python("imap_sort_e2e.py", Map.of(), "threads");
    }

    @Test
    void deliveredMailCarriesItsSortKeys() throws Exception {
        SharedStack.python("imap_sort_e2e.py", Map.of(), "delivered");
    }
}
