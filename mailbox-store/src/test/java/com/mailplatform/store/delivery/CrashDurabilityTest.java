package com.mailplatform.store.delivery;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.mailplatform.common.db.CommitDurability;
import com.mailplatform.common.db.DurableSessions;
import com.mailplatform.common.grpc.mailbox.Delivery;
import com.mailplatform.common.grpc.mailbox.DeliveryResult;
import com.mailplatform.store.blob.BlobCache;
import com.mailplatform.store.blob.PgBlobStore;
import com.mailplatform.testsupport.EmbeddedDatabase;
import com.mailplatform.testsupport.SharedInfra;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.pgclient.PgPool;
import io.vertx.sqlclient.PoolOptions;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.flywaydb.core.Flyway;
import org.jboss.logging.Logger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A real PostgreSQL whose own default is {@code synchronous_commit=off} (the embedded library's default, and what a
 * careless production server may have), crashed the way a {@code kill -9} crashes it: a server process dies, the
 * postmaster throws away shared memory (and the WAL not yet written from it) and recovers from the WAL on disk.
 * The WAL writer is stopped (SIGSTOP) before the commit under test, so nothing but the committing session itself
 * can write that commit's WAL: an asynchronous commit is then lost by every crash, not by an unlucky one.
 * Autovacuum and the background writer are off for the same reason (both could flush WAL for us).
 */
class CrashDurabilityTest {

    private static final Duration T = Duration.ofSeconds(30);
    private static final Logger LOG = Logger.getLogger(CrashDurabilityTest.class);
    private static final String RECIPIENT = "crash@durable.test";

    private static Path dataDir;
    private static EmbeddedDatabase db;
    private static Vertx vertx;
    private static String blobId;

    @BeforeAll
    static void start() throws Exception {
        dataDir = Files.createTempDirectory("crash-pg");
        db = EmbeddedDatabase.start(dataDir, SharedInfra.freePort(),
                Map.of("synchronous_commit", "off", "autovacuum", "off", "bgwriter_lru_maxpages", "0"));
        Flyway.configure().dataSource(db.jdbcUrl(), db.user(), db.password()).schemas("mailbox").createSchemas(true)
                .locations("classpath:db/migration").load().migrate();
        try (Connection c = jdbc(); Statement s = c.createStatement()) {
            s.execute("INSERT INTO mailbox.domains (name) VALUES ('durable.test')");
            s.execute("INSERT INTO mailbox.accounts (domain_id, local_part, password_hash)"
                    + " SELECT id, 'crash', '{BLF-CRYPT}x' FROM mailbox.domains WHERE name = 'durable.test'");
            s.execute("INSERT INTO mailbox.mailboxes (account_id, name, uidvalidity) SELECT id, 'INBOX', 1 FROM mailbox.accounts");
            // the role's own default too: a startup parameter outranks ALTER ROLE and ALTER DATABASE settings
            s.execute("ALTER ROLE postgres SET synchronous_commit = off");
        }
        vertx = Vertx.vertx();
        io.vertx.mutiny.sqlclient.Pool pool = servicePool();
        blobId = new PgBlobStore(pool, new BlobCache(0)).put("Subject: crash\r\n\r\nbody\r\n".getBytes(StandardCharsets.US_ASCII)).await().atMost(T);
        pool.close().await().atMost(T);
        checkpoint();
    }

    @AfterAll
    static void stop() throws IOException {
        if (vertx != null) {
            vertx.close().toCompletionStage().toCompletableFuture().join();
        }
        if (db != null) {
            db.close();
        }
        try (Stream<Path> files = Files.walk(dataDir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    @Test
    void serviceSessionsCommitSynchronouslyWhateverTheServerAndRoleSay() throws Exception {
        io.vertx.mutiny.sqlclient.Pool plain = plainPool();
        io.vertx.mutiny.sqlclient.Pool service = servicePool();
        try {
            CommitDurability careless = CommitDurability.of(plain).await().atMost(T);
            assertEquals("off", careless.synchronousCommit());
            IllegalStateException refused = assertThrows(IllegalStateException.class, () -> careless.enforce(true, LOG));
            assertTrue(refused.getMessage().contains("synchronous_commit is off"), refused.getMessage());
            assertDoesNotThrow(() -> careless.enforce(false, LOG));

            CommitDurability ours = CommitDurability.of(service).await().atMost(T);
            assertEquals("on", ours.synchronousCommit());
            assertEquals(List.of(), ours.problems());
            assertDoesNotThrow(() -> ours.enforce(true, LOG));
            // set by the service in the startup message, not inherited
            assertEquals("client", service.query("SELECT source FROM pg_settings WHERE name = 'synchronous_commit'")
                    .execute().await().atMost(T).iterator().next().getString(0));
        } finally {
            plain.close().await().atMost(T);
            service.close().await().atMost(T);
        }
    }

    @Test
    void refusesAServerWithFsyncOffUnlessOnlyWarningIsAsked() throws Exception {
        // a throwaway test database as EmbeddedDatabase makes it: fsync off (fsync set on the server's command
        // line cannot be changed by ALTER SYSTEM, so this is a server of its own)
        try (EmbeddedDatabase throwaway = EmbeddedDatabase.start(null, SharedInfra.freePort())) {
            io.vertx.mutiny.sqlclient.Pool service = io.vertx.mutiny.pgclient.PgPool.newInstance(DurableSessions.pool(vertx,
                    List.of(options(throwaway)), new PoolOptions().setMaxSize(1), "on"));
            try {
                CommitDurability seen = CommitDurability.of(service).await().atMost(T);
                assertEquals("off", seen.fsync());
                assertEquals("on", seen.synchronousCommit());
                IllegalStateException refused = assertThrows(IllegalStateException.class, () -> seen.enforce(true, LOG));
                assertTrue(refused.getMessage().contains("fsync is off"), refused.getMessage());
                assertDoesNotThrow(() -> seen.enforce(false, LOG));
            } finally {
                service.close().await().atMost(T);
            }
        }
    }

    @Test
    void anAnsweredUidSurvivesTheCrashAndIsNeverHandedOutAgain() throws Exception {
        // Control: a session with the server's default loses an answered delivery and hands its UID out again,
        // which is what issue 12 saw; so this test can tell.
        long lostUid = deliverThenCrash(plainPool(), "control-1");
        assertEquals(0, storedUid("control-1"), "an asynchronous commit survived the crash: the test cannot tell");
        long reissued = deliverThenCrash(plainPool(), "control-2");
        assertEquals(lostUid, reissued);

        // The service's sessions: the answered UID stays, and the next one after the crash is strictly greater.
        long answered = deliverThenCrash(servicePool(), "service-1");
        assertEquals(answered, storedUid("service-1"));
        io.vertx.mutiny.sqlclient.Pool restarted = servicePool();
        try {
            long next = deliver(restarted, "service-2");
            assertTrue(next > answered, "UID " + next + " after " + answered);
        } finally {
            restarted.close().await().atMost(T);
        }
        try (Connection c = jdbc(); Statement s = c.createStatement();
             ResultSet r = s.executeQuery("SELECT count(*), count(DISTINCT uid) FROM mailbox.messages")) {
            r.next();
            assertEquals(r.getLong(1), r.getLong(2), "a UID was stored twice");
        }
    }

    /** Delivers one message through LocalDelivery with the WAL writer stopped, then crashes the server. */
    private static long deliverThenCrash(io.vertx.mutiny.sqlclient.Pool pool, String queueId) throws Exception {
        String walWriter = walWriterPid();
        signal("STOP", walWriter);
        long uid;
        try {
            uid = deliver(pool, queueId);
        } finally {
            // SIGKILL ends a stopped process too; the postmaster takes any child's death as a crash
            signal("KILL", walWriter);
        }
        pool.close().await().atMost(T);
        awaitRecovery(walWriter);
        return uid;
    }

    private static long deliver(io.vertx.mutiny.sqlclient.Pool pool, String queueId) {
        List<DeliveryResult> results = new LocalDelivery(pool, 1 << 20).deliver(List.of(Delivery.newBuilder()
                .setQueueId(queueId + "-" + UUID.randomUUID()).setRecipient(RECIPIENT).setBlobId(blobId).build()))
                .await().atMost(T);
        assertEquals(DeliveryResult.Status.DELIVERED, results.get(0).getStatus(), results.get(0).getDetail());
        return results.get(0).getUid();
    }

    /** The UID stored for a queue id prefix, 0 when there is none. */
    private static long storedUid(String queueId) throws SQLException {
        try (Connection c = jdbc(); Statement s = c.createStatement();
             ResultSet r = s.executeQuery("SELECT coalesce(max(uid), 0) FROM mailbox.deliveries WHERE queue_id LIKE '" + queueId + "-%'")) {
            r.next();
            return r.getLong(1);
        }
    }

    /** Waits until the crash-restarted server accepts sessions again with a new WAL writer. */
    private static void awaitRecovery(String oldWalWriter) throws InterruptedException {
        long deadline = System.nanoTime() + T.toNanos();
        while (true) {
            try {
                String now = walWriterPid();
                if (now != null && !now.equals(oldWalWriter)) {
                    return;
                }
            } catch (SQLException recovering) {
                // refused or cut off while the postmaster restarts
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("PostgreSQL did not recover from the crash within " + T);
            }
            Thread.sleep(50);
        }
    }

    private static String walWriterPid() throws SQLException {
        try (Connection c = jdbc(); Statement s = c.createStatement();
             ResultSet r = s.executeQuery("SELECT pid FROM pg_stat_activity WHERE backend_type = 'walwriter'")) {
            return r.next() ? r.getString(1) : null;
        }
    }

    private static void checkpoint() throws SQLException {
        try (Connection c = jdbc(); Statement s = c.createStatement()) {
            s.execute("CHECKPOINT");
        }
    }

    private static void signal(String signal, String pid) throws IOException, InterruptedException {
        Process kill = new ProcessBuilder("kill", "-" + signal, pid).inheritIO().start();
        assertEquals(0, kill.waitFor(), "kill -" + signal + " " + pid);
    }

    private static Connection jdbc() throws SQLException {
        return DriverManager.getConnection(db.jdbcUrl(), db.user(), db.password());
    }

    private static PgConnectOptions options() {
        return options(db);
    }

    private static PgConnectOptions options(EmbeddedDatabase database) {
        return PgConnectOptions.fromUri(database.reactiveUrl()).setUser(database.user()).setPassword(database.password());
    }

    /** A pool as mailbox-store builds it (db/DurablePool). */
    private static io.vertx.mutiny.sqlclient.Pool servicePool() {
        return io.vertx.mutiny.pgclient.PgPool.newInstance(
                DurableSessions.pool(vertx, List.of(options()), new PoolOptions().setMaxSize(2), "on"));
    }

    /** A pool that takes whatever the server, database and role default to. */
    private static io.vertx.mutiny.sqlclient.Pool plainPool() {
        return io.vertx.mutiny.pgclient.PgPool.newInstance(PgPool.pool(vertx, options(), new PoolOptions().setMaxSize(2)));
    }
}
