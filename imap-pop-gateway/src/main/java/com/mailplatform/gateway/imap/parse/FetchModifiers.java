package com.mailplatform.gateway.imap.parse;

/**
 * FETCH modifiers of RFC 7162: {@code CHANGEDSINCE n} (section 3.1.4.1; -1 when absent) and {@code VANISHED}
 * (section 3.2.6, UID FETCH only and only with CHANGEDSINCE).
 */
public record FetchModifiers(long changedSince, boolean vanished) {

    public static final FetchModifiers NONE = new FetchModifiers(-1, false);
}
