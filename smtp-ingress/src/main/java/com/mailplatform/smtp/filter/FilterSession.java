package com.mailplatform.smtp.filter;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What filters keep for one SMTP connection between stages (a milter's open connection, the SPF result of the
 * current MAIL FROM). Keys are the filter's own; a filter's callbacks may complete on other threads, hence the
 * concurrent map.
 */
public final class FilterSession {

    private final Map<Object, Object> state = new ConcurrentHashMap<>();

    @SuppressWarnings("unchecked")
    public <T> T get(Object key) {
        return (T) state.get(key);
    }

    public void put(Object key, Object value) {
        if (value == null) {
            state.remove(key);
        } else {
            state.put(key, value);
        }
    }

    @SuppressWarnings("unchecked")
    public <T> T remove(Object key) {
        return (T) state.remove(key);
    }
}
