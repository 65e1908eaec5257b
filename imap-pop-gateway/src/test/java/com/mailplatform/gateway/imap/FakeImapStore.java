package com.mailplatform.gateway.imap;

import com.mailplatform.common.grpc.mailbox.AppendItem;
import com.mailplatform.common.grpc.mailbox.AppendReply;
import com.mailplatform.common.grpc.mailbox.AppendRequest;
import com.mailplatform.common.grpc.mailbox.FolderChangesReply;
import com.mailplatform.common.grpc.mailbox.FolderChangesRequest;
import com.mailplatform.common.grpc.mailbox.FolderInfo;
import com.mailplatform.common.grpc.mailbox.FolderListReply;
import com.mailplatform.common.grpc.mailbox.FolderReply;
import com.mailplatform.common.grpc.mailbox.FolderRequest;
import com.mailplatform.common.grpc.mailbox.FolderSnapshot;
import com.mailplatform.common.grpc.mailbox.MailboxImap;
import com.mailplatform.common.grpc.mailbox.MessageState;
import io.grpc.Status;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;

/**
 * One INBOX in memory for the session tests of issue 14's extensions: OpenFolder, FolderChanges, ListFolders and
 * AppendMessage (with MULTIAPPEND's further messages); every other call fails, and the change stream never emits.
 */
final class FakeImapStore {

    static final long MAILBOX_ID = 7;
    static final long UIDVALIDITY = 1700000000L;

    final List<MessageState> messages = new ArrayList<>();
    final List<AppendRequest> appends = new ArrayList<>();
    /** Folders made by CREATE (ids from 100), empty; OpenFolder knows only INBOX. */
    final List<String> created = new ArrayList<>();
    private long uidnext = 1;
    private long modseq = 1;

    synchronized MessageState add(MessageState.Builder m) {
        MessageState s = m.setUid(uidnext++).setModseq(++modseq).build();
        messages.add(s);
        return s;
    }

    private synchronized FolderInfo info() {
        long size = messages.stream().mapToLong(MessageState::getSize).sum();
        return FolderInfo.newBuilder().setName("INBOX").setMailboxId(MAILBOX_ID).setUidvalidity(UIDVALIDITY).setUidnext(uidnext)
                .setHighestmodseq(modseq).setMessages(messages.size()).setSize(size).build();
    }

    MailboxImap imap() {
        return (MailboxImap) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[]{MailboxImap.class}, (proxy, method, args) -> {
            switch (method.getName()) {
                case "openFolder": {
                    FolderRequest r = (FolderRequest) args[0];
                    if (!r.getName().equals("INBOX")) {
                        return Uni.createFrom().item(FolderSnapshot.newBuilder().setFound(false).build());
                    }
                    synchronized (this) {
                        return Uni.createFrom().item(FolderSnapshot.newBuilder().setFound(true).setFolder(info()).addAllMessages(messages).build());
                    }
                }
                case "folderChanges": {
                    FolderChangesRequest r = (FolderChangesRequest) args[0];
                    synchronized (this) {
                        return Uni.createFrom().item(FolderChangesReply.newBuilder().setFound(true).setHighestmodseq(modseq).setUidnext(uidnext)
                                .addAllChanged(messages.stream().filter(m -> m.getModseq() > r.getSinceModseq()).toList()).build());
                    }
                }
                case "listFolders": {
                    FolderListReply.Builder b = FolderListReply.newBuilder().addFolders(info());
                    synchronized (this) {
                        for (int i = 0; i < created.size(); i++) {
                            b.addFolders(FolderInfo.newBuilder().setName(created.get(i)).setMailboxId(100 + i).setUidvalidity(UIDVALIDITY).setUidnext(1));
                        }
                    }
                    return Uni.createFrom().item(b.build());
                }
                case "createFolder":
                    long id;
                    synchronized (this) {
                        id = 100 + created.size();
                        created.add(((FolderRequest) args[0]).getName());
                    }
                    return Uni.createFrom().item(FolderReply.newBuilder().setOk(true).setMailboxId(id).build());
                case "appendMessage":
                    return Uni.createFrom().item(append((AppendRequest) args[0]));
                case "watchChanges":
                    return Multi.createFrom().nothing();
                default:
                    return method.getReturnType() == Uni.class
                            ? Uni.createFrom().failure(Status.UNIMPLEMENTED.asRuntimeException()) : Multi.createFrom().nothing();
            }
        });
    }

    private synchronized AppendReply append(AppendRequest r) {
        appends.add(r);
        if (!r.getFolder().equals("INBOX")) {
            return AppendReply.newBuilder().setFolderFound(false).build();
        }
        AppendReply.Builder reply = AppendReply.newBuilder().setFolderFound(true).setUidvalidity(UIDVALIDITY);
        reply.setUid(add(state(r.getContent().size(), r.getFlagsList(), r.getInternalDateMillis())).getUid());
        for (AppendItem m : r.getMoreList()) {
            reply.addMoreUids(add(state(m.getContent().size(), m.getFlagsList(), m.getInternalDateMillis())).getUid());
        }
        return reply.build();
    }

    private static MessageState.Builder state(long size, List<String> flags, long internalDate) {
        return MessageState.newBuilder().setSize(size).addAllFlags(flags).setInternalDateMillis(internalDate);
    }
}
