package com.mailplatform.gateway.managesieve;

import com.mailplatform.common.grpc.mailbox.ActiveSieveScriptsReply;
import com.mailplatform.common.grpc.mailbox.ActiveSieveScriptsRequest;
import com.mailplatform.common.grpc.mailbox.MailboxSieve;
import com.mailplatform.common.grpc.mailbox.RenameSieveScriptRequest;
import com.mailplatform.common.grpc.mailbox.SieveAccountRequest;
import com.mailplatform.common.grpc.mailbox.SieveScript;
import com.mailplatform.common.grpc.mailbox.SieveScriptInfo;
import com.mailplatform.common.grpc.mailbox.SieveScriptList;
import com.mailplatform.common.grpc.mailbox.SieveScriptRef;
import com.mailplatform.common.grpc.mailbox.SieveSpaceRequest;
import io.grpc.Status;
import io.smallrye.mutiny.Uni;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;

/**
 * MailboxSieve in memory, with the error statuses sieve.proto documents (the store's own behaviour is tested in
 * mailbox-store's MailboxSieveGrpcTest): enough to drive the ManageSieve session over a real socket.
 */
final class FakeSieveStore implements MailboxSieve {

    static final int MAX_SCRIPTS = 3;
    static final long MAX_BYTES = 1000;

    /** account -> name -> content; {@link #active} holds the active name per account. */
    final Map<String, Map<String, String>> scripts = new TreeMap<>();
    final Map<String, String> active = new TreeMap<>();

    private synchronized Map<String, String> of(String account) {
        return scripts.computeIfAbsent(account, a -> new TreeMap<>());
    }

    private synchronized SieveScriptList list(String account) {
        SieveScriptList.Builder b = SieveScriptList.newBuilder().setMaxScripts(MAX_SCRIPTS).setMaxScriptBytes(MAX_BYTES);
        of(account).forEach((name, content) -> b.addScripts(SieveScriptInfo.newBuilder().setName(name)
                .setActive(name.equals(active.get(account))).setSize(content.getBytes(StandardCharsets.UTF_8).length)));
        return b.build();
    }

    private static <T> Uni<T> call(Supplier<T> body) {
        return Uni.createFrom().item(body);
    }

    @Override
    public Uni<SieveScriptList> listSieveScripts(SieveAccountRequest request) {
        return call(() -> list(request.getAccount()));
    }

    @Override
    public Uni<SieveScript> getSieveScript(SieveScriptRef request) {
        return call(() -> {
            String content = of(request.getAccount()).get(request.getName());
            if (content == null) {
                throw Status.NOT_FOUND.asRuntimeException();
            }
            return SieveScript.newBuilder().setName(request.getName()).setContent(content).build();
        });
    }

    private void fits(String account, String name, long size) {
        if (size > MAX_BYTES) {
            throw Status.RESOURCE_EXHAUSTED.withDescription("maxsize: script too large").asRuntimeException();
        }
        if (!of(account).containsKey(name) && of(account).size() >= MAX_SCRIPTS) {
            throw Status.RESOURCE_EXHAUSTED.withDescription("maxscripts: too many scripts").asRuntimeException();
        }
    }

    @Override
    public Uni<SieveScriptList> putSieveScript(SieveScript request) {
        return call(() -> {
            fits(request.getAccount(), request.getName(), request.getContent().getBytes(StandardCharsets.UTF_8).length);
            of(request.getAccount()).put(request.getName(), request.getContent());
            return list(request.getAccount());
        });
    }

    @Override
    public Uni<SieveScriptList> setActiveSieveScript(SieveScriptRef request) {
        return call(() -> {
            if (request.getName().isEmpty()) {
                active.remove(request.getAccount());
            } else if (!of(request.getAccount()).containsKey(request.getName())) {
                throw Status.NOT_FOUND.asRuntimeException();
            } else {
                active.put(request.getAccount(), request.getName());
            }
            return list(request.getAccount());
        });
    }

    @Override
    public Uni<SieveScriptList> deleteSieveScript(SieveScriptRef request) {
        return call(() -> {
            if (!of(request.getAccount()).containsKey(request.getName())) {
                throw Status.NOT_FOUND.asRuntimeException();
            }
            if (request.getName().equals(active.get(request.getAccount()))) {
                throw Status.FAILED_PRECONDITION.asRuntimeException();
            }
            of(request.getAccount()).remove(request.getName());
            return list(request.getAccount());
        });
    }

    @Override
    public Uni<SieveScriptList> renameSieveScript(RenameSieveScriptRequest request) {
        return call(() -> {
            Map<String, String> mine = of(request.getAccount());
            if (!mine.containsKey(request.getOldName())) {
                throw Status.NOT_FOUND.asRuntimeException();
            }
            if (mine.containsKey(request.getNewName())) {
                throw Status.ALREADY_EXISTS.asRuntimeException();
            }
            mine.put(request.getNewName(), mine.remove(request.getOldName()));
            if (request.getOldName().equals(active.get(request.getAccount()))) {
                active.put(request.getAccount(), request.getNewName());
            }
            return list(request.getAccount());
        });
    }

    @Override
    public Uni<SieveScriptList> haveSieveSpace(SieveSpaceRequest request) {
        return call(() -> {
            fits(request.getAccount(), request.getName(), request.getSize());
            return list(request.getAccount());
        });
    }

    @Override
    public Uni<ActiveSieveScriptsReply> activeSieveScripts(ActiveSieveScriptsRequest request) {
        throw new UnsupportedOperationException("local delivery only");
    }
}
