package com.mailplatform.admin.audit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * Every change made through the API, in admin-api's schema {@code admin}. Written after the change succeeded
 * (a refused change changed nothing); a failure to write is logged loudly but does not undo the change, which
 * the owning service has already committed.
 */
@ApplicationScoped
public class AuditLog {

    public record Entry(long id, Instant at, String actor, String action, String target, JsonNode before, JsonNode after) {
    }

    public record Page(List<Entry> items, long total, int offset, int limit) {
    }

    private static final Logger LOG = Logger.getLogger(AuditLog.class);

    private final Pool pool;
    private final ObjectMapper json;

    public AuditLog(Pool pool, ObjectMapper json) {
        this.pool = pool;
        this.json = json;
    }

    public Uni<Void> record(SecurityIdentity who, String action, String target, Object before, Object after) {
        String actor = who == null || who.isAnonymous() ? "anonymous" : who.getPrincipal().getName();
        // ::text::jsonb: the PG client would send a Java String bound to a jsonb parameter as a JSON string value.
        return pool.preparedQuery("INSERT INTO admin.audit_log (actor, action, target, before, after) VALUES ($1, $2, $3, $4::text::jsonb, $5::text::jsonb)")
                .execute(Tuple.of(actor, action, target, text(before), text(after)))
                .onFailure().invoke(e -> LOG.errorf(e, "AUDIT WRITE FAILED: %s %s %s", actor, action, target))
                .onFailure().recoverWithNull()
                .replaceWithVoid();
    }

    public Uni<Page> list(String actor, String action, String target, int offset, int limit) {
        String where = " WHERE ($1 = '' OR actor = $1) AND ($2 = '' OR action = $2) AND ($3 = '' OR target = $3)";
        Tuple filter = Tuple.of(nz(actor), nz(action), nz(target));
        return pool.preparedQuery("SELECT count(*) FROM admin.audit_log" + where).execute(filter)
                .flatMap(count -> pool.preparedQuery("SELECT id, at, actor, action, target, before::text, after::text FROM admin.audit_log"
                                + where + " ORDER BY at DESC, id DESC LIMIT $4 OFFSET $5")
                        .execute(Tuple.of(nz(actor), nz(action), nz(target), limit, offset))
                        .map(rows -> {
                            List<Entry> items = new ArrayList<>();
                            for (Row r : rows) {
                                items.add(new Entry(r.getLong(0), r.getOffsetDateTime(1).toInstant(), r.getString(2), r.getString(3),
                                        r.getString(4), node(r.getString(5)), node(r.getString(6))));
                            }
                            return new Page(items, count.iterator().next().getLong(0), offset, limit);
                        }));
    }

    private String text(Object value) {
        if (value == null) {
            return null;
        }
        try {
            return json.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("audit value not serialisable", e);
        }
    }

    private JsonNode node(String text) {
        if (text == null) {
            return null;
        }
        try {
            return json.readTree(text);
        } catch (JsonProcessingException e) {
            return json.getNodeFactory().textNode(text);
        }
    }

    private static String nz(String s) {
        return s == null ? "" : s.trim();
    }
}
