package com.mailplatform.store.imap;

import java.util.ArrayList;
import java.util.List;
import java.util.function.ToLongFunction;

/**
 * Splits messages into consecutive batches whose contents are loaded together (one query each): at most
 * {@code maxCount} messages and {@code maxBytes} of content per batch, a single larger message alone. This is what
 * keeps a FETCH or SEARCH of a whole folder in bounded memory.
 */
final class ContentBatches {

    private ContentBatches() {
    }

    static <T> List<List<T>> of(List<T> items, ToLongFunction<T> bytes, int maxCount, long maxBytes) {
        List<List<T>> out = new ArrayList<>();
        List<T> current = new ArrayList<>();
        long sum = 0;
        for (T item : items) {
            long weight = bytes.applyAsLong(item);
            if (!current.isEmpty() && (current.size() >= Math.max(1, maxCount) || sum + weight > maxBytes)) {
                out.add(current);
                current = new ArrayList<>();
                sum = 0;
            }
            current.add(item);
            sum += weight;
        }
        if (!current.isEmpty()) {
            out.add(current);
        }
        return out;
    }
}
