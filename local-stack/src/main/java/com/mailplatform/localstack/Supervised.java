package com.mailplatform.localstack;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Keeps one {@link Part} running: when its process dies without having been stopped, the death is logged (exit
 * code, uptime) and the part is started again after a {@link Backoff} delay; after a restart the time until it is
 * healthy again is logged too. Only {@link #stop()} ends the supervision.
 */
final class Supervised {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss.SSS");
    private static final long WATCH_MS = 200;
    /** Started in a session of its own, the child does not get the terminal's Ctrl-C: the launcher stops it in order. */
    private static final String SETSID = Files.isExecutable(Path.of("/usr/bin/setsid")) ? "/usr/bin/setsid" : null;

    private final Part part;
    private final File log;
    private final Backoff backoff = Backoff.standard();
    private final Object lock = new Object();
    /** Guarded by lock: whether the part should run, its current process, and how often it died. */
    private boolean wanted;
    private Process process;
    private int deaths;
    private Thread watcher;

    Supervised(Part part, Path logDir) {
        this.part = part;
        this.log = logDir.resolve(part.name() + ".log").toFile();
    }

    String name() {
        return part.name();
    }

    File log() {
        return log;
    }

    /** Starts the part and its supervision; nothing if it is already supervised. */
    synchronized void start() throws Exception {
        synchronized (lock) {
            if (wanted) {
                return;
            }
            wanted = true;
        }
        Process first;
        try {
            first = launch();
        } catch (Exception e) {
            synchronized (lock) {
                wanted = false;
            }
            throw e;
        }
        watcher = new Thread(() -> watch(first), "supervisor-" + part.name());
        watcher.setDaemon(true);
        watcher.start();
    }

    /** A deliberate stop: the part is asked to end and is not restarted. */
    synchronized void stop() throws Exception {
        Process p;
        synchronized (lock) {
            if (!wanted) {
                return;
            }
            wanted = false;
            p = process;
            lock.notifyAll();
        }
        if (p != null && p.isAlive()) {
            part.stop(p);
        }
        watcher.interrupt();
        watcher.join(TimeUnit.SECONDS.toMillis(30));
        synchronized (lock) {
            process = null;
        }
    }

    /** SIGKILL, like a crash: the supervisor restarts the part. Returns the killed pid, or -1 if none ran. */
    long kill() throws InterruptedException {
        Process p;
        synchronized (lock) {
            p = process;
        }
        if (p == null || !p.isAlive()) {
            return -1;
        }
        p.destroyForcibly().waitFor();
        return p.pid();
    }

    /** The pid of the running process, or -1 (stopped, or dead and waiting for its restart). */
    long pid() {
        synchronized (lock) {
            return process != null && process.isAlive() ? process.pid() : -1;
        }
    }

    /** How often the process died since supervision started (each death is followed by a restart). */
    int deaths() {
        synchronized (lock) {
            return deaths;
        }
    }

    boolean healthy() {
        return pid() > 0 && part.healthy();
    }

    /**
     * Waits until the part is running and healthy, across restarts; fails after {@code timeout}, when the part is
     * not supervised, or when it died three times during the wait (it will not come up by itself).
     */
    void awaitHealthy(Duration timeout) throws InterruptedException, TimeoutException {
        long deadline = System.nanoTime() + timeout.toNanos();
        int deathsBefore = deaths();
        while (true) {
            synchronized (lock) {
                if (!wanted) {
                    throw new IllegalStateException(part.name() + " is not running (stopped)");
                }
            }
            if (healthy()) {
                return;
            }
            if (deaths() - deathsBefore >= 3) {
                throw new IllegalStateException(part.name() + " keeps dying; see " + log);
            }
            if (System.nanoTime() > deadline) {
                throw new TimeoutException(part.name() + " not healthy after " + timeout.toSeconds() + " s; see " + log);
            }
            Thread.sleep(WATCH_MS);
        }
    }

    private Process launch() throws Exception {
        ProcessBuilder pb = part.command();
        List<String> cmd = new ArrayList<>(pb.command());
        if (SETSID != null) {
            cmd.add(0, SETSID);
        }
        pb.command(cmd);
        pb.redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log));
        Process p = pb.start();
        synchronized (lock) {
            if (!wanted) {
                // stopped while this start was under way
                p.destroyForcibly();
                throw new InterruptedException(part.name() + " stopped");
            }
            process = p;
        }
        return p;
    }

    private void watch(Process first) {
        Process p = first;
        long started = System.nanoTime();
        long diedAt = 0;
        while (true) {
            if (p != null) {
                boolean announced = diedAt == 0;
                try {
                    while (!p.waitFor(WATCH_MS, TimeUnit.MILLISECONDS)) {
                        if (!announced && part.healthy()) {
                            say("%s healthy again %.1f s after it died", part.name(), (System.nanoTime() - diedAt) / 1e9);
                            announced = true;
                        }
                    }
                } catch (InterruptedException stopping) {
                    if (!stillWanted()) {
                        return;
                    }
                    continue;
                }
            }
            Duration delay;
            synchronized (lock) {
                if (!wanted) {
                    return;
                }
                process = null;
                deaths++;
                long now = System.nanoTime();
                Duration uptime = p == null ? Duration.ZERO : Duration.ofNanos(now - started);
                if (p != null) {
                    diedAt = now;
                }
                delay = backoff.afterDeath(uptime);
                if (p != null) {
                    int code = p.exitValue();
                    say("%s (pid %d) died: exit code %d%s after %.1f s up; restart #%d in %d s", part.name(), p.pid(), code,
                            code > 128 ? " (signal " + (code - 128) + ")" : "", uptime.toMillis() / 1e3, deaths,
                            delay.toSeconds());
                }
                long until = System.nanoTime() + delay.toNanos();
                try {
                    for (long left = delay.toMillis(); wanted && left > 0; left = TimeUnit.NANOSECONDS.toMillis(until - System.nanoTime())) {
                        lock.wait(left);
                    }
                } catch (InterruptedException stopping) {
                    return;
                }
                if (!wanted) {
                    return;
                }
            }
            try {
                p = launch();
                started = System.nanoTime();
                say("%s restarted (pid %d)", part.name(), p.pid());
            } catch (InterruptedException stopped) {
                return;
            } catch (Exception e) {
                say("%s could not be restarted: %s", part.name(), e);
                p = null;
            }
        }
    }

    private boolean stillWanted() {
        synchronized (lock) {
            return wanted;
        }
    }

    static void say(String format, Object... args) {
        System.out.println("[local-stack " + LocalTime.now().format(TIME) + "] " + String.format(format, args));
    }
}
