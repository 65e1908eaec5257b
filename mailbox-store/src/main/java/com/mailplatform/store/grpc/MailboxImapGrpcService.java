package com.mailplatform.store.grpc;

import com.mailplatform.common.grpc.mailbox.AppendReply;
import com.mailplatform.common.grpc.mailbox.AppendRequest;
import com.mailplatform.common.grpc.mailbox.CopyReply;
import com.mailplatform.common.grpc.mailbox.CopyRequest;
import com.mailplatform.common.grpc.mailbox.ExpungeDeletedReply;
import com.mailplatform.common.grpc.mailbox.ExpungeDeletedRequest;
import com.mailplatform.common.grpc.mailbox.FetchMessagesRequest;
import com.mailplatform.common.grpc.mailbox.FetchedPart;
import com.mailplatform.common.grpc.mailbox.FlagUpdateReply;
import com.mailplatform.common.grpc.mailbox.FlagUpdateRequest;
import com.mailplatform.common.grpc.mailbox.FolderChangeNotice;
import com.mailplatform.common.grpc.mailbox.FolderChangesReply;
import com.mailplatform.common.grpc.mailbox.FolderChangesRequest;
import com.mailplatform.common.grpc.mailbox.FolderListReply;
import com.mailplatform.common.grpc.mailbox.FolderListRequest;
import com.mailplatform.common.grpc.mailbox.FolderRenameRequest;
import com.mailplatform.common.grpc.mailbox.FolderReply;
import com.mailplatform.common.grpc.mailbox.FolderRequest;
import com.mailplatform.common.grpc.mailbox.FolderSnapshot;
import com.mailplatform.common.grpc.mailbox.FolderSubscribeRequest;
import com.mailplatform.common.grpc.mailbox.MailboxImap;
import com.mailplatform.common.grpc.mailbox.SearchTextReply;
import com.mailplatform.common.grpc.mailbox.SearchTextRequest;
import com.mailplatform.common.grpc.mailbox.SortDataReply;
import com.mailplatform.common.grpc.mailbox.SortDataRequest;
import com.mailplatform.common.grpc.mailbox.WatchChangesRequest;
import com.mailplatform.store.StoreConfig;
import com.mailplatform.store.imap.ChangeFeed;
import com.mailplatform.store.imap.Folders;
import com.mailplatform.store.imap.MessageWrites;
import java.util.ArrayList;
import java.util.List;
import com.mailplatform.store.imap.MessageReads;
import com.mailplatform.store.imap.Messages;
import com.mailplatform.store.imap.SortReads;
import com.mailplatform.store.model.MailboxEntity;
import com.mailplatform.store.quota.Usage;
import com.mailplatform.common.grpc.mailbox.QuotaReply;
import com.mailplatform.common.grpc.mailbox.QuotaRequest;
import io.grpc.Status;
import io.quarkus.grpc.GrpcService;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;

/** The IMAP side of the store (imap.proto); the gateway keeps only per-session state. */
@GrpcService
public class MailboxImapGrpcService implements MailboxImap {

    private final Folders folders;
    private final Messages messages;
    private final MessageReads reads;
    private final MessageWrites writes;
    private final ChangeFeed feed;
    private final StoreConfig config;
    private final Usage usage;
    private final SortReads sortReads;

    public MailboxImapGrpcService(Folders folders, Messages messages, MessageReads reads, MessageWrites writes, ChangeFeed feed, StoreConfig config,
                                  Usage usage, SortReads sortReads) {
        this.usage = usage;
        this.sortReads = sortReads;
        this.folders = folders;
        this.messages = messages;
        this.reads = reads;
        this.writes = writes;
        this.feed = feed;
        this.config = config;
    }

    @Override
    public Uni<FolderListReply> listFolders(FolderListRequest request) {
        var ref = MailboxStoreGrpcService.ref(request.getAccount());
        return folders.list(ref).flatMap(l -> folders.subscriptions(ref)
                .map(subs -> FolderListReply.newBuilder().addAllFolders(l).addAllSubscriptions(subs).build()));
    }

    @Override
    public Uni<FolderReply> createFolder(FolderRequest request) {
        return folders.create(MailboxStoreGrpcService.ref(request.getAccount()), name(request.getName()), request.getSpecialUse());
    }

    @Override
    public Uni<FolderReply> deleteFolder(FolderRequest request) {
        return folders.delete(MailboxStoreGrpcService.ref(request.getAccount()), name(request.getName()));
    }

    @Override
    public Uni<FolderReply> renameFolder(FolderRenameRequest request) {
        return folders.rename(MailboxStoreGrpcService.ref(request.getAccount()), name(request.getFrom()), name(request.getTo()));
    }

    @Override
    public Uni<FolderReply> subscribeFolder(FolderSubscribeRequest request) {
        return folders.subscribe(MailboxStoreGrpcService.ref(request.getAccount()), name(request.getName()), request.getSubscribed());
    }

    @Override
    public Uni<FolderSnapshot> openFolder(FolderRequest request) {
        return folders.open(MailboxStoreGrpcService.ref(request.getAccount()), name(request.getName()), request.getClaimRecent());
    }

    @Override
    public Uni<FolderChangesReply> folderChanges(FolderChangesRequest request) {
        return messages.changes(MailboxStoreGrpcService.ref(request.getAccount()), request.getMailboxId(), request.getSinceModseq(),
                request.getClaimRecent(), request.getExpungedOnly());
    }

    @Override
    public Multi<FetchedPart> fetchMessages(FetchMessagesRequest request) {
        return reads.fetch(MailboxStoreGrpcService.ref(request.getAccount()), request.getMailboxId(), request.getUidsList(), request.getMeta(),
                request.getSectionsList());
    }

    @Override
    public Uni<FlagUpdateReply> updateFlags(FlagUpdateRequest request) {
        return messages.updateFlags(MailboxStoreGrpcService.ref(request.getAccount()), request.getMailboxId(), request.getUidsList(), request.getMode(),
                request.getFlagsList(), request.getConditional() ? Math.max(0, request.getUnchangedSince()) : -1);
    }

    @Override
    public Uni<CopyReply> copyMessages(CopyRequest request) {
        return writes.copy(MailboxStoreGrpcService.ref(request.getAccount()), request.getMailboxId(), request.getUidsList(), name(request.getTarget()), request.getMove());
    }

    @Override
    public Uni<ExpungeDeletedReply> expungeDeleted(ExpungeDeletedRequest request) {
        return writes.expunge(MailboxStoreGrpcService.ref(request.getAccount()), request.getMailboxId(), request.getUidsList());
    }

    @Override
    public Uni<AppendReply> appendMessage(AppendRequest request) {
        if (request.getContent().size() > config.maxBlobBytes()
                || request.getMoreList().stream().anyMatch(m -> m.getContent().size() > config.maxBlobBytes())) {
            return Uni.createFrom().failure(Status.RESOURCE_EXHAUSTED.withDescription("message larger than " + config.maxBlobBytes()).asRuntimeException());
        }
        List<MessageWrites.AppendItem> items = new ArrayList<>();
        items.add(new MessageWrites.AppendItem(request.getContent().toByteArray(), request.getFlagsList(), request.getInternalDateMillis()));
        // RFC 3502 MULTIAPPEND: the further messages in the same transaction
        request.getMoreList().forEach(m -> items.add(new MessageWrites.AppendItem(m.getContent().toByteArray(), m.getFlagsList(), m.getInternalDateMillis())));
        return writes.append(MailboxStoreGrpcService.ref(request.getAccount()), name(request.getFolder()), items);
    }

    @Override
    public Uni<SearchTextReply> searchText(SearchTextRequest request) {
        return messages.searchText(MailboxStoreGrpcService.ref(request.getAccount()), request.getMailboxId(), request.getUidsList(), request.getWhere(),
                        request.getField(), request.getNeedle())
                .map(l -> SearchTextReply.newBuilder().addAllUids(l).build());
    }

    @Override
    public Multi<FolderChangeNotice> watchChanges(WatchChangesRequest request) {
        return feed.stream();
    }

    @Override
    public Uni<SortDataReply> sortData(SortDataRequest request) {
        return sortReads.sortData(MailboxStoreGrpcService.ref(request.getAccount()), request.getMailboxId(), request.getUidsList())
                .map(l -> SortDataReply.newBuilder().addAllMessages(l).build());
    }

    /** INBOX is case-insensitive (RFC 9051 section 5.1); every other name is kept as given. */
    static String name(String name) {
        if (name.isEmpty()) {
            throw Status.INVALID_ARGUMENT.withDescription("empty mailbox name").asRuntimeException();
        }
        return name.equalsIgnoreCase(MailboxEntity.INBOX) ? MailboxEntity.INBOX : name;
    }

    /** RFC 9208 GETQUOTA/GETQUOTAROOT: the limit delivery, APPEND and COPY enforce (see {@link Usage#FITS_SQL}). */
    @Override
    public Uni<QuotaReply> getQuota(QuotaRequest request) {
        return usage.account(MailboxStoreGrpcService.ref(request.getAccount())).map(u -> QuotaReply.newBuilder()
                .setLimitBytes(u.getEffectiveQuotaBytes()).setUsedBytes(u.getUsedBytes()).setMessages(u.getMessages()).build());
    }
}
