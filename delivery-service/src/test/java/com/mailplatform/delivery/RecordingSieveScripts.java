package com.mailplatform.delivery;

import com.mailplatform.common.grpc.mailbox.ActiveSieveScriptsReply;
import com.mailplatform.common.grpc.mailbox.ActiveSieveScriptsRequest;
import com.mailplatform.common.grpc.mailbox.MutinyMailboxSieveGrpc;
import com.mailplatform.common.grpc.mailbox.SieveScript;
import io.quarkus.grpc.GrpcService;
import io.smallrye.mutiny.Uni;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** mailbox-store's ActiveSieveScripts as a stand-in: the active script of an account is what a test put in {@link #ACTIVE}. */
@GrpcService
public class RecordingSieveScripts extends MutinyMailboxSieveGrpc.MailboxSieveImplBase {

    public static final Map<String, String> ACTIVE = new ConcurrentHashMap<>();

    @Override
    public Uni<ActiveSieveScriptsReply> activeSieveScripts(ActiveSieveScriptsRequest request) {
        ActiveSieveScriptsReply.Builder b = ActiveSieveScriptsReply.newBuilder();
        for (String a : request.getAccountsList()) {
            String s = ACTIVE.get(a);
            if (s != null) {
                b.addScripts(SieveScript.newBuilder().setAccount(a).setName("test").setContent(s).setActive(true));
            }
        }
        return Uni.createFrom().item(b.build());
    }
}
