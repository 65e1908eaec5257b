package com.mailplatform.common.queue;

import java.security.SecureRandom;

/**
 * Queue ids in the spirit of Postfix's long queue ids: time-ordered, unique across replicas, safe in logs and
 * in the SMTP reply ({@code 250 2.0.0 Ok: queued as <id>}).
 */
public final class QueueIds {

    private static final char[] ALPHABET = "0123456789BCDFGHJKLMNPQRSTVWXYZbcdfghjkmnpqrstvwxyz".toCharArray();
    private static final SecureRandom RANDOM = new SecureRandom();

    private QueueIds() {
    }

    public static String next() {
        StringBuilder sb = new StringBuilder(20);
        long t = System.currentTimeMillis();
        char[] time = new char[9];
        for (int i = time.length - 1; i >= 0; i--) {
            time[i] = ALPHABET[(int) (t % ALPHABET.length)];
            t /= ALPHABET.length;
        }
        sb.append(time);
        for (int i = 0; i < 10; i++) {
            sb.append(ALPHABET[RANDOM.nextInt(ALPHABET.length)]);
        }
        return sb.toString();
    }
}
