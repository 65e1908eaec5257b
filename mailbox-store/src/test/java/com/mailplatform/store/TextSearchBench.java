package com.mailplatform.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.mailplatform.common.grpc.mailbox.CreateAccountRequest;
import com.mailplatform.common.grpc.mailbox.CreateDomainRequest;
import com.mailplatform.common.grpc.mailbox.FolderRequest;
import com.mailplatform.common.grpc.mailbox.MailboxAdmin;
import com.mailplatform.common.grpc.mailbox.MailboxImap;
import com.mailplatform.common.grpc.mailbox.SearchTextRequest;
import com.mailplatform.store.imap.MessageText;
import com.mailplatform.testsupport.SharedInfraResource;
import io.quarkus.grpc.GrpcClient;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * SEARCH BODY/TEXT on a large folder (issue 14), run on demand:
 * {@code -Dtest=TextSearchBench -Dbench=true [-Dbench.messages=100000 -Dbench.words=150 -Dbench.runs=5]}.
 * Fills one INBOX with messages whose texts are made by the store's own extractor (imap/MessageText) from generated
 * mail (Zipf-distributed pseudo-words from a 20,000-word vocabulary, a common word in half of them, a rare one in
 * three), inserted by SQL in batches (quicker than delivering them one by one), then times the SearchText RPC over
 * every UID, as the gateway asks it, for a rare and a common word, BODY and TEXT.
 */
@QuarkusTest
@QuarkusTestResource(SharedInfraResource.class)
@EnabledIfSystemProperty(named = "bench", matches = "true")
class TextSearchBench {

    private static final Duration T = Duration.ofMinutes(5);
    private static final String RARE = "xylophonist";
    private static final String COMMON = "meeting";

    @GrpcClient("store")
    MailboxImap imap;

    @GrpcClient("store")
    MailboxAdmin admin;

    @Inject
    Pool pool;

    @Test
    void searchALargeFolder() {
        int messages = Integer.getInteger("bench.messages", 100_000);
        int words = Integer.getInteger("bench.words", 150);
        int runs = Integer.getInteger("bench.runs", 5);
        String domain = "bench" + UUID.randomUUID().toString().substring(0, 8) + ".test";
        admin.createDomain(CreateDomainRequest.newBuilder().setName(domain).build()).await().atMost(T);
        String account = "u@" + domain;
        admin.createAccount(CreateAccountRequest.newBuilder().setAddress(account).setPassword("password-123").build()).await().atMost(T);
        long box = imap.openFolder(FolderRequest.newBuilder().setAccount(account).setName("INBOX").build()).await().atMost(T)
                .getFolder().getMailboxId();

        long start = System.nanoTime();
        fill(box, domain, messages, words);
        double fillSeconds = (System.nanoTime() - start) / 1e9;
        System.out.printf("fill: %d messages of %d words in %.1f s (%.0f messages/s, extraction + index included)%n",
                messages, words, fillSeconds, messages / fillSeconds);
        long tableBytes = pool.query("SELECT pg_total_relation_size('mailbox.blob_texts')").execute().await().atMost(T).iterator().next().getLong(0);
        System.out.printf("blob_texts with its indexes: %d MB%n", tableBytes >> 20);

        List<Long> uids = LongStream.rangeClosed(1, messages).boxed().toList();
        for (SearchTextRequest.Where where : List.of(SearchTextRequest.Where.BODY, SearchTextRequest.Where.TEXT)) {
            for (String word : List.of(RARE, COMMON)) {
                long[] millis = new long[runs];
                int hits = 0;
                for (int i = 0; i < runs; i++) {
                    long t0 = System.nanoTime();
                    hits = imap.searchText(SearchTextRequest.newBuilder().setAccount(account).setMailboxId(box).addAllUids(uids)
                            .setWhere(where).setNeedle(word).build()).await().atMost(T).getUidsCount();
                    millis[i] = (System.nanoTime() - t0) / 1_000_000;
                }
                Arrays.sort(millis);
                System.out.printf("SEARCH %s %s: %d hits, median %d ms, min %d ms, max %d ms (%d runs)%n",
                        where, word, hits, millis[runs / 2], millis[0], millis[runs - 1], runs);
                if (word.equals(RARE)) {
                    assertEquals(3, hits);
                } else {
                    assertTrue(hits >= messages / 3, "the common word is common: " + hits);
                }
            }
        }
        legacyFolder(account, box, domain, uids);
    }

    /**
     * A folder stored before V12 (no texts): its first search extracts every message and writes the texts back
     * (imap/TextSearch's lazy backfill); the second is indexed again.
     */
    private void legacyFolder(String account, long box, String domain, List<Long> uids) {
        pool.preparedQuery("DELETE FROM mailbox.blob_texts WHERE blob_id LIKE $1").execute(Tuple.of("bench-" + domain + "-%")).await().atMost(T);
        for (String pass : List.of("first search (extracts, writes back)", "second search")) {
            long t0 = System.nanoTime();
            int hits = imap.searchText(SearchTextRequest.newBuilder().setAccount(account).setMailboxId(box).addAllUids(uids)
                    .setWhere(SearchTextRequest.Where.BODY).setNeedle(RARE).build()).await().atMost(T).getUidsCount();
            System.out.printf("folder without texts, %s: SEARCH BODY %s: %d hits, %d ms%n", pass, RARE, hits, (System.nanoTime() - t0) / 1_000_000);
            assertEquals(3, hits);
        }
    }

    /** Batches of rows straight into blobs, messages and blob_texts; the texts from the real extractor. */
    private void fill(long box, String domain, int messages, int words) {
        Random random = new Random(14);
        String[] vocabulary = new String[20_000];
        for (int i = 0; i < vocabulary.length; i++) {
            StringBuilder w = new StringBuilder();
            for (int n = 3 + random.nextInt(8); n > 0; n--) {
                w.append((char) ('a' + random.nextInt(26)));
            }
            vocabulary[i] = w.toString();
        }
        int batch = 1000;
        for (int from = 1; from <= messages; from += batch) {
            int to = Math.min(messages, from + batch - 1);
            List<String> ids = new ArrayList<>();
            List<String> raws = new ArrayList<>();
            List<Long> uidList = new ArrayList<>();
            List<String> headers = new ArrayList<>();
            List<String> bodies = new ArrayList<>();
            for (int uid = from; uid <= to; uid++) {
                StringBuilder body = new StringBuilder();
                for (int w = 0; w < words; w++) {
                    // Zipf-like: small indexes far more often
                    int idx = (int) Math.min(vocabulary.length - 1, Math.floor(Math.pow(vocabulary.length, random.nextDouble())) - 1);
                    body.append(vocabulary[idx]).append(w % 12 == 11 ? ".\r\n" : " ");
                }
                if (uid % 2 == 0) {
                    body.append(" the ").append(COMMON).append(" is at noon\r\n");
                }
                if (uid == 7 || uid == messages / 2 || uid == messages - 3) {
                    body.append(" ask the ").append(RARE).append("\r\n");
                }
                String raw = "From: sender" + uid % 500 + "@" + domain + "\r\nTo: u@" + domain + "\r\nSubject: " + vocabulary[random.nextInt(2000)]
                        + " " + vocabulary[random.nextInt(2000)] + " " + uid + "\r\nMessage-ID: <" + uid + "@" + domain + ">\r\n"
                        + "Content-Type: text/plain; charset=utf-8\r\n\r\n" + body;
                MessageText text = MessageText.safeOf(raw.getBytes(StandardCharsets.UTF_8), 2 << 20);
                ids.add("bench-" + domain + "-" + uid);
                raws.add(raw);
                uidList.add((long) uid);
                headers.add(text.header());
                bodies.add(text.body());
            }
            String[] idArray = ids.toArray(new String[0]);
            pool.withTransaction(conn -> conn.preparedQuery("INSERT INTO mailbox.blobs (id, size, content)"
                                    + " SELECT u.id, octet_length(u.raw), convert_to(u.raw, 'UTF8') FROM unnest($1::text[], $2::text[]) AS u(id, raw)")
                            .execute(Tuple.of(idArray, raws.toArray(new String[0])))
                            .flatMap(x -> conn.preparedQuery("INSERT INTO mailbox.messages (mailbox_id, uid, modseq, internal_date, size, blob_id)"
                                            + " SELECT $1, u.uid, u.uid, now(), b.size, u.id FROM unnest($2::bigint[], $3::text[]) AS u(uid, id)"
                                            + " JOIN mailbox.blobs b ON b.id = u.id")
                                    .execute(Tuple.of(box, uidList.toArray(new Long[0]), idArray)))
                            .flatMap(x -> conn.preparedQuery("INSERT INTO mailbox.blob_texts (blob_id, header, body)"
                                            + " SELECT * FROM unnest($1::text[], $2::text[], $3::text[])")
                                    .execute(Tuple.of(idArray, headers.toArray(new String[0]), bodies.toArray(new String[0])))))
                    .await().atMost(T);
        }
        pool.preparedQuery("UPDATE mailbox.mailboxes SET uidnext = $2 + 1, highestmodseq = $2 + 1 WHERE id = $1")
                .execute(Tuple.of(box, (long) messages)).await().atMost(T);
        // what autovacuum would do soon after such a load: statistics, and the GIN pending list merged
        pool.query("VACUUM ANALYZE mailbox.blobs, mailbox.messages, mailbox.blob_texts").execute().await().atMost(T);
    }
}
