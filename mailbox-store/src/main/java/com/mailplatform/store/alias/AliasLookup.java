package com.mailplatform.store.alias;

import java.util.List;

/**
 * What the store knows about one address: whether its domain is local, the alias of that exact address, the
 * account of that name (and whether it is disabled) and the domain's catch-all. {@link #decide()} applies the
 * precedence rules; it is pure so the rules are tested without a database.
 *
 * @param exactTargets    targets of the alias named exactly like the address, or null
 * @param accountDisabled null when no account has this name, else whether it is disabled
 * @param catchAllTargets targets of the domain's catch-all, or null
 */
public record AliasLookup(boolean localDomain, List<String> exactTargets, Boolean accountDisabled, List<String> catchAllTargets) {

    public static final AliasLookup NOT_LOCAL = new AliasLookup(false, null, null, null);

    public enum Kind { NOT_LOCAL, ALIAS, ACCOUNT, DISABLED_ACCOUNT, CATCH_ALL, UNKNOWN }

    public record Decision(Kind kind, List<String> targets) {
    }

    /**
     * Like Postfix, the alias map comes before the mailbox: an alias named like an account redirects its mail
     * (list the account among the targets to keep a copy). Unlike a bare Postfix {@code @domain} entry, the
     * catch-all only takes addresses that are neither an account nor an alias (what postfixadmin arranges with
     * identity mappings), so a catch-all never steals an existing mailbox's mail.
     */
    public Decision decide() {
        if (!localDomain) {
            return new Decision(Kind.NOT_LOCAL, List.of());
        }
        if (exactTargets != null) {
            return new Decision(Kind.ALIAS, exactTargets);
        }
        if (accountDisabled != null) {
            return new Decision(accountDisabled ? Kind.DISABLED_ACCOUNT : Kind.ACCOUNT, List.of());
        }
        if (catchAllTargets != null) {
            return new Decision(Kind.CATCH_ALL, catchAllTargets);
        }
        return new Decision(Kind.UNKNOWN, List.of());
    }
}
