package com.mailplatform.store.delivery;

import com.mailplatform.common.address.AddressException;
import com.mailplatform.common.address.MailAddress;

/**
 * The key an account (or alias) is looked up by: {@link MailAddress#key()}, platform-common's one normalization.
 * UTF-8 addresses (RFC 6531) are accepted: whoever hands the store an address has already decided that it may
 * hold UTF-8 (smtp-ingress only in an SMTPUTF8 transaction).
 */
public record AccountRef(String localPart, String domain) {

    public static AccountRef of(String address) throws AddressException {
        // Spaces only: String.trim() also drops control characters, which made "demo@example.test\0" the account demo.
        MailAddress a = MailAddress.parse(address.replaceAll("^ +| +$", ""), true);
        String key = a.key();
        int at = key.lastIndexOf('@');
        return new AccountRef(key.substring(0, at), key.substring(at + 1));
    }

    /** Like {@link #of} but returns null for text that is not an address. */
    public static AccountRef orNull(String address) {
        try {
            return of(address);
        } catch (AddressException e) {
            return null;
        }
    }

    public String address() {
        return localPart + "@" + domain;
    }

    /** SQL that finds the account id of ($1 = domain, $2 = local part); disabled accounts are not found. */
    public static final String ACCOUNT_ID_SQL =
            "SELECT a.id FROM mailbox.accounts a JOIN mailbox.domains d ON d.id = a.domain_id"
                    + " WHERE d.name = $1 AND a.local_part = $2 AND NOT a.disabled";
}
