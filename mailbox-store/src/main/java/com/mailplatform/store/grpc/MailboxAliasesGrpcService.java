package com.mailplatform.store.grpc;

import com.mailplatform.common.grpc.mailbox.Alias;
import com.mailplatform.common.grpc.mailbox.AliasDeleted;
import com.mailplatform.common.grpc.mailbox.AliasPage;
import com.mailplatform.common.grpc.mailbox.DeleteAliasRequest;
import com.mailplatform.common.grpc.mailbox.ExpandReply;
import com.mailplatform.common.grpc.mailbox.ExpandRequest;
import com.mailplatform.common.grpc.mailbox.ListAliasesRequest;
import com.mailplatform.common.grpc.mailbox.MailboxAliases;
import com.mailplatform.store.alias.AliasDirectory;
import io.quarkus.grpc.GrpcService;
import io.smallrye.mutiny.Uni;

/** Aliases, forwards and catch-alls (aliases.proto); the rules are in {@code AliasExpansion} and {@code AliasLookup}. */
@GrpcService
public class MailboxAliasesGrpcService implements MailboxAliases {

    private final AliasDirectory aliases;

    public MailboxAliasesGrpcService(AliasDirectory aliases) {
        this.aliases = aliases;
    }

    @Override
    public Uni<Alias> createAlias(Alias request) {
        return aliases.create(request);
    }

    @Override
    public Uni<AliasPage> listAliases(ListAliasesRequest request) {
        return aliases.list(request.getDomain(), Math.max(0, request.getOffset()), MailboxAdminGrpcService.limit(request.getLimit()));
    }

    @Override
    public Uni<AliasDeleted> deleteAlias(DeleteAliasRequest request) {
        return aliases.delete(request.getAddress()).map(ok -> AliasDeleted.newBuilder().setDeleted(ok).build());
    }

    @Override
    public Uni<ExpandReply> expand(ExpandRequest request) {
        return aliases.expand(request.getAddress()).map(r -> ExpandReply.newBuilder().addAllRecipients(r).build());
    }
}
