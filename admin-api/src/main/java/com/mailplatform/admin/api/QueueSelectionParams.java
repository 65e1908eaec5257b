package com.mailplatform.admin.api;

import com.mailplatform.admin.problem.ProblemException;
import com.mailplatform.common.grpc.queue.BulkRequest;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The query string of a bulk queue action (hostile input): {@code all}, {@code domain}, {@code sender} ("<>" for
 * bounces), {@code olderThan} (Postfix time units {@code 90s}, {@code 30m}, {@code 2h}, {@code 3d}, {@code 1w}, or
 * ISO-8601 {@code PT2H}), {@code state} and {@code dryRun}. Every value is checked and bounded here, a bad one is a 400
 * problem naming the parameter; delivery-service checks again.
 */
final class QueueSelectionParams {

    /** Ten years, as delivery-service's QueueSelection. */
    static final long MAX_AGE_SECONDS = 10L * 366 * 24 * 3600;
    private static final Pattern UNITS = Pattern.compile("([0-9]{1,9})([smhdw]?)");

    private QueueSelectionParams() {
    }

    static BulkRequest request(String action, String all, String domain, String sender, String olderThan, String state, String dryRun) {
        BulkRequest.Builder b = BulkRequest.newBuilder().setAction(action).setAll(flag("all", all)).setDryRun(flag("dryRun", dryRun))
                .setDomain(Validate.optionalDomain("domain", domain)).setSender(QueueResource.sender(sender))
                .setOlderThanSeconds(ageSeconds(olderThan));
        String st = Validate.optionalWord("state", state, QueueResource.STATUSES);
        b.setState(st);
        if (!b.getAll() && b.getDomain().isEmpty() && b.getSender().isEmpty() && b.getOlderThanSeconds() == 0 && st.isEmpty()) {
            throw ProblemException.badRequest("select what to act on: all=true, or domain, sender, olderThan or state");
        }
        return b.build();
    }

    static boolean flag(String name, String value) {
        if (value == null || value.isEmpty()) {
            return false;
        }
        return switch (value.trim().toLowerCase(Locale.ROOT)) {
            case "true", "1", "yes" -> true;
            case "false", "0", "no" -> false;
            default -> throw ProblemException.badRequest("query parameter '" + name + "' must be true or false");
        };
    }

    /** 0 when absent. */
    static long ageSeconds(String value) {
        if (value == null || value.isBlank()) {
            return 0;
        }
        String v = Validate.noControl("olderThan", value).trim().toLowerCase(Locale.ROOT);
        long seconds;
        Matcher m = UNITS.matcher(v);
        if (m.matches()) {
            long n = Long.parseLong(m.group(1));
            seconds = n * switch (m.group(2)) {
                case "m" -> 60L;
                case "h" -> 3600L;
                case "d" -> 86_400L;
                case "w" -> 604_800L;
                default -> 1L;
            };
        } else {
            try {
                seconds = v.length() > 40 ? -1 : Duration.parse(v.toUpperCase(Locale.ROOT)).getSeconds();
            } catch (DateTimeParseException | ArithmeticException e) {
                seconds = -1;
            }
        }
        if (seconds < 1 || seconds > MAX_AGE_SECONDS) {
            throw ProblemException.badRequest("query parameter 'olderThan' must be a duration from 1s to 10 years,"
                    + " such as 90s, 30m, 2h, 3d, 1w or PT2H");
        }
        return seconds;
    }
}
