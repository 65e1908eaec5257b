package com.mailplatform.e2e.chaos;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * What an IMAP user sees during the chaos: one session kept open, asking for its INBOX's STATUS (a call to
 * mailbox-store) every 250 ms, reconnecting when the session is lost. Each observation is kept with its time so
 * the test can say, per fault, how long users saw NO and whether sessions survived.
 */
final class ImapProbe implements Runnable {

    enum Seen { OK, NO, DROPPED, LOGIN_OK, LOGIN_FAILED }

    record Observation(long atNanos, Seen seen) {
    }

    private final int port;
    private final String user;
    private final String password;
    private final List<Observation> observations = new ArrayList<>();
    private volatile boolean running = true;

    ImapProbe(int port, String user, String password) {
        this.port = port;
        this.user = user;
        this.password = password;
    }

    @Override
    public void run() {
        while (running) {
            try (ImapClient imap = ImapClient.connect(port, 10_000)) {
                if (!imap.command("LOGIN \"" + user + "\" \"" + password + "\"").ok()) {
                    note(Seen.LOGIN_FAILED);
                    pause();
                    continue;
                }
                note(Seen.LOGIN_OK);
                while (running) {
                    note(imap.command("STATUS INBOX (MESSAGES UIDNEXT)").ok() ? Seen.OK : Seen.NO);
                    pause();
                }
                imap.command("LOGOUT");
            } catch (IOException e) {
                note(Seen.DROPPED);
                pause();
            }
        }
    }

    void stop() {
        running = false;
    }

    synchronized List<Observation> observations() {
        return List.copyOf(observations);
    }

    private synchronized void note(Seen s) {
        observations.add(new Observation(System.nanoTime(), s));
    }

    private void pause() {
        try {
            Thread.sleep(250);
        } catch (InterruptedException e) {
            running = false;
            Thread.currentThread().interrupt();
        }
    }
}
