package com.mailplatform.admin.api;

import com.mailplatform.admin.dkim.DkimDnsCheck;
import com.mailplatform.admin.problem.Problem;
import com.mailplatform.admin.problem.ProblemException;
import com.mailplatform.admin.security.Roles;
import com.mailplatform.common.grpc.mailbox.DkimKey;
import com.mailplatform.common.grpc.mailbox.ListDkimKeysRequest;
import com.mailplatform.common.grpc.mailbox.MailboxDkim;
import io.quarkus.grpc.GrpcClient;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.Locale;
import java.util.regex.Pattern;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * console2: is a DKIM key's record published? Looks up {@code <selector>._domainkey.<domain>} TXT and compares it
 * with the record mailbox-store made for the key (DkimDnsCheck). DNS trouble is the result {@code error}, not a 5xx.
 */
@Path("/api/v1/domains/{domain}/dkim-keys/{selector}/dns")
@Tag(name = "dkim")
@Produces(MediaType.APPLICATION_JSON)
public class DkimDnsResource {

    /** RFC 6376 section 3.1: selector = sub-domain *("." sub-domain); labels of the DNS's letter-digit-hyphen form. */
    static final Pattern SELECTOR = Pattern.compile("[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?(\\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*");

    @GrpcClient("mailbox-store")
    MailboxDkim dkim;

    @Inject
    DkimDnsCheck check;

    @GET
    @RolesAllowed(Roles.VIEWER)
    @Operation(summary = "Check the published TXT record of a key: match, mismatch (both values), missing (NXDOMAIN or no TXT) or error (timeout, SERVFAIL)")
    @APIResponse(responseCode = "200", description = "The result with the expected and the published records")
    @APIResponse(responseCode = "400", description = "Bad domain or selector", content = @Content(mediaType = Problem.MEDIA_TYPE))
    @APIResponse(responseCode = "404", description = "No such domain or key", content = @Content(mediaType = Problem.MEDIA_TYPE))
    public Uni<DkimDnsCheck.Outcome> check(@PathParam("domain") String domain, @PathParam("selector") String selector) {
        String d = Validate.domain("domain", domain);
        String s = selector(selector);
        return dkim.listKeys(ListDkimKeysRequest.newBuilder().setDomain(d).build())
                .map(l -> l.getItemsList().stream().filter(k -> k.getSelector().equals(s)).findFirst()
                        .orElseThrow(() -> new ProblemException(Problem.of("not-found", "Not found", 404,
                                "domain " + d + " has no DKIM key with selector " + s))))
                // the lookup blocks for up to admin.dns-timeout: off the event loop
                .emitOn(Infrastructure.getDefaultWorkerPool())
                .map((DkimKey k) -> check.check(k.getDnsName(), k.getTxtRecord()));
    }

    static String selector(String value) {
        String s = Fields.required("selector", Validate.noControl("selector", value)).trim().toLowerCase(Locale.ROOT);
        if (s.length() > 200 || !SELECTOR.matcher(s).matches()) {
            throw ProblemException.badRequest("'selector' is not a DKIM selector (dot-separated DNS labels): '" + Validate.shorten(value) + "'");
        }
        return s;
    }
}
