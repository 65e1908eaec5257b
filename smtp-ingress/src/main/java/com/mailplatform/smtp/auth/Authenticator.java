package com.mailplatform.smtp.auth;

import com.mailplatform.common.grpc.mailbox.AuthenticateRequest;
import com.mailplatform.common.grpc.mailbox.MailboxStore;
import com.mailplatform.smtp.SmtpConfig;
import io.quarkus.grpc.GrpcClient;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/** Checks credentials against mailbox-store; null means wrong credentials, a failure means the store is down. */
@ApplicationScoped
public class Authenticator {

    @Inject
    @GrpcClient("mailbox-store")
    MailboxStore store;

    @Inject
    SmtpConfig config;

    public Uni<String> authenticate(String username, String password) {
        return store.authenticate(AuthenticateRequest.newBuilder().setUsername(username).setPassword(password).build())
                .ifNoItem().after(config.lookupTimeout()).fail()
                .map(r -> r.getOk() ? r.getAccount() : null);
    }
}
