package com.mailplatform.k8spods;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.mailplatform.testsupport.DebianPackages;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The platform as pods: the images built by {@code k8s/images/build.sh} from the jars this reactor just packaged,
 * the dev overlay played by {@code podman kube play} ({@code k8s/overlays/dev/podman/play.py}), then
 * {@code pods_e2e.py}: the admin API through its pod, a message over SMTP read over IMAP and POP3, and
 * delivery-service's pod replaced in the middle of a 500-message load with every accepted message in the mailbox
 * exactly once. The pods, their volumes and the network are removed afterwards, also after a failure. Without a
 * working podman the test fails and says why: nothing is skipped.
 */
class DevOverlayPodsTest {

    /** The repository (tests run in k8s-pods/). */
    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    private static final Path TARGET = Path.of("target").toAbsolutePath();
    private static final String PYTHON = "/usr/bin/python3";
    /** Names of their own so that a developer's `play.py up` on the same machine is left alone. */
    private static final List<String> PLAY_ARGS = List.of("--prefix", "ci-", "--network", "mailplatform-pods-ci",
            "--subnet", "10.89.151.0/24");

    @Test
    void platformRunsAsPodsAndKeepsMailAcrossAPodReplacement() throws Exception {
        // Debian's podman 4.3 and what it needs here (catatonit: the pods' infra process), mmdebstrap for the base
        // images, PyYAML for play.py.
        DebianPackages.ensure("podman", "buildah", "runc", "mmdebstrap", "uidmap", "catatonit", "python3-yaml");
        Path conf = ROOT.resolve("k8s/images/containers.conf");
        run("podman-check", 60, List.of("podman", "--runtime", "runc", "--cgroup-manager=cgroupfs", "info"), conf,
                "podman cannot run on this machine");

        long t0 = System.nanoTime();
        run("images", 1200, List.of("bash", "k8s/images/build.sh", "--no-package"), conf,
                "building the images failed");
        long images = seconds(t0);

        Path state = TARGET.resolve("pods-state.json");
        Path play = ROOT.resolve("k8s/overlays/dev/podman/play.py");
        run("down-before", 120, play(play, "down"), conf, "removing leftovers failed");
        try {
            long t1 = System.nanoTime();
            run("up", 420, play(play, "up", "--timeout", "300", "--state", state.toString()), conf,
                    "the dev overlay's pods did not all become ready");
            String json = Files.readString(state);
            long upSeconds = seconds(t1);
            t1 = System.nanoTime();
            List<String> scenario = new ArrayList<>(List.of(PYTHON,
                    TARGET.resolveSibling("src/test/python/pods_e2e.py").toString(), state.toString(), play.toString()));
            scenario.addAll(PLAY_ARGS);
            scenario.addAll(List.of("--timeout", "180"));
            String out = run("scenarios", 480, scenario, conf, "a pod scenario failed");
            assertTrue(out.contains("PODS E2E PASSED"), out);
            System.out.printf("images %d s; kube play to all ready %s s (%d s with rendering); scenarios %d s%n%s%n",
                    images, field(json, "ready_seconds"), upSeconds, seconds(t1), summary(out));
        } finally {
            run("down", 180, play(play, "down"), conf, "tearing the pods down failed");
        }
    }

    /** {@code play.py COMMAND ARGS...} with this test's names. */
    private static List<String> play(Path play, String... args) {
        List<String> c = new ArrayList<>(List.of(PYTHON, play.toString()));
        c.addAll(List.of(args));
        c.addAll(PLAY_ARGS);
        return c;
    }

    /** Runs in the repository's root with its output in target/pods-NAME.log; fails with the log's tail. */
    private static String run(String name, long timeoutSeconds, List<String> command, Path containersConf,
                              String failure) throws IOException, InterruptedException {
        Path log = TARGET.resolve("pods-" + name + ".log");
        Files.createDirectories(TARGET);
        ProcessBuilder pb = new ProcessBuilder(command).directory(ROOT.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile());
        pb.environment().put("CONTAINERS_CONF", containersConf.toString());
        Process p;
        try {
            p = pb.start();
        } catch (IOException e) {
            fail(failure + ": " + command.get(0) + " cannot be started (" + e.getMessage() + ")");
            return "";
        }
        if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
            p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            fail(failure + ": " + String.join(" ", command) + " did not finish within " + timeoutSeconds + " s\n"
                    + tail(log));
        }
        String out = Files.readString(log, StandardCharsets.UTF_8);
        if (p.exitValue() != 0) {
            fail(failure + " (exit " + p.exitValue() + "): " + String.join(" ", command) + "\n" + tail(log));
        }
        return out;
    }

    private static String tail(Path log) throws IOException {
        String s = Files.readString(log, StandardCharsets.UTF_8);
        return s.length() > 6000 ? s.substring(s.length() - 6000) : s;
    }

    private static long seconds(long startNanos) {
        return TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - startNanos);
    }

    private static String field(String json, String name) {
        Matcher m = Pattern.compile("\"" + name + "\": ([0-9.]+)").matcher(json);
        return m.find() ? m.group(1) : "?";
    }

    private static String summary(String out) {
        StringBuilder sb = new StringBuilder();
        for (String line : out.split("\n")) {
            if (line.startsWith("sent ") || line.startsWith("delivered ") || line.contains("restarted")) {
                sb.append(line).append('\n');
            }
        }
        return sb.toString();
    }
}
