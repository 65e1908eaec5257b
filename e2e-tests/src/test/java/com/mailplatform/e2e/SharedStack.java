package com.mailplatform.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.mailplatform.localstack.LocalStack;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * One running platform per test JVM (the local stack on port offset 20000 with a fresh data directory), shared by
 * every e2e test class, provisioned through the admin API with the domain e2e.test and one account.
 * A test that stops a service must start it again before it returns.
 */
public final class SharedStack {

    /** Every port of the stack is 20000 + standard, at most 29083: below Linux's ephemeral range (32768 and up). */
    public static final int OFFSET = 20000;
    public static final String DOMAIN = "e2e.test";
    public static final String USER = "e2e@e2e.test";
    public static final String PASSWORD = "e2e-password-1";

    private static LocalStack stack;
    private static OtlpReceiver traces;

    private SharedStack() {
    }

    public static synchronized LocalStack get() throws Exception {
        if (stack == null) {
            Path project = Path.of("..").toAbsolutePath().normalize();
            Path data = Path.of("target/e2e-data").toAbsolutePath();
            deleteTree(data);
            LocalStack s = new LocalStack(project, data, OFFSET);
            Runtime.getRuntime().addShutdownHook(new Thread(s::close));
            traced(s);
            s.start();
            assertEquals(201, s.admin("POST", "/api/v1/domains", "{\"name\":\"" + DOMAIN + "\"}"));
            assertEquals(201, s.admin("POST", "/api/v1/accounts", "{\"address\":\"" + USER + "\",\"password\":\"" + PASSWORD + "\"}"));
            stack = s;
        }
        return stack;
    }

    /** The spans the services exported (traces are on in this stack, off by default elsewhere). */
    public static synchronized OtlpReceiver traces() throws Exception {
        get();
        return traces;
    }

    /** Traces on for the services a message passes, exported to an in-process receiver, in batches of 100 ms. */
    private static void traced(LocalStack s) throws IOException {
        traces = new OtlpReceiver();
        for (String service : List.of("smtp-ingress", "delivery-service", "mailbox-store")) {
            s.set(service, "quarkus.otel.sdk.disabled=false");
            s.set(service, "quarkus.otel.exporter.otlp.traces.endpoint=" + traces.endpoint());
            s.set(service, "quarkus.otel.exporter.otlp.traces.protocol=http/protobuf");
            s.set(service, "quarkus.otel.bsp.schedule.delay=100ms");
        }
    }

    /**
     * Runs {@code python3 src/test/python/<script> args...} with the stack's ports and account in the environment
     * (SMTP_PORT, POP3_PORT, IMAP_PORT, ADMIN_URL, ADMIN_TOKEN, MAIL_USER, MAIL_PASSWORD) and fails on a
     * non-zero exit. Returns the output.
     */
    public static String python(String script, Map<String, String> env, String... args) throws Exception {
        return interactivePython(script, env, line -> { }, args);
    }

    /**
     * As {@link #python}, and each cue the script prints (a line "CUE <word>") is handed to {@code onCue}, after
     * which the script gets a newline on stdin: the script prints a cue and waits for the test to act on it.
     */
    public static String interactivePython(String script, Map<String, String> env,
                                           java.util.function.Consumer<String> onCue, String... args) throws Exception {
        LocalStack s = get();
        List<String> cmd = new ArrayList<>(List.of("python3", "src/test/python/" + script));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().put("SMTP_PORT", String.valueOf(s.ports().smtp()));
        pb.environment().put("POP3_PORT", String.valueOf(s.ports().pop3()));
        pb.environment().put("IMAP_PORT", String.valueOf(s.ports().imap()));
        pb.environment().put("ADMIN_URL", "http://127.0.0.1:" + s.ports().adminHttp());
        pb.environment().put("ADMIN_TOKEN", s.adminToken());
        pb.environment().put("MAIL_USER", USER);
        pb.environment().put("MAIL_PASSWORD", PASSWORD);
        pb.environment().putAll(env);
        Process p = pb.start();
        StringBuilder output = new StringBuilder();
        try (java.io.BufferedReader r = new java.io.BufferedReader(
                new java.io.InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
             java.io.Writer w = new java.io.OutputStreamWriter(p.getOutputStream(), StandardCharsets.UTF_8)) {
            String line;
            while ((line = r.readLine()) != null) {
                output.append(line).append('\n');
                if (line.startsWith("CUE ")) {
                    onCue.accept(line.substring(4));
                    w.write('\n');
                    w.flush();
                }
            }
        }
        String out = output.toString();
        int rc = p.waitFor();
        System.out.println("[" + script + " " + String.join(" ", args) + "]\n" + out);
        assertEquals(0, rc, script + " " + String.join(" ", args) + " failed:\n" + out);
        return out;
    }

    static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> s = Files.walk(dir)) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
