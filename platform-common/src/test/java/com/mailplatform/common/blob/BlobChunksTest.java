package com.mailplatform.common.blob;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.mailplatform.common.grpc.mailbox.BlobChunk;
import com.mailplatform.common.grpc.mailbox.MailboxStore;
import com.mailplatform.common.grpc.mailbox.PutBlobReply;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import java.io.ByteArrayOutputStream;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Content into PutBlob's chunk stream and back, at the chunk boundaries. */
class BlobChunksTest {

    @Test
    void chunksAreBoundedAndInOrder() {
        byte[] content = new byte[10_000];
        new Random(7).nextBytes(content);
        for (int size : new int[] {1, 999, 1000, 4096, 9_999, 10_000, 10_001, 64 * 1024}) {
            List<BlobChunk> chunks = BlobChunks.of(content, size).collect().asList().await().atMost(Duration.ofSeconds(5));
            assertEquals((content.length + size - 1) / size, chunks.size(), "chunk size " + size);
            ByteArrayOutputStream joined = new ByteArrayOutputStream();
            chunks.forEach(c -> {
                assertTrue(c.getData().size() <= size && c.getData().size() > 0);
                joined.writeBytes(c.getData().toByteArray());
            });
            assertArrayEquals(content, joined.toByteArray(), "chunk size " + size);
        }
    }

    @Test
    void emptyContentIsOneEmptyChunk() {
        List<BlobChunk> chunks = BlobChunks.of(new byte[0], 1024).collect().asList().await().atMost(Duration.ofSeconds(5));
        assertEquals(1, chunks.size());
        assertEquals(0, chunks.get(0).getData().size());
        assertThrows(IllegalArgumentException.class, () -> BlobChunks.of(new byte[1], 0));
    }

    @Test
    void uploadStreamsTheWholeContentToPutBlob() {
        byte[] content = new byte[300_000];
        new Random(11).nextBytes(content);
        List<Integer> sizes = new ArrayList<>();
        ByteArrayOutputStream received = new ByteArrayOutputStream();
        MailboxStore store = putBlobOnly(chunks -> chunks
                .onItem().invoke(c -> {
                    sizes.add(c.getData().size());
                    received.writeBytes(c.getData().toByteArray());
                })
                .collect().last()
                .map(last -> PutBlobReply.newBuilder().setBlobId("b1").setSize(received.size()).build()));
        PutBlobReply reply = BlobChunks.upload(store, content, 128 * 1024).await().atMost(Duration.ofSeconds(5));
        assertEquals(List.of(128 * 1024, 128 * 1024, 300_000 - 256 * 1024), sizes);
        assertArrayEquals(content, received.toByteArray());
        assertEquals(300_000, reply.getSize());
    }

    /** mailbox-store as far as PutBlob goes (the real one is another application; its own tests cover it). */
    private static MailboxStore putBlobOnly(java.util.function.Function<Multi<BlobChunk>, Uni<PutBlobReply>> putBlob) {
        return (MailboxStore) Proxy.newProxyInstance(MailboxStore.class.getClassLoader(), new Class<?>[] {MailboxStore.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("putBlob")) {
                        @SuppressWarnings("unchecked")
                        Multi<BlobChunk> chunks = (Multi<BlobChunk>) args[0];
                        return putBlob.apply(chunks);
                    }
                    throw new UnsupportedOperationException(method.getName());
                });
    }
}
