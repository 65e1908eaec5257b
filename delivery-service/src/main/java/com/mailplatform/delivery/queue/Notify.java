package com.mailplatform.delivery.queue;

import java.util.Locale;

/** RFC 3461 section 4.1 NOTIFY: which DSNs a recipient's sender wants. Absent means FAILURE (and DELAY at our option). */
public final class Notify {

    private Notify() {
    }

    public static boolean onFailure(String notify) {
        return notify == null || notify.isBlank() || has(notify, "FAILURE");
    }

    public static boolean onDelay(String notify) {
        return notify == null || notify.isBlank() || has(notify, "DELAY");
    }

    public static boolean onSuccess(String notify) {
        return notify != null && has(notify, "SUCCESS");
    }

    private static boolean has(String notify, String word) {
        for (String w : notify.toUpperCase(Locale.ROOT).split(",")) {
            if (w.strip().equals(word)) {
                return true;
            }
        }
        return false;
    }
}
