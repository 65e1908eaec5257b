package com.mailplatform.delivery;

import com.mailplatform.common.grpc.mailbox.ExpandReply;
import com.mailplatform.common.grpc.mailbox.ExpandRequest;
import com.mailplatform.common.grpc.mailbox.MutinyMailboxAliasesGrpc;
import io.quarkus.grpc.GrpcService;
import io.smallrye.mutiny.Uni;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * mailbox-store's Expand as delivery-service sees it, on the test's own gRPC port: an address in {@link #ALIASES}
 * expands to its targets, any other to nothing (which delivery-service takes as "itself", like the real store's answer).
 */
@GrpcService
public class RecordingAliases extends MutinyMailboxAliasesGrpc.MailboxAliasesImplBase {

    public static final Map<String, List<String>> ALIASES = new ConcurrentHashMap<>();

    @Override
    public Uni<ExpandReply> expand(ExpandRequest request) {
        List<String> targets = ALIASES.getOrDefault(request.getAddress().toLowerCase(Locale.ROOT), List.of());
        return Uni.createFrom().item(ExpandReply.newBuilder().addAllRecipients(targets).build());
    }
}
