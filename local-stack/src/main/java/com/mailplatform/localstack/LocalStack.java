package com.mailplatform.localstack;

import com.mailplatform.testsupport.EmbeddedBroker;
import com.mailplatform.testsupport.EmbeddedDatabase;
import com.mailplatform.testsupport.JwtSigningKeys;
import com.mailplatform.testsupport.SelfSignedCertificate;
import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The whole platform on one machine: embedded PostgreSQL and Artemis in this JVM, the five services as child
 * processes on loopback. Data lives in one directory and survives restarts. Ctrl-C or SIGTERM stops everything.
 */
public final class LocalStack implements AutoCloseable {

    public static final String DEMO_DOMAIN = "example.test";
    public static final String DEMO_ACCOUNT = "demo@example.test";
    public static final String DEMO_PASSWORD = "demo-password";

    /** Start order matters only for mailbox-store, which migrates the schema the others rely on. */
    public static final List<String> SERVICES = List.of("mailbox-store", "delivery-service", "smtp-ingress", "imap-pop-gateway", "admin-api");

    private final Path projectDir;
    private final Path dataDir;
    private final Ports ports;
    private final String adminToken;
    /** Made on first run; every service gets it as MAIL_TLS_CERT / MAIL_TLS_KEY (PEM paths). */
    private final SelfSignedCertificate.PemFiles tls;
    /** admin-api's built-in token issuer: the private key stays in the data dir, admin-api verifies with the public one. */
    private final JwtSigningKeys.Keys issuer;
    private final Map<String, Service> services = new LinkedHashMap<>();
    private final Map<String, Process> processes = new LinkedHashMap<>();
    private EmbeddedDatabase database;
    private EmbeddedBroker broker;

    public LocalStack(Path projectDir, Path dataDir, int portOffset) throws IOException {
        this.projectDir = projectDir.toAbsolutePath().normalize();
        this.dataDir = dataDir.toAbsolutePath().normalize();
        this.ports = new Ports(portOffset);
        Files.createDirectories(this.dataDir.resolve("logs"));
        this.adminToken = adminToken(this.dataDir.resolve("admin-token"));
        this.tls = SelfSignedCertificate.ensure(this.dataDir.resolve("tls"));
        this.issuer = JwtSigningKeys.ensure(this.dataDir.resolve("token-issuer"));
        define();
    }

    public static void main(String[] args) throws Exception {
        Path project = Path.of(".");
        Path data = Path.of(".local-stack");
        int offset = 10000;
        boolean demo = true;
        String milter = null;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--project-dir" -> project = Path.of(args[++i]);
                case "--data-dir" -> data = Path.of(args[++i]);
                case "--port-offset" -> offset = Integer.parseInt(args[++i]);
                case "--no-demo" -> demo = false;
                case "--milter" -> milter = args[++i];
                default -> {
                    System.err.println("usage: local-stack [--project-dir DIR] [--data-dir DIR] [--port-offset N] [--no-demo]"
                            + " [--milter inet:HOST:PORT]");
                    System.exit(2);
                }
            }
        }
        LocalStack stack = new LocalStack(project, data, offset);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            System.out.println("stopping the platform ...");
            stack.close();
        }));
        long t0 = System.nanoTime();
        stack.start();
        if (milter != null) {
            stack.startMilterListener(milter);
        }
        if (demo) {
            stack.provisionDemo();
        }
        System.out.print(stack.describe());
        System.out.printf("platform ready in %.1f s; Ctrl-C stops it%n", (System.nanoTime() - t0) / 1e9);
        Thread.currentThread().join();
    }

    private void define() {
        Map<String, String> db = Map.of(
                "MAIL_DB_JDBC_URL", "jdbc:postgresql://127.0.0.1:" + ports.postgres() + "/postgres",
                "MAIL_DB_REACTIVE_URL", "postgresql://127.0.0.1:" + ports.postgres() + "/postgres",
                "MAIL_DB_USER", "postgres",
                "MAIL_DB_PASSWORD", "postgres");
        String storePort = String.valueOf(ports.storeGrpc());
        add("mailbox-store", ports.storeHttp(), merge(db, Map.of("quarkus.grpc.server.port", storePort)),
                List.of("gRPC 127.0.0.1:" + storePort));
        add("delivery-service", ports.deliveryHttp(), merge(db, Map.of(
                "quarkus.grpc.clients.mailbox-store.port", storePort,
                "quarkus.grpc.server.port", String.valueOf(ports.deliveryGrpc()),
                "amqp-port", String.valueOf(ports.amqp()))), List.of("QueueAdmin gRPC 127.0.0.1:" + ports.deliveryGrpc()));
        add("smtp-ingress", ports.smtpHttp(), Map.of(
                "quarkus.grpc.clients.mailbox-store.port", storePort,
                "amqp-port", String.valueOf(ports.amqp()),
                "smtpd.port", String.valueOf(ports.smtp()),
                "smtpd.submission-port", String.valueOf(ports.submission()),
                "smtpd.submissions-port", String.valueOf(ports.submissions())),
                List.of("SMTP 127.0.0.1:" + ports.smtp(), "submission " + ports.submission() + " (STARTTLS)",
                        "submissions " + ports.submissions() + " (TLS)"));
        add("imap-pop-gateway", ports.gatewayHttp(), Map.of(
                "quarkus.grpc.clients.mailbox-store.port", storePort,
                "pop3.port", String.valueOf(ports.pop3()),
                // loopback-only demo: let any POP3 client log in without STLS (production keeps the default, off)
                "pop3.allow-plaintext-auth", "true",
                "imap.port", String.valueOf(ports.imap()),
                "imap.tls-port", String.valueOf(ports.imaps()),
                "pop3.tls-port", String.valueOf(ports.pop3s())),
                List.of("POP3 127.0.0.1:" + ports.pop3() + " (STLS)", "POP3S " + ports.pop3s() + " (TLS)",
                        "IMAP " + ports.imap() + " (STARTTLS)", "IMAPS " + ports.imaps() + " (TLS)"));
        Map<String, String> admin = merge(db, Map.of(
                "quarkus.grpc.clients.mailbox-store.port", storePort,
                "quarkus.grpc.clients.delivery-service.port", String.valueOf(ports.deliveryGrpc()),
                "admin.api-token", adminToken));
        admin.putAll(issuer.adminApiConfig());
        services.forEach((name, svc) -> admin.put("admin.status.components." + name, "http://127.0.0.1:" + svc.httpPort()));
        add("admin-api", ports.adminHttp(), admin, List.of("REST http://127.0.0.1:" + ports.adminHttp() + "/api/v1 (OpenAPI at /q/openapi)"));
    }

    private void add(String name, int http, Map<String, String> props, List<String> listens) {
        Map<String, String> all = new LinkedHashMap<>(props);
        all.put("quarkus.http.port", String.valueOf(http));
        services.put(name, new Service(name, http, all, listens));
    }

    private static Map<String, String> merge(Map<String, String> a, Map<String, String> b) {
        Map<String, String> m = new LinkedHashMap<>(a);
        m.putAll(b);
        return m;
    }

    /** Stops the broker (its journal stays on disk), e.g. to prove that accepted mail survives a broker restart. */
    public synchronized void stopBroker() throws Exception {
        if (broker != null) {
            broker.close();
            broker = null;
        }
    }

    public synchronized void startBroker() throws Exception {
        if (broker == null) {
            broker = EmbeddedBroker.start(dataDir.resolve("broker"), ports.amqp());
        }
    }

    /** Starts the database, the broker and every service, and waits until all report ready. */
    public void start() throws Exception {
        database = EmbeddedDatabase.start(dataDir.resolve("postgres"), ports.postgres());
        broker = EmbeddedBroker.start(dataDir.resolve("broker"), ports.amqp());
        startService("mailbox-store");
        awaitReady("mailbox-store");
        List<String> rest = SERVICES.subList(1, SERVICES.size());
        for (String s : rest) {
            startService(s);
        }
        List<CompletableFuture<Void>> waits = new ArrayList<>();
        for (String s : rest) {
            waits.add(CompletableFuture.runAsync(() -> {
                try {
                    awaitReady(s);
                } catch (Exception e) {
                    throw new IllegalStateException(e.getMessage(), e);
                }
            }));
        }
        CompletableFuture.allOf(waits.toArray(CompletableFuture[]::new)).join();
    }

    /** The SMTP port of the smtp-ingress replica that {@code --milter} starts: the MTA port plus this. */
    public static final int MILTER_LISTENER_SHIFT = 100;

    /**
     * One more smtp-ingress whose MTA listener (SMTP port + 100) asks {@code milter} (smtpd.milters), beside the
     * plain one: to try a milter, or to measure what it costs per message (bench/milter_cost.sh).
     */
    public void startMilterListener(String milter) throws Exception {
        int port = ports.smtp() + MILTER_LISTENER_SHIFT;
        String key = startReplica("smtp-ingress", MILTER_LISTENER_SHIFT, Map.of("smtpd.port", String.valueOf(port),
                "smtpd.submission-port", "0", "smtpd.submissions-port", "0", "smtpd.milters[0]", milter));
        awaitReady(key);
        Service r = services.get(key);
        services.put(key, new Service(r.name(), r.httpPort(), r.properties(),
                List.of("SMTP 127.0.0.1:" + port + " (milter " + milter + ")")));
    }

    /**
     * Starts one more replica of a service (for tests of several replicas on one queue or one change stream).
     * The replica's HTTP port is the service's plus {@code shift}; {@code overrides} move its other listeners and
     * change settings. Returns the key that {@link #stopService} and {@link #awaitReady} take.
     */
    public synchronized String startReplica(String name, int shift, Map<String, String> overrides) throws IOException {
        Service base = services.get(name);
        String key = name + "#" + shift;
        Map<String, String> props = new LinkedHashMap<>(base.properties());
        props.putAll(overrides);
        props.put("quarkus.http.port", String.valueOf(base.httpPort() + shift));
        services.put(key, new Service(key, base.httpPort() + shift, props, List.of()));
        startService(key);
        return key;
    }

    public synchronized void startService(String name) throws IOException {
        Service s = services.get(name);
        String module = name.contains("#") ? name.substring(0, name.indexOf('#')) : name;
        Path jar = projectDir.resolve(module).resolve("target/quarkus-app/quarkus-run.jar");
        if (!Files.exists(jar)) {
            throw new IllegalStateException(jar + " is missing: build with ./mvnw -DskipTests install");
        }
        Service svc = services.get(name);
        List<String> cmd = new ArrayList<>(List.of(javaBin(), "-Xmx384m", "-XX:+UseSerialGC"));
        svc.properties().forEach((k, v) -> {
            if (!k.startsWith("MAIL_")) {
                cmd.add("-D" + k + "=" + v);
            }
        });
        cmd.add("-jar");
        cmd.add(jar.toString());
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().put("MAIL_TLS_CERT", tls.cert().toString());
        pb.environment().put("MAIL_TLS_KEY", tls.key().toString());
        svc.properties().forEach((k, v) -> {
            if (k.startsWith("MAIL_")) {
                pb.environment().put(k, v);
            }
        });
        File log = dataDir.resolve("logs").resolve(name + ".log").toFile();
        pb.redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log));
        processes.put(s.name(), pb.start());
    }

    /** kill -9 of a service or replica: it gets no chance to finish anything, like a node that dies. */
    public synchronized void kill(String name) throws InterruptedException {
        Process p = processes.remove(name);
        if (p != null) {
            p.destroyForcibly().waitFor();
        }
    }

    /** Stops one service (SIGTERM, then SIGKILL after 20 s), e.g. to prove that mail waits in the queue. */
    public synchronized void stopService(String name) throws InterruptedException {
        Process p = processes.remove(name);
        if (p != null) {
            p.destroy();
            if (!p.waitFor(20, TimeUnit.SECONDS)) {
                p.destroyForcibly().waitFor();
            }
        }
    }

    public void awaitReady(String name) throws Exception {
        Service s = services.get(name);
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(180);
        while (System.nanoTime() < deadline) {
            Process p = processes.get(name);
            if (p == null || !p.isAlive()) {
                throw new IllegalStateException(name + " exited; see " + dataDir.resolve("logs").resolve(name + ".log"));
            }
            try {
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + s.httpPort() + "/q/health/ready"))
                        .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // still starting
            }
            Thread.sleep(250);
        }
        throw new IllegalStateException(name + " not ready after 180 s; see " + dataDir.resolve("logs").resolve(name + ".log"));
    }

    /** Creates example.test and demo@example.test unless they exist (a 409 from the API means they do). */
    public void provisionDemo() throws Exception {
        admin("POST", "/api/v1/domains", "{\"name\":\"" + DEMO_DOMAIN + "\"}");
        admin("POST", "/api/v1/accounts", "{\"address\":\"" + DEMO_ACCOUNT + "\",\"password\":\"" + DEMO_PASSWORD + "\"}");
    }

    /** Calls the admin API with the stack's token; returns the status code, failing on 5xx and 401. */
    public int admin(String method, String path, String json) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + ports.adminHttp() + path))
                .header("Authorization", "Bearer " + adminToken)
                .timeout(Duration.ofSeconds(30));
        if (json != null) {
            b.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(json));
        } else {
            b.method(method, HttpRequest.BodyPublishers.noBody());
        }
        HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() >= 500 || r.statusCode() == 401) {
            throw new IllegalStateException(method + " " + path + " -> " + r.statusCode() + " " + r.body());
        }
        return r.statusCode();
    }

    public String describe() {
        StringBuilder sb = new StringBuilder("\nmail platform (data in ").append(dataDir).append(")\n");
        sb.append(String.format("  %-18s 127.0.0.1:%d%n", "postgresql", ports.postgres()));
        sb.append(String.format("  %-18s amqp://127.0.0.1:%d%n", "broker (AMQP 1.0)", ports.amqp()));
        for (Service s : services.values()) {
            if (s.name().contains("#")) {
                continue;
            }
            String listens = s.listens().isEmpty() ? "" : String.join(", ", s.listens()) + ", ";
            sb.append(String.format("  %-18s %shealth http://127.0.0.1:%d/q/health%n", s.name(), listens, s.httpPort()));
        }
        sb.append("  admin token        ").append(dataDir.resolve("admin-token")).append(" (role admin)\n");
        sb.append("  role tokens        curl -H \"Authorization: Bearer $(cat ").append(dataDir.resolve("admin-token"))
                .append(")\" -H 'Content-Type: application/json' -d '{\"subject\":\"you\",\"roles\":[\"viewer\"]}' http://127.0.0.1:")
                .append(ports.adminHttp()).append("/api/v1/tokens\n");
        sb.append("  logs               ").append(dataDir.resolve("logs")).append('\n');
        sb.append("  demo account       ").append(DEMO_ACCOUNT).append(" / ").append(DEMO_PASSWORD).append('\n');
        return sb.toString();
    }

    public Ports ports() {
        return ports;
    }

    public SelfSignedCertificate.PemFiles tls() {
        return tls;
    }

    public String adminToken() {
        return adminToken;
    }

    public Path dataDir() {
        return dataDir;
    }

    @Override
    public synchronized void close() {
        List<String> names = new ArrayList<>(processes.keySet());
        for (int i = names.size() - 1; i >= 0; i--) {
            processes.get(names.get(i)).destroy();
        }
        for (String n : names) {
            try {
                stopService(n);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        try {
            if (broker != null) {
                broker.close();
            }
            if (database != null) {
                database.close();
            }
        } catch (Exception e) {
            System.err.println("while stopping: " + e);
        }
        broker = null;
        database = null;
    }

    private static String adminToken(Path file) throws IOException {
        if (Files.exists(file)) {
            return Files.readString(file, StandardCharsets.US_ASCII).strip();
        }
        byte[] b = new byte[24];
        new SecureRandom().nextBytes(b);
        String token = HexFormat.of().formatHex(b);
        Files.writeString(file, token + "\n", StandardCharsets.US_ASCII);
        return token;
    }

    private static String javaBin() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }
}
