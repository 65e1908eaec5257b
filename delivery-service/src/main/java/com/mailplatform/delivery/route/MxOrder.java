package com.mailplatform.delivery.route;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Random;

/** RFC 5321 section 5.1: lowest preference first; hosts of equal preference in random order to spread load. */
public final class MxOrder {

    public record Mx(String host, int preference) {
    }

    private MxOrder() {
    }

    public static List<Mx> order(List<Mx> records, Random random) {
        List<Mx> shuffled = new ArrayList<>(records);
        Collections.shuffle(shuffled, random);
        // A stable sort keeps the random order inside each preference.
        shuffled.sort(Comparator.comparingInt(Mx::preference));
        return shuffled;
    }

    /** RFC 7505 section 3: a single MX record with preference 0 and the root as exchange: the domain takes no mail. */
    public static boolean isNullMx(List<Mx> records) {
        return records.size() == 1 && records.get(0).host().equals(".");
    }
}
