package com.mailplatform.localstack;

import com.mailplatform.testsupport.JwtSigningKeys;
import com.mailplatform.testsupport.SelfSignedCertificate;
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

/**
 * The whole platform on one machine: embedded PostgreSQL, embedded Artemis and the five services, each a child
 * process on loopback that is restarted when it dies ({@link Supervised}). Data lives in one directory and survives
 * restarts. Ctrl-C or SIGTERM stops everything, services first, and restarts nothing.
 *
 * <p>Parts by name: {@link #POSTGRES}, {@link #BROKER}, every name in {@link #SERVICES}, and replica keys from
 * {@link #startReplica}. {@link #kill}, {@link #pid}, {@link #awaitHealthy}, {@link #deaths}, {@link #stopService}
 * and {@link #startService} take any of them.
 */
public final class LocalStack implements AutoCloseable {

    public static final String DEMO_DOMAIN = "example.test";
    public static final String DEMO_ACCOUNT = "demo@example.test";
    public static final String DEMO_PASSWORD = "demo-password";

    public static final String POSTGRES = "postgres";
    public static final String BROKER = "broker";

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
    /** Every supervised part, in start order (postgres, broker, then services); stopped in reverse. */
    private final Map<String, Supervised> parts = new LinkedHashMap<>();
    private final EphemeralPorts ephemeral = EphemeralPorts.ofThisMachine();

    public LocalStack(Path projectDir, Path dataDir, int portOffset) throws IOException {
        this.projectDir = projectDir.toAbsolutePath().normalize();
        this.dataDir = dataDir.toAbsolutePath().normalize();
        this.ports = new Ports(portOffset);
        ephemeral.refuse(ports.all());
        Files.createDirectories(this.dataDir.resolve("logs"));
        // Each service reads <data>/config/<service>.properties, as a pod reads its mounted /etc/mail-platform.
        Files.createDirectories(this.dataDir.resolve("config"));
        this.adminToken = adminToken(this.dataDir.resolve("admin-token"));
        this.tls = SelfSignedCertificate.ensure(this.dataDir.resolve("tls"));
        this.issuer = JwtSigningKeys.ensure(this.dataDir.resolve("token-issuer"));
        define();
        Path logs = this.dataDir.resolve("logs");
        parts.put(POSTGRES, new Supervised(new PostgresPart(this.dataDir.resolve("postgres"), ports.postgres()), logs));
        parts.put(BROKER, new Supervised(new BrokerPart(this.dataDir.resolve("broker"), ports.amqp()), logs));
    }

    public static void main(String[] args) throws Exception {
        Path project = Path.of(".");
        Path data = Path.of(".local-stack");
        int offset = 10000;
        boolean demo = true;
        Map<Integer, String> replicas = new java.util.TreeMap<>();
        List<String[]> settings = new java.util.ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--project-dir" -> project = Path.of(args[++i]);
                case "--data-dir" -> data = Path.of(args[++i]);
                case "--port-offset" -> offset = Integer.parseInt(args[++i]);
                case "--no-demo" -> demo = false;
                case "--smtpd-replica" -> replicas.put(Integer.parseInt(args[++i]), args[++i]);
                case "--set" -> settings.add(new String[]{args[++i], args[++i]});
                default -> {
                    System.err.println("usage: local-stack [--project-dir DIR] [--data-dir DIR] [--port-offset N] [--no-demo]"
                            + " [--smtpd-replica SHIFT KEY=VALUE[,KEY=VALUE...]]... [--set SERVICE KEY=VALUE]...");
                    System.exit(2);
                }
            }
        }
        LocalStack stack;
        try {
            stack = new LocalStack(project, data, offset);
        } catch (IllegalArgumentException badPorts) {
            System.err.println("local-stack: " + badPorts.getMessage());
            System.exit(2);
            return;
        }
        for (String[] set : settings) {
            stack.set(set[0], set[1]);
        }
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            System.out.println("stopping the platform ...");
            stack.close();
        }));
        long t0 = System.nanoTime();
        stack.start();
        for (Map.Entry<Integer, String> r : replicas.entrySet()) {
            stack.startSmtpListener(r.getKey(), r.getValue());
        }
        if (demo) {
            stack.provisionDemo();
        }
        System.out.print(stack.describe());
        System.out.printf("platform ready in %.1f s; Ctrl-C stops it%n", (System.nanoTime() - t0) / 1e9);
        Thread.currentThread().join();
    }

    /**
     * The local stack listens on loopback only and every client (its tests included) is 127.0.0.1, so the
     * per-address abuse defences are loosened here: a production-strength authentication penalty or harvest limit
     * would make one test's wrong password slow down every later login on the machine. Production keeps the
     * documented defaults (anvil.*, smtpd.client-unknown-recipient-limit, smtpd.pregreet-wait).
     */
    static final Map<String, String> LOOPBACK_ABUSE_LIMITS = Map.of(
            "anvil.auth-penalty-delay", "20ms",
            "anvil.auth-penalty-max-delay", "200ms",
            "anvil.auth-max-failures-per-ip", "1000",
            "anvil.auth-max-failures-per-user", "100",
            "smtpd.client-unknown-recipient-limit", "1000",
            "smtpd.pregreet-wait", "100ms",
            "imap.max-connections-per-ip", "1000",
            "pop3.max-connections-per-ip", "1000");

    private void define() {
        Map<String, String> db = Map.of(
                "MAIL_DB_JDBC_URL", "jdbc:postgresql://127.0.0.1:" + ports.postgres() + "/postgres",
                "MAIL_DB_REACTIVE_URL", "postgresql://127.0.0.1:" + ports.postgres() + "/postgres",
                "MAIL_DB_USER", "postgres",
                "MAIL_DB_PASSWORD", "postgres");
        String storePort = String.valueOf(ports.storeGrpc());
        add("mailbox-store", ports.storeHttp(), merge(db, Map.of("quarkus.grpc.server.port", storePort,
                        // the blob collector asks delivery-service which blobs its queue still needs
                        "quarkus.grpc.clients.delivery-service.port", String.valueOf(ports.deliveryGrpc()))),
                List.of("gRPC 127.0.0.1:" + storePort));
        add("delivery-service", ports.deliveryHttp(), merge(db, Map.of(
                "quarkus.grpc.clients.mailbox-store.port", storePort,
                "quarkus.grpc.server.port", String.valueOf(ports.deliveryGrpc()),
                "amqp-port", String.valueOf(ports.amqp()))), List.of("QueueAdmin gRPC 127.0.0.1:" + ports.deliveryGrpc()));
        add("smtp-ingress", ports.smtpHttp(), merge(LOOPBACK_ABUSE_LIMITS, Map.of(
                "quarkus.grpc.clients.mailbox-store.port", storePort,
                "amqp-port", String.valueOf(ports.amqp()),
                "smtpd.port", String.valueOf(ports.smtp()),
                "smtpd.submission-port", String.valueOf(ports.submission()),
                "smtpd.submissions-port", String.valueOf(ports.submissions()))),
                List.of("SMTP 127.0.0.1:" + ports.smtp(), "submission " + ports.submission() + " (STARTTLS)",
                        "submissions " + ports.submissions() + " (TLS)"));
        add("imap-pop-gateway", ports.gatewayHttp(), merge(LOOPBACK_ABUSE_LIMITS, Map.of(
                "quarkus.grpc.clients.mailbox-store.port", storePort,
                "pop3.port", String.valueOf(ports.pop3()),
                // loopback-only demo: let any POP3 client log in without STLS (production keeps the default, off)
                "pop3.allow-plaintext-auth", "true",
                "imap.port", String.valueOf(ports.imap()),
                "imap.tls-port", String.valueOf(ports.imaps()),
                "pop3.tls-port", String.valueOf(ports.pop3s()),
                "managesieve.port", String.valueOf(ports.managesieve()))),
                List.of("POP3 127.0.0.1:" + ports.pop3() + " (STLS)", "POP3S " + ports.pop3s() + " (TLS)",
                        "IMAP " + ports.imap() + " (STARTTLS)", "IMAPS " + ports.imaps() + " (TLS)",
                        "ManageSieve " + ports.managesieve() + " (STARTTLS)"));
        Map<String, String> admin = merge(db, Map.of(
                "quarkus.grpc.clients.mailbox-store.port", storePort,
                "quarkus.grpc.clients.delivery-service.port", String.valueOf(ports.deliveryGrpc()),
                "admin.api-token", adminToken));
        admin.putAll(issuer.adminApiConfig());
        services.forEach((name, svc) -> admin.put("admin.status.components." + name, "http://127.0.0.1:" + svc.httpPort()));
        add("admin-api", ports.adminHttp(), admin, List.of("REST http://127.0.0.1:" + ports.adminHttp() + "/api/v1 (OpenAPI at /q/openapi)"));
    }

    /** A setting for one service before it starts ({@code --set imap-pop-gateway anvil.auth-penalty-delay=2s}). */
    public void set(String service, String keyValue) {
        Service svc = services.get(service);
        int eq = keyValue.indexOf('=');
        if (svc == null || eq <= 0) {
            throw new IllegalArgumentException("--set wants a service (" + services.keySet() + ") and KEY=VALUE");
        }
        svc.properties().put(keyValue.substring(0, eq).strip(), keyValue.substring(eq + 1).strip());
    }

    private void add(String name, int http, Map<String, String> props, List<String> listens) {
        Map<String, String> all = new LinkedHashMap<>(props);
        all.put("quarkus.http.port", String.valueOf(http));
        all.put("MAIL_CONFIG_DIR", dataDir.resolve("config").toString());
        services.put(name, new Service(name, http, all, listens));
    }

    private static Map<String, String> merge(Map<String, String> a, Map<String, String> b) {
        Map<String, String> m = new LinkedHashMap<>(a);
        m.putAll(b);
        return m;
    }

    /** Stops the broker (its journal stays on disk), e.g. to prove that accepted mail survives a broker restart. */
    public void stopBroker() throws Exception {
        stopService(BROKER);
    }

    /** Starts the broker again and waits until it answers AMQP. */
    public void startBroker() throws Exception {
        startService(BROKER);
        awaitReady(BROKER);
    }

    /** Starts the database, the broker and every service, and waits until all report ready. */
    public void start() throws Exception {
        startService(POSTGRES);
        startService(BROKER);
        awaitReady(POSTGRES);
        awaitReady(BROKER);
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

    /**
     * One more smtp-ingress, MTA listener only, on the SMTP port plus {@code shift}, with other settings
     * ({@code KEY=VALUE,KEY=VALUE}), beside the plain one: to try a milter or a setting, or to compare what it costs
     * per message (bench/milter_cost.sh).
     */
    public void startSmtpListener(int shift, String settings) throws Exception {
        int port = ports.smtp() + shift;
        Map<String, String> props = new LinkedHashMap<>(Map.of("smtpd.port", String.valueOf(port),
                "smtpd.submission-port", "0", "smtpd.submissions-port", "0"));
        for (String kv : settings.split(",")) {
            int eq = kv.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException("--smtpd-replica wants KEY=VALUE, not " + kv);
            }
            props.put(kv.substring(0, eq).strip(), kv.substring(eq + 1).strip());
        }
        String key = startReplica("smtp-ingress", shift, props);
        awaitReady(key);
        Service r = services.get(key);
        services.put(key, new Service(r.name(), r.httpPort(), r.properties(),
                List.of("SMTP 127.0.0.1:" + port + " (" + settings + ")")));
    }

    /**
     * Starts one more replica of a service (for tests of several replicas on one queue or one change stream).
     * The replica's HTTP port is the service's plus {@code shift}; {@code overrides} move its other listeners and
     * change settings. Returns the key that {@link #stopService} and {@link #awaitReady} take.
     */
    public synchronized String startReplica(String name, int shift, Map<String, String> overrides) throws Exception {
        Service base = services.get(name);
        String key = name + "#" + shift;
        Map<String, String> props = new LinkedHashMap<>(base.properties());
        props.putAll(overrides);
        props.put("quarkus.http.port", String.valueOf(base.httpPort() + shift));
        Map<String, Integer> replicaPorts = new LinkedHashMap<>();
        overrides.forEach((k, v) -> {
            if (k.endsWith("port") && v.matches("\\d{1,5}")) {
                replicaPorts.put(key + " " + k, Integer.parseInt(v));
            }
        });
        replicaPorts.put(key + " HTTP", base.httpPort() + shift);
        ephemeral.refuse(replicaPorts);
        services.put(key, new Service(key, base.httpPort() + shift, props, List.of()));
        Supervised previous = parts.remove(key);
        if (previous != null) {
            previous.stop();
        }
        startService(key);
        return key;
    }

    /**
     * Starts a part (a service, a replica, {@link #BROKER} or {@link #POSTGRES}) under supervision; nothing if it is
     * already supervised (running, or dead and about to be restarted).
     */
    public void startService(String name) throws Exception {
        part(name).start();
    }

    /** kill -9 of a part, like a crash: the supervisor logs the death and restarts it. Returns the killed pid, or -1. */
    public long kill(String name) throws InterruptedException {
        return part(name).kill();
    }

    /** The pid of a part's running process, or -1 when it is stopped or dead and waiting for its restart. */
    public long pid(String name) {
        return part(name).pid();
    }

    /** How often a part died (and was restarted) since it was started. */
    public int deaths(String name) {
        return part(name).deaths();
    }

    /** Every part by name, in start order. */
    public synchronized List<String> parts() {
        return List.copyOf(parts.keySet());
    }

    /**
     * A deliberate stop of one part (SIGTERM, SIGKILL after 20 s; PostgreSQL by a fast shutdown): it is not
     * restarted until {@link #startService} is called, e.g. to prove that mail waits in the queue.
     */
    public void stopService(String name) throws Exception {
        part(name).stop();
    }

    /**
     * Waits until a part runs and passes its probe (services: {@code /q/health/ready} 200; broker: an AMQP header
     * exchange; PostgreSQL: a login and SELECT 1), across restarts. Fails after {@code timeout}, or early when the
     * part is stopped or died three times during the wait.
     */
    public void awaitHealthy(String name, Duration timeout) throws Exception {
        part(name).awaitHealthy(timeout);
    }

    /** {@link #awaitHealthy} with 180 s, what a cold start of a service takes at worst on a busy machine. */
    public void awaitReady(String name) throws Exception {
        awaitHealthy(name, Duration.ofSeconds(180));
    }

    private synchronized Supervised part(String name) {
        Supervised p = parts.get(name);
        if (p == null) {
            Service s = services.get(name);
            if (s == null) {
                throw new IllegalArgumentException("no part " + name + "; parts: " + parts.keySet() + " " + services.keySet());
            }
            p = new Supervised(new ServicePart(s, projectDir, tls), dataDir.resolve("logs"));
            parts.put(name, p);
        }
        return p;
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
        sb.append("  settings           ").append(dataDir.resolve("config")).append("/<service>.properties (read at the service's start;")
                .append(" mailctl config show --changed)\n");
        sb.append("  logs               ").append(dataDir.resolve("logs"))
                .append(" (a part that dies is restarted, 1 s doubling to 30 s; see this output)\n");
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

    /** Stops every part in reverse start order: services first (they drain), then the broker, then PostgreSQL. */
    @Override
    public void close() {
        List<Supervised> all;
        synchronized (this) {
            all = new ArrayList<>(parts.values());
        }
        for (int i = all.size() - 1; i >= 0; i--) {
            try {
                all.get(i).stop();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (Exception e) {
                System.err.println("while stopping " + all.get(i).name() + ": " + e);
            }
        }
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

    static String javaBin() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }
}
