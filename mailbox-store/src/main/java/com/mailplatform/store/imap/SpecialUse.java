package com.mailplatform.store.imap;

import com.mailplatform.store.delivery.AccountRef;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The RFC 6154 special-use folders every account has: made with new accounts, and made here on first IMAP use
 * for accounts created before they existed.
 */
public final class SpecialUse {

    /** Folder name to its special-use attribute. */
    public static final Map<String, String> FOLDERS = folders();

    private SpecialUse() {
    }

    private static Map<String, String> folders() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("Drafts", "\\Drafts");
        m.put("Sent", "\\Sent");
        m.put("Trash", "\\Trash");
        m.put("Junk", "\\Junk");
        m.put("Archive", "\\Archive");
        return m;
    }

    /** Makes whichever of them is missing; a no-op (one read) when all exist. */
    public static Uni<Void> ensure(Pool pool, AccountRef ref) {
        return pool.preparedQuery("INSERT INTO mailbox.mailboxes (account_id, name, uidvalidity, special_use, subscribed)"
                        + " SELECT acct.id, v.name, nextval('mailbox.uidvalidity_seq'), v.su, true"
                        + " FROM " + Folders.ACCOUNT + " acct(id), unnest($3::text[], $4::text[]) v(name, su)"
                        + " WHERE NOT EXISTS (SELECT 1 FROM mailbox.mailboxes x WHERE x.account_id = acct.id AND x.name = v.name)"
                        // a use the user gave another folder (CREATE ... (USE ...), RFC 6154 section 3) is not made twice
                        + " AND NOT EXISTS (SELECT 1 FROM mailbox.mailboxes y WHERE y.account_id = acct.id AND y.special_use = v.su)"
                        + " ON CONFLICT (account_id, name) DO NOTHING")
                .execute(Tuple.of(ref.domain(), ref.localPart(), FOLDERS.keySet().toArray(new String[0]),
                        FOLDERS.values().toArray(new String[0])))
                .replaceWithVoid();
    }
}
