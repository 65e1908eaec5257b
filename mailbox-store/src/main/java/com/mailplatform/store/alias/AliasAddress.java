package com.mailplatform.store.alias;

import com.mailplatform.common.address.AddressException;
import com.mailplatform.common.address.MailAddress;
import com.mailplatform.store.delivery.AccountRef;
import java.util.Locale;

/**
 * The left-hand side of an alias: {@code local@domain}, or {@code @domain} for the domain's catch-all (Postfix
 * virtual(5) notation). The local part is case-folded like account names; an empty local part is the catch-all.
 */
public record AliasAddress(String localPart, String domain) {

    public static AliasAddress parse(String text) throws AddressException {
        String s = text == null ? "" : text.trim();
        if (s.startsWith("@")) {
            String domain = s.substring(1).toLowerCase(Locale.ROOT);
            if (domain.isEmpty() || domain.startsWith("[")) {
                throw new AddressException("a catch-all is @ followed by a domain name");
            }
            // Stored as the A-label, as AccountRef keys domains (a U-label and its A-label are one domain).
            return new AliasAddress("", MailAddress.asciiDomain(domain));
        }
        AccountRef ref = AccountRef.of(s);
        return new AliasAddress(ref.localPart(), ref.domain());
    }

    public boolean catchAll() {
        return localPart.isEmpty();
    }

    public String address() {
        return localPart + "@" + domain;
    }
}
