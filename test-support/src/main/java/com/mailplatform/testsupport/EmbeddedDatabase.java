package com.mailplatform.testsupport;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;

/** An embedded PostgreSQL 17 (zonky binaries from Maven Central), or an external server named by URL. */
public final class EmbeddedDatabase implements AutoCloseable {

    private final EmbeddedPostgres postgres;
    private final String host;
    private final int port;
    private final String database;
    private final String user;
    private final String password;

    private EmbeddedDatabase(EmbeddedPostgres postgres, String host, int port, String database, String user, String password) {
        this.postgres = postgres;
        this.host = host;
        this.port = port;
        this.database = database;
        this.user = user;
        this.password = password;
    }

    /**
     * Starts PostgreSQL on loopback. With a data directory the data survives restarts (the local stack) and is
     * fsynced; without one a fresh temporary cluster is made (tests) with fsync off, for speed: it is thrown away,
     * and an OS crash is not what a test simulates. {@code synchronous_commit} is on either way (the library's
     * default is off), although the services set it per session themselves (mail.db.synchronous-commit).
     */
    public static EmbeddedDatabase start(Path dataDir, int port) throws IOException {
        return start(dataDir, port, Map.of());
    }

    /** As {@link #start(Path, int)}, with server settings added or replaced (e.g. to test a careless server). */
    public static EmbeddedDatabase start(Path dataDir, int port, Map<String, String> serverConfig) throws IOException {
        EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
                .setPort(port)
                .setServerConfig("listen_addresses", "127.0.0.1")
                .setServerConfig("max_connections", "200")
                .setServerConfig("synchronous_commit", "on")
                .setServerConfig("fsync", dataDir == null ? "off" : "on");
        serverConfig.forEach(builder::setServerConfig);
        if (dataDir != null) {
            builder.setDataDirectory(dataDir).setCleanDataDirectory(false);
        }
        EmbeddedPostgres pg = builder.start();
        return new EmbeddedDatabase(pg, "127.0.0.1", pg.getPort(), "postgres", "postgres", "postgres");
    }

    /** An already running server, e.g. {@code MAIL_DB_URL=jdbc:postgresql://db:5432/mail}. */
    public static EmbeddedDatabase external(String jdbcUrl, String user, String password) {
        String rest = jdbcUrl.replaceFirst("^jdbc:postgresql://", "");
        int slash = rest.indexOf('/');
        String hostPort = slash < 0 ? rest : rest.substring(0, slash);
        String db = slash < 0 ? "postgres" : rest.substring(slash + 1).replaceFirst("\\?.*$", "");
        int colon = hostPort.lastIndexOf(':');
        String host = colon < 0 ? hostPort : hostPort.substring(0, colon);
        int port = colon < 0 ? 5432 : Integer.parseInt(hostPort.substring(colon + 1));
        return new EmbeddedDatabase(null, host, port, db, user, password);
    }

    public String jdbcUrl() {
        return "jdbc:postgresql://" + host + ":" + port + "/" + database;
    }

    /** The URL form the reactive PostgreSQL client takes. */
    public String reactiveUrl() {
        return "postgresql://" + host + ":" + port + "/" + database;
    }

    public int port() {
        return port;
    }

    public String user() {
        return user;
    }

    public String password() {
        return password;
    }

    @Override
    public void close() throws IOException {
        if (postgres != null) {
            postgres.close();
        }
    }
}
