package com.mailplatform.delivery.admin;

import com.mailplatform.common.grpc.queue.BulkRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Which queue.deferred rows a bulk action selects (postsuper's "ALL" or a list of queue ids, plus the filters mailq
 * output is usually grepped for): a WHERE clause with numbered parameters, decided without I/O. The request comes from
 * admin-api (which validates the query string too), but every value is checked again here: a malformed one is refused
 * with {@link IllegalArgumentException}, never put into SQL text.
 */
public record QueueSelection(String action, String where, List<Object> params, boolean dryRun) {

    public static final Set<String> ACTIONS = Set.of("hold", "release", "retry", "delete", "requeue");
    public static final Set<String> STATES = Set.of("", "deferred", "hold", "active");
    /** One queue row's state, as listQueue shows it: held, claimed by a replica now (active), or waiting. */
    public static final String STATE = "CASE WHEN held THEN 'hold' WHEN claimed_until > now() THEN 'active' ELSE 'deferred' END";
    /** Ten years: an age beyond it selects nothing that exists, and a bigger number is a typo. */
    static final long MAX_AGE_SECONDS = 10L * 366 * 24 * 3600;
    private static final Pattern QUEUE_ID = Pattern.compile("[A-Za-z0-9._-]{1,64}");
    private static final Pattern DOMAIN = Pattern.compile("[a-z0-9]([a-z0-9.-]{0,251}[a-z0-9])?|\\[[0-9a-f.:]{2,45}\\]");
    private static final int MAX_ADDRESS = 320;

    public static QueueSelection of(BulkRequest r) {
        String action = r.getAction().toLowerCase(Locale.ROOT);
        if (!ACTIONS.contains(action)) {
            throw new IllegalArgumentException("action must be one of hold, release, retry, delete, requeue");
        }
        List<Object> params = new ArrayList<>();
        StringBuilder where = new StringBuilder("true");
        boolean named = r.getAll();
        if (!r.getQueueId().isEmpty()) {
            if (!QUEUE_ID.matcher(r.getQueueId()).matches()) {
                throw new IllegalArgumentException("not a queue id: " + printable(r.getQueueId()));
            }
            params.add(r.getQueueId());
            where.append(" AND queue_id = $").append(params.size());
            named = true;
        }
        if (!r.getRecipient().isEmpty()) {
            params.add(address("recipient", r.getRecipient()));
            where.append(" AND lower(recipient) = $").append(params.size());
            named = true;
        }
        if (!r.getDomain().isEmpty()) {
            String d = r.getDomain().strip().toLowerCase(Locale.ROOT);
            if (!DOMAIN.matcher(d).matches()) {
                throw new IllegalArgumentException("not a domain name: " + printable(r.getDomain()));
            }
            params.add("@" + d);
            // The part after the last '@' (a quoted local part may hold one); no LIKE, so no pattern characters.
            where.append(" AND lower(right(recipient, length($").append(params.size()).append("))) = $").append(params.size());
            named = true;
        }
        if (!r.getSender().isEmpty()) {
            // "<>" selects bounces (the null sender is stored as '').
            params.add(r.getSender().strip().equals("<>") ? "" : address("sender", r.getSender()));
            where.append(" AND lower(sender) = $").append(params.size());
            named = true;
        }
        if (r.getOlderThanSeconds() != 0) {
            if (r.getOlderThanSeconds() < 0 || r.getOlderThanSeconds() > MAX_AGE_SECONDS) {
                throw new IllegalArgumentException("older_than_seconds must be between 1 and " + MAX_AGE_SECONDS);
            }
            params.add((double) r.getOlderThanSeconds());
            where.append(" AND received_at < now() - make_interval(secs => $").append(params.size()).append(')');
            named = true;
        }
        if (!r.getState().isEmpty()) {
            if (!STATES.contains(r.getState())) {
                throw new IllegalArgumentException("state must be deferred, hold or active");
            }
            params.add(r.getState());
            where.append(" AND ").append(STATE).append(" = $").append(params.size());
            named = true;
        }
        if (!named) {
            // An empty filter must not mean "everything" by accident: postsuper -d wants the word ALL too.
            throw new IllegalArgumentException("select entries: a queue id, a filter, or all");
        }
        return new QueueSelection(action, where.toString(), List.copyOf(params), r.getDryRun());
    }

    private static String address(String what, String value) {
        String v = value.strip().toLowerCase(Locale.ROOT);
        if (v.isEmpty() || v.length() > MAX_ADDRESS || v.indexOf('@') < 1 || v.chars().anyMatch(c -> c < 0x21 || c == 0x7f)) {
            throw new IllegalArgumentException(what + " is not an address: " + printable(value));
        }
        return v;
    }

    /** For an error message: at most 80 characters, control characters shown as '?'. */
    private static String printable(String s) {
        String cut = s.length() > 80 ? s.substring(0, 80) + "..." : s;
        return cut.replaceAll("\\p{Cntrl}", "?");
    }
}
