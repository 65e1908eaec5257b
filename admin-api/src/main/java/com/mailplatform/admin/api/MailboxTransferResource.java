package com.mailplatform.admin.api;

import com.mailplatform.admin.transfer.TransferConfig;
import com.mailplatform.admin.transfer.TransferFrames;
import com.mailplatform.admin.audit.AuditLog;
import com.mailplatform.admin.problem.Problem;
import com.mailplatform.admin.problem.ProblemException;
import com.mailplatform.admin.security.Roles;
import com.mailplatform.admin.upstream.Upstream;
import com.mailplatform.common.grpc.mailbox.FetchMessagesRequest;
import com.mailplatform.common.grpc.mailbox.FetchedPart;
import com.mailplatform.common.grpc.mailbox.FolderInfo;
import com.mailplatform.common.grpc.mailbox.FolderListRequest;
import com.mailplatform.common.grpc.mailbox.FolderReply;
import com.mailplatform.common.grpc.mailbox.FolderRequest;
import com.mailplatform.common.grpc.mailbox.FolderSnapshot;
import com.mailplatform.common.grpc.mailbox.ImportBatch;
import com.mailplatform.common.grpc.mailbox.ImportBatchReply;
import com.mailplatform.common.grpc.mailbox.ImportMessage;
import com.mailplatform.common.grpc.mailbox.ImportOutcome;
import com.mailplatform.common.grpc.mailbox.MailboxImap;
import com.mailplatform.common.grpc.mailbox.MutinyMailboxTransferGrpc;
import com.mailplatform.common.grpc.mailbox.FolderSubscribeRequest;
import com.mailplatform.common.grpc.mailbox.MessageState;
import com.mailplatform.common.grpc.mailbox.SectionSpec;
import com.google.protobuf.ByteString;
import io.quarkus.grpc.GrpcClient;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestResponse;

/**
 * Mailbox import and export (issue 17) for {@code mailctl mailbox import|export}. An import request is one batch
 * for one folder: its body is read as it arrives (frames, {@link TransferFrames}), handed to mailbox-store as one
 * ImportMessages call, and answered only after the store committed it, so the client counts only what is durable
 * and cannot run ahead of the store (each batch waits for the last: backpressure by request/response). Export
 * hands out one bounded page of a folder at a time (UIDs after {@code afterUid}), read with the IMAP FETCH RPC.
 * The runs themselves (walking files, folders, progress) are mailctl's, so admin-api holds no state between
 * requests and a run can continue against any replica.
 */
@Path("/api/v1/accounts/{address}")
@Tag(name = "mailbox transfer")
public class MailboxTransferResource {

    /** The stub, not the Mutiny interface: a batch of large messages gets its own deadline (admin.transfer.batch-deadline). */
    @GrpcClient("mailbox-store")
    MutinyMailboxTransferGrpc.MutinyMailboxTransferStub transfer;

    @GrpcClient("mailbox-store")
    MailboxImap imap;

    @Inject
    TransferConfig config;

    @Inject
    AuditLog audit;

    @Inject
    SecurityIdentity identity;

    public record FolderView(String name, String specialUse, long messages, long uidvalidity, long uidnext, long size) {
        static FolderView of(FolderInfo f) {
            return new FolderView(f.getName(), f.getSpecialUse(), f.getMessages(), f.getUidvalidity(), f.getUidnext(), f.getSize());
        }
    }

    public record FolderCreate(String name, String specialUse) { }

    public record FolderCreated(String name, boolean created) { }

    public record Outcome(String status, long uid, String detail) { }

    public record ImportResult(String folder, long uidvalidity, int stored, int duplicates, int rejected, List<Outcome> outcomes) { }

    @GET
    @Path("mailboxes")
    @Produces(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.VIEWER)
    @Operation(summary = "The account's mailboxes with their message counts")
    public Uni<List<FolderView>> folders(@PathParam("address") String address) {
        String account = Validate.address("address", address);
        return Upstream.call("mailbox-store", imap.listFolders(FolderListRequest.newBuilder().setAccount(account).setWithCounts(true).build()))
                .map(r -> r.getFoldersList().stream().map(FolderView::of).toList());
    }

    @POST
    @Path("mailboxes")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.ADMIN)
    @Operation(summary = "Create a mailbox unless it exists (with an RFC 6154 special use if given)")
    @APIResponse(responseCode = "201", description = "Created")
    @APIResponse(responseCode = "200", description = "It existed")
    public Uni<RestResponse<FolderCreated>> createFolder(@PathParam("address") String address, FolderCreate body) {
        String account = Validate.address("address", address);
        if (body == null || body.name() == null || body.name().isBlank() || body.name().length() > 1000) {
            throw ProblemException.badRequest("field 'name' is required (1..1000 characters)");
        }
        String name = Validate.noControl("name", body.name());
        String use = body.specialUse() == null ? "" : body.specialUse();
        return Upstream.call("mailbox-store", imap.createFolder(FolderRequest.newBuilder().setAccount(account).setName(name).setSpecialUse(use).build()))
                .flatMap(r -> created(account, name, use, r));
    }

    private Uni<RestResponse<FolderCreated>> created(String account, String name, String use, FolderReply r) {
        if (r.getOk()) {
            // CREATE leaves a folder unsubscribed; imported folders are meant to be seen by every client
            return Upstream.call("mailbox-store", imap.subscribeFolder(FolderSubscribeRequest.newBuilder().setAccount(account).setName(name)
                            .setSubscribed(true).build()))
                    .flatMap(x -> audit.record(identity, "mailbox.create", account, null, Map.of("name", name, "specialUse", use))
                    .replaceWith(RestResponse.status(RestResponse.Status.CREATED, new FolderCreated(name, true))));
        }
        if (r.getDetail().contains("ALREADYEXISTS") || name.equalsIgnoreCase("INBOX")) {
            return Uni.createFrom().item(RestResponse.ok(new FolderCreated(name, false)));
        }
        if (!use.isEmpty() && r.getDetail().contains("USEATTR")) {
            // a second \Sent and the like: the folder is still wanted, without the use
            return Upstream.call("mailbox-store", imap.createFolder(FolderRequest.newBuilder().setAccount(account).setName(name).build()))
                    .flatMap(again -> created(account, name, "", again));
        }
        throw new ProblemException(Problem.of("invalid-request", "Invalid request", 400, "cannot create mailbox " + name + ": " + r.getDetail()));
    }

    @POST
    @Path("import")
    @Consumes(TransferFrames.MEDIA_TYPE)
    @Produces(MediaType.APPLICATION_JSON)
    @RolesAllowed(Roles.ADMIN)
    @Operation(summary = "Import one batch of messages into a mailbox; answered once it is committed. Messages imported into "
            + "the mailbox before (same bytes) are not added again. A frame's uid and the uidvalidity parameter are kept where "
            + "the folder allows (UIDs only grow; UIDVALIDITY only of a folder that never held a message).")
    @APIResponse(responseCode = "200", description = "Per message: STORED, DUPLICATE or REJECTED (with why)")
    @APIResponse(responseCode = "404", description = "No such account or mailbox", content = @Content(mediaType = Problem.MEDIA_TYPE))
    public ImportResult importBatch(@PathParam("address") String address, @QueryParam("folder") String folder,
                                    @QueryParam("uidvalidity") Long uidvalidity, InputStream body) throws IOException {
        String account = Validate.address("address", address);
        String name = folder(folder);
        if (uidvalidity != null && (uidvalidity < 1 || uidvalidity > 0xffffffffL)) {
            throw ProblemException.badRequest("query parameter 'uidvalidity' must be 1..4294967295 (RFC 9051 nz-number)");
        }
        ImportBatch.Builder batch = ImportBatch.newBuilder().setAccount(account).setFolder(name).setUidvalidity(uidvalidity == null ? 0 : uidvalidity);
        TransferFrames.Frame frame;
        while ((frame = TransferFrames.read(body, config.maxMessageBytes())) != null) {
            if (batch.getMessagesCount() >= config.maxBatchMessages()) {
                throw ProblemException.badRequest("more than " + config.maxBatchMessages() + " messages in one request");
            }
            batch.addMessages(ImportMessage.newBuilder().setContent(ByteString.copyFrom(frame.content())).addAllFlags(frame.flags())
                    .setInternalDateMillis(frame.internalDateMillis()).setUid(frame.uid() > 0 && frame.uid() <= 0xffffffffL ? frame.uid() : 0));
        }
        if (batch.getMessagesCount() == 0 && uidvalidity == null) {
            // (with uidvalidity and no messages: an empty folder whose UIDVALIDITY is to be kept)
            throw ProblemException.badRequest("no messages in the request");
        }
        ImportBatchReply reply = Upstream.call("mailbox-store",
                        transfer.withDeadlineAfter(config.batchDeadline().toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS).importMessages(batch.build()))
                .await().atMost(config.batchDeadline().plusSeconds(5));
        if (!reply.getFolderFound()) {
            throw new ProblemException(Problem.of("not-found", "Not found", 404, "no mailbox " + name + " for " + account));
        }
        List<Outcome> outcomes = new ArrayList<>();
        int[] counts = new int[3];
        for (ImportOutcome o : reply.getOutcomesList()) {
            counts[o.getStatusValue()]++;
            outcomes.add(new Outcome(o.getStatus().name(), o.getUid(), o.getDetail()));
        }
        ImportResult result = new ImportResult(name, reply.getUidvalidity(), counts[0], counts[1], counts[2], outcomes);
        audit.record(identity, "mailbox.import", account, null, Map.of("folder", name, "stored", counts[0], "duplicates", counts[1], "rejected", counts[2]))
                .await().atMost(Duration.ofSeconds(10));
        return result;
    }

    @GET
    @Path("export")
    @Produces(TransferFrames.MEDIA_TYPE)
    @RolesAllowed(Roles.ADMIN)
    @Operation(summary = "One page of a mailbox's messages (UID above afterUid, in UID order) with flags and INTERNALDATE; "
            + "an empty page is the end")
    @APIResponse(responseCode = "404", description = "No such account or mailbox", content = @Content(mediaType = Problem.MEDIA_TYPE))
    public byte[] export(@PathParam("address") String address, @QueryParam("folder") String folder, @QueryParam("afterUid") Long afterUid)
            throws IOException {
        String account = Validate.address("address", address);
        String name = folder(folder);
        long after = afterUid == null ? 0 : afterUid;
        FolderSnapshot snap = Upstream.call("mailbox-store", imap.openFolder(FolderRequest.newBuilder().setAccount(account).setName(name).build()))
                .await().atMost(Duration.ofSeconds(60));
        if (!snap.getFound()) {
            throw new ProblemException(Problem.of("not-found", "Not found", 404, "no mailbox " + name + " for " + account));
        }
        if (after == 0) {
            audit.record(identity, "mailbox.export", account, null, Map.of("folder", name)).await().atMost(Duration.ofSeconds(10));
        }
        List<MessageState> page = new ArrayList<>();
        long bytes = 0;
        for (MessageState m : snap.getMessagesList()) {
            if (m.getUid() <= after) {
                continue;
            }
            if (page.size() >= config.exportPageMessages() || (!page.isEmpty() && bytes >= config.exportPageBytes())) {
                break;
            }
            page.add(m);
            bytes += m.getSize();
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream((int) Math.min(bytes + 1024L * page.size(), Integer.MAX_VALUE - 8));
        if (page.isEmpty()) {
            return out.toByteArray();
        }
        List<FetchedPart> parts = Upstream.call("mailbox-store", imap.fetchMessages(FetchMessagesRequest.newBuilder().setAccount(account)
                        .setMailboxId(snap.getFolder().getMailboxId()).addAllUids(page.stream().map(MessageState::getUid).toList())
                        .addSections(SectionSpec.newBuilder().setSection("")).build()).collect().asList())
                .await().atMost(Duration.ofSeconds(120));
        ByteArrayOutputStream message = new ByteArrayOutputStream();
        int i = 0;
        for (FetchedPart p : parts) {
            if (p.getSection() == 0) {
                p.getData().writeTo(message);
            }
            if (p.getMessageEnd()) {
                while (i < page.size() && page.get(i).getUid() != p.getUid()) {
                    i++; // expunged since OpenFolder: no part
                }
                if (i < page.size()) {
                    MessageState s = page.get(i);
                    TransferFrames.write(out, new TransferFrames.Frame(message.toByteArray(), s.getFlagsList(), s.getInternalDateMillis(), s.getUid()));
                }
                message.reset();
            }
        }
        return out.toByteArray();
    }

    private static String folder(String folder) {
        if (folder == null || folder.isEmpty() || folder.length() > 1000) {
            throw ProblemException.badRequest("query parameter 'folder' is required (1..1000 characters)");
        }
        return Validate.noControl("folder", folder);
    }
}
