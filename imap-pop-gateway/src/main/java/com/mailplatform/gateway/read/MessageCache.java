package com.mailplatform.gateway.read;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.google.protobuf.ByteString;
import com.mailplatform.common.grpc.mailbox.MessageMeta;
import com.mailplatform.common.grpc.mailbox.SectionSpec;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;

/**
 * Message parts recently read, shared by every IMAP and POP3 session of this gateway and bounded by bytes. A
 * mailbox id with a UID names one message for ever (UIDs are never reused, RFC 9051 section 2.3.1.1), and a
 * message's content, MIME structure and sections never change once stored, so nothing here can be stale. A
 * session only ever asks with mailbox ids the store gave it for its own account.
 */
@ApplicationScoped
public class MessageCache {

    private record Key(long mailboxId, long uid, String item) {
    }

    private static final String META = "\u0000meta";

    private final Cache<Key, Object> cache;
    private final int maxEntryBytes;

    @Inject
    public MessageCache(ReadConfig config) {
        this(config.messageCacheBytes(), config.messageCacheMaxEntryBytes());
    }

    public MessageCache(long maxBytes, int maxEntryBytes) {
        this.maxEntryBytes = maxEntryBytes;
        this.cache = Caffeine.newBuilder().maximumWeight(Math.max(0, maxBytes))
                .weigher((Key k, Object v) -> 64 + (v instanceof ByteString b ? b.size() : ((MessageMeta) v).getSerializedSize()))
                .build();
    }

    /** The key of a section: its name and header field list, which is what determines its octets. */
    public static String item(SectionSpec spec) {
        return spec.getHeaderFieldsCount() == 0 ? spec.getSection() : spec.getSection() + " " + String.join(" ", spec.getHeaderFieldsList());
    }

    /** The message with all of {@code sections} (and its metadata when {@code meta}), or null if any is missing. */
    public Fetched get(long mailboxId, long uid, boolean meta, List<SectionSpec> sections) {
        MessageMeta mm = null;
        if (meta) {
            mm = (MessageMeta) cache.getIfPresent(new Key(mailboxId, uid, META));
            if (mm == null) {
                return null;
            }
        }
        List<ByteString> out = new ArrayList<>(sections.size());
        for (SectionSpec spec : sections) {
            ByteString data = (ByteString) cache.getIfPresent(new Key(mailboxId, uid, item(spec)));
            if (data == null) {
                return null;
            }
            out.add(data);
        }
        return new Fetched(uid, mm, out);
    }

    public void put(long mailboxId, Fetched message, List<SectionSpec> sections) {
        if (message.meta() != null) {
            cache.put(new Key(mailboxId, message.uid(), META), message.meta());
        }
        for (int i = 0; i < sections.size() && i < message.sections().size(); i++) {
            ByteString data = message.sections().get(i);
            if (data.size() <= maxEntryBytes) {
                cache.put(new Key(mailboxId, message.uid(), item(sections.get(i))), data);
            }
        }
    }

    /** Whether a part of this size is kept (larger ones stream through). */
    public boolean keeps(long bytes) {
        return bytes <= maxEntryBytes;
    }
}
