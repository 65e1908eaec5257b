package com.mailplatform.store.grpc;

import com.mailplatform.common.grpc.mailbox.CreateDkimKeyRequest;
import com.mailplatform.common.grpc.mailbox.DeleteDkimKeyRequest;
import com.mailplatform.common.grpc.mailbox.DkimKey;
import com.mailplatform.common.grpc.mailbox.DkimKeyDeleted;
import com.mailplatform.common.grpc.mailbox.DkimKeyList;
import com.mailplatform.common.grpc.mailbox.ListDkimKeysRequest;
import com.mailplatform.common.grpc.mailbox.MailboxDkim;
import com.mailplatform.common.grpc.mailbox.RotateDkimKeyRequest;
import com.mailplatform.common.grpc.mailbox.SigningKeyList;
import com.mailplatform.common.grpc.mailbox.SigningKeysRequest;
import com.mailplatform.store.dkim.DkimKeys;
import io.quarkus.grpc.GrpcService;
import io.smallrye.mutiny.Uni;

/** DKIM keys per domain (dkim.proto); the rules are in {@code DkimKeys}, {@code DkimAlgorithm} and {@code Selectors}. */
@GrpcService
public class MailboxDkimGrpcService implements MailboxDkim {

    private final DkimKeys keys;

    public MailboxDkimGrpcService(DkimKeys keys) {
        this.keys = keys;
    }

    @Override
    public Uni<DkimKey> createKey(CreateDkimKeyRequest request) {
        return keys.create(request.getDomain(), request.getAlgorithm(), request.getSelector(), false);
    }

    @Override
    public Uni<DkimKeyList> listKeys(ListDkimKeysRequest request) {
        return keys.list(request.getDomain()).map(l -> DkimKeyList.newBuilder().addAllItems(l).build());
    }

    @Override
    public Uni<DkimKey> rotateKey(RotateDkimKeyRequest request) {
        return keys.create(request.getDomain(), request.getAlgorithm(), "", true);
    }

    @Override
    public Uni<DkimKeyDeleted> deleteKey(DeleteDkimKeyRequest request) {
        return keys.delete(request.getDomain(), request.getSelector()).map(ok -> DkimKeyDeleted.newBuilder().setDeleted(ok).build());
    }

    @Override
    public Uni<SigningKeyList> signingKeys(SigningKeysRequest request) {
        return keys.signingKeys(request.getDomain()).map(l -> SigningKeyList.newBuilder().addAllKeys(l).build());
    }
}
