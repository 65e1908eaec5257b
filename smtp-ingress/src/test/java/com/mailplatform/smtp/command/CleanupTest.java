package com.mailplatform.smtp.command;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.mailplatform.smtp.filter.MessageEdits;
import java.util.List;
import org.junit.jupiter.api.Test;

class CleanupTest {

    @Test
    void appliesRecipientEditsWithoutDuplicates() {
        MessageEdits e = new MessageEdits(List.of(), null, List.of("archive@x.test", "B@x.test"), List.of("A@X.TEST"), null);
        assertEquals(List.of("b@x.test", "archive@x.test"),
                Cleanup.recipients(List.of("a@x.test", "b@x.test"), e));
    }
}
