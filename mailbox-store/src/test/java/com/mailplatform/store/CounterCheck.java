package com.mailplatform.store;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vertx.mutiny.sqlclient.Pool;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** The folder counters (V6 triggers) against a real count of every folder, in one snapshot. */
final class CounterCheck {

    private CounterCheck() {
    }

    static void assertCountersMatch(Pool pool) {
        List<String> wrong = new ArrayList<>();
        pool.query("SELECT m.id, m.message_count, m.unseen_count, m.deleted_count, m.total_size, c.n, c.unseen, c.deleted, c.size"
                        + " FROM mailbox.mailboxes m LEFT JOIN LATERAL (SELECT count(*) AS n,"
                        + "   count(*) FILTER (WHERE NOT ('\\Seen' = ANY(x.flags))) AS unseen,"
                        + "   count(*) FILTER (WHERE '\\Deleted' = ANY(x.flags)) AS deleted, coalesce(sum(x.size), 0) AS size"
                        + "   FROM mailbox.messages x WHERE x.mailbox_id = m.id) c ON true"
                        + " WHERE (m.message_count, m.unseen_count, m.deleted_count, m.total_size) <> (c.n, c.unseen, c.deleted, c.size)")
                .execute().await().atMost(Duration.ofSeconds(20))
                .forEach(r -> wrong.add(r.toJson().encode()));
        assertEquals(List.of(), wrong, "folders whose counters differ from their messages");
    }
}
