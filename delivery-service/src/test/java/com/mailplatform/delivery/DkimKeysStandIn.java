package com.mailplatform.delivery;

import com.mailplatform.common.grpc.mailbox.MutinyMailboxDkimGrpc;
import com.mailplatform.common.grpc.mailbox.SigningKey;
import com.mailplatform.common.grpc.mailbox.SigningKeyList;
import com.mailplatform.common.grpc.mailbox.SigningKeysRequest;
import io.quarkus.grpc.GrpcService;
import io.smallrye.mutiny.Uni;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * mailbox-store's SigningKeys as delivery-service sees it, next to {@link RecordingMailboxStore} on the test's own
 * gRPC port: the active keys a test registers per domain, none for other domains. The real store's keys (made,
 * rotated, the TXT records) are proven in mailbox-store's MailboxDkimGrpcTest.
 */
@GrpcService
public class DkimKeysStandIn extends MutinyMailboxDkimGrpc.MailboxDkimImplBase {

    public static final Map<String, List<SigningKey>> KEYS = new ConcurrentHashMap<>();
    /** Domains whose keys the store cannot give now (UNAVAILABLE), as when its database is away. */
    public static final java.util.Set<String> UNAVAILABLE = ConcurrentHashMap.newKeySet();

    @Override
    public Uni<SigningKeyList> signingKeys(SigningKeysRequest request) {
        if (UNAVAILABLE.contains(request.getDomain().toLowerCase(Locale.ROOT))) {
            return Uni.createFrom().failure(io.grpc.Status.UNAVAILABLE.withDescription("database away").asRuntimeException());
        }
        return Uni.createFrom().item(SigningKeyList.newBuilder()
                .addAllKeys(KEYS.getOrDefault(request.getDomain().toLowerCase(Locale.ROOT), List.of())).build());
    }
}
