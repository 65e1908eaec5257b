package com.mailplatform.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * One PostgreSQL and one broker per JVM, started on first use and shared by every test in it. {@code MAIL_DB_URL}
 * (with {@code MAIL_DB_USER}, {@code MAIL_DB_PASSWORD}) and {@code MAIL_AMQP_URL} ({@code amqp://host:port}) point
 * the tests at servers that already run instead.
 */
public final class SharedInfra {

    private static SharedInfra instance;

    private final EmbeddedDatabase database;
    private final String amqpHost;
    private final int amqpPort;

    private SharedInfra(EmbeddedDatabase database, String amqpHost, int amqpPort) {
        this.database = database;
        this.amqpHost = amqpHost;
        this.amqpPort = amqpPort;
    }

    public static synchronized SharedInfra get() {
        if (instance == null) {
            instance = startFromEnvironment();
        }
        return instance;
    }

    private static SharedInfra startFromEnvironment() {
        try {
            String dbUrl = System.getenv("MAIL_DB_URL");
            EmbeddedDatabase db = dbUrl != null && !dbUrl.isBlank()
                    ? EmbeddedDatabase.external(dbUrl, env("MAIL_DB_USER", "postgres"), env("MAIL_DB_PASSWORD", "postgres"))
                    : EmbeddedDatabase.start(null, freePort());
            String amqpUrl = System.getenv("MAIL_AMQP_URL");
            String host = "127.0.0.1";
            int port;
            if (amqpUrl != null && !amqpUrl.isBlank()) {
                String hp = amqpUrl.replaceFirst("^amqps?://", "").replaceFirst("/.*$", "");
                host = hp.substring(0, hp.lastIndexOf(':'));
                port = Integer.parseInt(hp.substring(hp.lastIndexOf(':') + 1));
            } else {
                port = freePort();
                Path dir = Files.createTempDirectory("mail-broker");
                EmbeddedBroker broker = EmbeddedBroker.start(dir, port);
                Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                    try {
                        broker.close();
                    } catch (Exception ignored) {
                        // the JVM is going away
                    }
                }));
            }
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    db.close();
                } catch (IOException ignored) {
                    // the JVM is going away
                }
            }));
            return new SharedInfra(db, host, port);
        } catch (Exception e) {
            throw new IllegalStateException("cannot start the shared test infrastructure: " + e.getMessage(), e);
        }
    }

    public EmbeddedDatabase database() {
        return database;
    }

    public String amqpHost() {
        return amqpHost;
    }

    public int amqpPort() {
        return amqpPort;
    }

    /** The Quarkus configuration that points a service at these servers. */
    public Map<String, String> quarkusConfig() {
        Map<String, String> cfg = new HashMap<>();
        cfg.put("quarkus.datasource.jdbc.url", database.jdbcUrl());
        cfg.put("quarkus.datasource.reactive.url", database.reactiveUrl());
        cfg.put("quarkus.datasource.username", database.user());
        cfg.put("quarkus.datasource.password", database.password());
        cfg.put("amqp-host", amqpHost);
        cfg.put("amqp-port", String.valueOf(amqpPort));
        return cfg;
    }

    public static int freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            s.setReuseAddress(true);
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String env(String name, String def) {
        String v = System.getenv(name);
        return v == null || v.isBlank() ? def : v;
    }
}
