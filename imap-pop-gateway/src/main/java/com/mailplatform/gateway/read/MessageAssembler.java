package com.mailplatform.gateway.read;

import com.google.protobuf.ByteString;
import com.mailplatform.common.grpc.mailbox.FetchedPart;
import com.mailplatform.common.grpc.mailbox.MessageMeta;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;

/** Joins a FetchMessages stream's parts into whole messages (one at a time) for a {@link FetchStream} handler. */
public final class MessageAssembler implements Function<FetchedPart, CompletionStage<Void>> {

    private final int sectionCount;
    private final Function<Fetched, CompletionStage<Void>> onMessage;
    private long uid = -1;
    private MessageMeta meta;
    private final List<ByteString> sections = new ArrayList<>();

    public MessageAssembler(int sectionCount, Function<Fetched, CompletionStage<Void>> onMessage) {
        this.sectionCount = sectionCount;
        this.onMessage = onMessage;
    }

    @Override
    public CompletionStage<Void> apply(FetchedPart part) {
        if (part.getUid() != uid) {
            uid = part.getUid();
            meta = part.hasMeta() ? part.getMeta() : null;
            sections.clear();
            for (int i = 0; i < sectionCount; i++) {
                sections.add(ByteString.EMPTY);
            }
        }
        int i = part.getSection();
        if (i >= 0 && i < sectionCount && !part.getData().isEmpty()) {
            // concat builds a rope: no copying of the chunks already received
            sections.set(i, sections.get(i).concat(part.getData()));
        }
        if (!part.getMessageEnd()) {
            return CompletableFuture.completedFuture(null);
        }
        Fetched message = new Fetched(uid, meta, List.copyOf(sections));
        uid = -1;
        return onMessage.apply(message);
    }
}
