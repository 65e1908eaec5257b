package com.mailplatform.store.grpc;

import com.mailplatform.common.grpc.mailbox.ActiveSieveScriptsReply;
import com.mailplatform.common.grpc.mailbox.ActiveSieveScriptsRequest;
import com.mailplatform.common.grpc.mailbox.MailboxSieve;
import com.mailplatform.common.grpc.mailbox.RenameSieveScriptRequest;
import com.mailplatform.common.grpc.mailbox.SieveAccountRequest;
import com.mailplatform.common.grpc.mailbox.SieveScript;
import com.mailplatform.common.grpc.mailbox.SieveScriptList;
import com.mailplatform.common.grpc.mailbox.SieveScriptRef;
import com.mailplatform.common.grpc.mailbox.SieveSpaceRequest;
import com.mailplatform.store.sieve.SieveScripts;
import io.quarkus.grpc.GrpcService;
import io.smallrye.mutiny.Uni;

/** Sieve scripts per account (sieve.proto); the gateway's ManageSieve and delivery-service's Sieve call it. */
@GrpcService
public class MailboxSieveGrpcService implements MailboxSieve {

    private final SieveScripts scripts;

    public MailboxSieveGrpcService(SieveScripts scripts) {
        this.scripts = scripts;
    }

    @Override
    public Uni<SieveScriptList> listSieveScripts(SieveAccountRequest request) {
        return scripts.list(request.getAccount());
    }

    @Override
    public Uni<SieveScript> getSieveScript(SieveScriptRef request) {
        return scripts.get(request.getAccount(), request.getName());
    }

    @Override
    public Uni<SieveScriptList> putSieveScript(SieveScript request) {
        return scripts.put(request.getAccount(), request.getName(), request.getContent());
    }

    @Override
    public Uni<SieveScriptList> setActiveSieveScript(SieveScriptRef request) {
        return scripts.setActive(request.getAccount(), request.getName());
    }

    @Override
    public Uni<SieveScriptList> deleteSieveScript(SieveScriptRef request) {
        return scripts.delete(request.getAccount(), request.getName());
    }

    @Override
    public Uni<SieveScriptList> renameSieveScript(RenameSieveScriptRequest request) {
        return scripts.rename(request.getAccount(), request.getOldName(), request.getNewName());
    }

    @Override
    public Uni<SieveScriptList> haveSieveSpace(SieveSpaceRequest request) {
        return scripts.haveSpace(request.getAccount(), request.getName(), request.getSize());
    }

    @Override
    public Uni<ActiveSieveScriptsReply> activeSieveScripts(ActiveSieveScriptsRequest request) {
        return scripts.active(request.getAccountsList()).map(l -> ActiveSieveScriptsReply.newBuilder().addAllScripts(l).build());
    }
}
