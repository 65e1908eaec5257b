package com.mailplatform.smtp.checks;

import com.mailplatform.smtp.Listener;
import com.mailplatform.smtp.filter.FilterContext;
import com.mailplatform.smtp.policy.RecipientPolicy;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Which sessions the sender checks look at: mail from other ADMDs only, i.e. the MTA listener (port 25), never an
 * authenticated session and never a client in mynetworks (our own hosts are not judged by DNSBL, SPF or DMARC).
 */
@ApplicationScoped
public class ChecksScope {

    private final RecipientPolicy policy;

    public ChecksScope(RecipientPolicy policy) {
        this.policy = policy;
    }

    public boolean applies(FilterContext ctx) {
        return Listener.MTA.serviceName().equals(ctx.listener()) && ctx.authUser() == null
                && (policy == null || !policy.trusted(ctx.clientAddress()));
    }
}
