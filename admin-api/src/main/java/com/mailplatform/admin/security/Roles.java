package com.mailplatform.admin.security;

import java.util.LinkedHashSet;
import java.util.Set;

/**
 * The three roles of the API. They nest: an admin may do what an operator may, an operator what a viewer may,
 * so each endpoint names only the least role it needs.
 * <ul>
 *   <li>{@code viewer}: read everything except the audit log;</li>
 *   <li>{@code operator}: also act on the mail queue, probe hosts and read the platform status;</li>
 *   <li>{@code admin}: also change domains, accounts, aliases and quotas, read the audit log, issue tokens.</li>
 * </ul>
 */
public final class Roles {

    public static final String ADMIN = "admin";
    public static final String OPERATOR = "operator";
    public static final String VIEWER = "viewer";

    private Roles() {
    }

    /** The roles a holder of {@code granted} has, implied ones included; unknown roles pass through unchanged. */
    public static Set<String> implied(Set<String> granted) {
        Set<String> out = new LinkedHashSet<>(granted);
        if (out.contains(ADMIN)) {
            out.add(OPERATOR);
        }
        if (out.contains(OPERATOR)) {
            out.add(VIEWER);
        }
        return out;
    }
}
