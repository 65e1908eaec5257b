package com.mailplatform.admin.api;

import jakarta.ws.rs.core.UriInfo;
import java.util.List;
import java.util.Map;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * The one check of every identifier that arrives in a path or a query string, before any resource method runs:
 * no control characters anywhere (C0, DEL, C1; percent-decoded, so {@code %00} counts), and path parameters that
 * name an address or a domain must be one within RFC 5321's sizes (see {@link Validate}). Without it, a value
 * reached mailbox-store unchecked and was trimmed there, and a huge one came back echoed in a gRPC error.
 */
public class IdentifierFilter {

    @ServerRequestFilter
    public void check(UriInfo uri) {
        for (Map.Entry<String, List<String>> p : uri.getPathParameters().entrySet()) {
            for (String value : p.getValue()) {
                syntax(p.getKey(), Validate.noControl(p.getKey(), value));
            }
        }
        for (Map.Entry<String, List<String>> q : uri.getQueryParameters().entrySet()) {
            String name = Validate.shorten(Validate.noControl("query parameter name", q.getKey()));
            q.getValue().forEach(value -> Validate.noControl(name, value));
        }
    }

    /** The path parameter names are the API's own: {address} is an account or alias, {name}/{domain} a domain. */
    private static void syntax(String name, String value) {
        switch (name) {
            case "address" -> Validate.aliasAddress(value);
            case "name", "domain" -> Validate.domain(name, value);
            default -> {
            }
        }
    }
}
