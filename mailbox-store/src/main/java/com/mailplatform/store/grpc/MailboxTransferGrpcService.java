package com.mailplatform.store.grpc;

import com.mailplatform.common.grpc.mailbox.ImportBatch;
import com.mailplatform.common.grpc.mailbox.ImportBatchReply;
import com.mailplatform.common.grpc.mailbox.MailboxTransfer;
import com.mailplatform.store.transfer.MailImports;
import io.quarkus.grpc.GrpcService;
import io.smallrye.mutiny.Uni;

/** transfer.proto: import batches (export is MailboxImap's ListFolders/OpenFolder/FetchMessages). */
@GrpcService
public class MailboxTransferGrpcService implements MailboxTransfer {

    private final MailImports imports;

    public MailboxTransferGrpcService(MailImports imports) {
        this.imports = imports;
    }

    @Override
    public Uni<ImportBatchReply> importMessages(ImportBatch request) {
        return imports.importBatch(MailboxStoreGrpcService.ref(request.getAccount()), MailboxImapGrpcService.name(request.getFolder()),
                request.getMessagesList(), request.getUidvalidity());
    }
}
