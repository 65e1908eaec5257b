package com.mailplatform.store.imap;

import com.mailplatform.common.grpc.mailbox.FolderInfo;
import com.mailplatform.common.grpc.mailbox.FolderReply;
import com.mailplatform.common.grpc.mailbox.FolderSnapshot;
import com.mailplatform.store.delivery.AccountRef;
import com.mailplatform.store.delivery.LocalDelivery;
import com.mailplatform.store.model.MailboxEntity;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;

/**
 * IMAP folders of one account: list (with counts), create, delete, rename, subscribe, open. Subscriptions are
 * names in their own table (V9): DELETE and RENAME leave them alone.
 */
@ApplicationScoped
public class Folders {

    /** The account id of ($1 = domain, $2 = local part), as a sub-select. */
    static final String ACCOUNT = "(" + AccountRef.ACCOUNT_ID_SQL + ")";

    /** The counts are the folder row's counters, which V6's triggers on mailbox.messages keep (issue 13). */
    private static final String INFO_COLUMNS = "m.id, m.name, m.special_use,"
            + " EXISTS (SELECT 1 FROM mailbox.subscriptions s WHERE s.account_id = m.account_id AND s.name = m.name),"
            + " m.uidvalidity, m.uidnext, m.highestmodseq,"
            + " m.message_count, m.unseen_count, m.total_size, m.deleted_count,"
            // compliance: STATUS RECENT, an index range of the messages no session has seen as recent
            + " (SELECT count(*) FROM mailbox.messages rm WHERE rm.mailbox_id = m.id AND rm.uid > m.recent_uid)";

    private final Pool pool;

    public Folders(Pool pool) {
        this.pool = pool;
    }

    public Uni<List<FolderInfo>> list(AccountRef ref) {
        return SpecialUse.ensure(pool, ref)
                .flatMap(x -> pool.preparedQuery("SELECT " + INFO_COLUMNS + " FROM mailbox.mailboxes m WHERE m.account_id = " + ACCOUNT
                                + " ORDER BY m.name = 'INBOX' DESC, m.name")
                        .execute(Tuple.of(ref.domain(), ref.localPart())))
                .map(rows -> {
                    List<FolderInfo> out = new ArrayList<>();
                    rows.forEach(r -> out.add(info(r)));
                    return out;
                });
    }

    /** Every subscribed name of the account, whether or not a folder has it (V9). */
    public Uni<List<String>> subscriptions(AccountRef ref) {
        return pool.preparedQuery("SELECT s.name FROM mailbox.subscriptions s WHERE s.account_id = " + ACCOUNT + " ORDER BY s.name")
                .execute(Tuple.of(ref.domain(), ref.localPart()))
                .map(rows -> {
                    List<String> out = new ArrayList<>();
                    rows.forEach(r -> out.add(r.getString(0)));
                    return out;
                });
    }

    public Uni<FolderSnapshot> open(AccountRef ref, String name) {
        return open(ref, name, false);
    }

    /**
     * The folder and its messages; with {@code claimRecent} its \Recent messages become this session's (a rev1
     * SELECT), else they are only reported (EXAMINE). The claim comes first: every UID it takes is committed, so
     * the message list read after it holds them all.
     */
    public Uni<FolderSnapshot> open(AccountRef ref, String name, boolean claimRecent) {
        return pool.preparedQuery("SELECT m.id FROM mailbox.mailboxes m WHERE m.account_id = " + ACCOUNT + " AND m.name = $3")
                .execute(Tuple.of(ref.domain(), ref.localPart(), name))
                .flatMap(ids -> {
                    if (ids.size() == 0) {
                        return Uni.createFrom().item(FolderSnapshot.newBuilder().setFound(false).build());
                    }
                    long id = ids.iterator().next().getLong(0);
                    Uni<RecentClaims.Range> recent = claimRecent ? RecentClaims.claim(pool, ref, id) : RecentClaims.peek(pool, id);
                    return recent.flatMap(range -> snapshot(ref, name, range));
                });
    }

    private Uni<FolderSnapshot> snapshot(AccountRef ref, String name, RecentClaims.Range recent) {
        return pool.preparedQuery("SELECT " + INFO_COLUMNS + " FROM mailbox.mailboxes m WHERE m.account_id = " + ACCOUNT + " AND m.name = $3")
                .execute(Tuple.of(ref.domain(), ref.localPart(), name))
                .flatMap(rows -> {
                    if (rows.size() == 0) {
                        return Uni.createFrom().item(FolderSnapshot.newBuilder().setFound(false).build());
                    }
                    FolderInfo info = info(rows.iterator().next());
                    return pool.preparedQuery("SELECT " + Messages.STATE_COLUMNS + " FROM mailbox.messages WHERE mailbox_id = $1 ORDER BY uid")
                            .execute(Tuple.of(info.getMailboxId()))
                            .map(msgs -> {
                                FolderSnapshot.Builder b = FolderSnapshot.newBuilder().setFound(true).setFolder(info)
                                        .setRecentAfterUid(recent.after()).setRecentThroughUid(recent.through());
                                msgs.forEach(r -> b.addMessages(Messages.state(r)));
                                return b.build();
                            });
                });
    }

    /**
     * CREATE; not subscribed (as Dovecot). specialUse is RFC 6154 section 3's CREATE (USE (...)) or empty: one of
     * {@link SpecialUse#FOLDERS}' uses that no other folder of the account has, else NO [USEATTR].
     */
    public Uni<FolderReply> create(AccountRef ref, String name, String specialUse) {
        Uni<Boolean> useFree = specialUse.isEmpty() ? Uni.createFrom().item(true)
                : !SpecialUse.FOLDERS.containsValue(specialUse) ? Uni.createFrom().item(false)
                : pool.preparedQuery("SELECT 1 FROM mailbox.mailboxes m WHERE m.account_id = " + ACCOUNT + " AND m.special_use = $3")
                        .execute(Tuple.of(ref.domain(), ref.localPart(), specialUse)).map(rows -> rows.size() == 0);
        return useFree.flatMap(free -> !free ? Uni.createFrom().item(no("[USEATTR] special use not supported or already used"))
                : pool.preparedQuery("INSERT INTO mailbox.mailboxes (account_id, name, uidvalidity, special_use, subscribed)"
                                + " SELECT acct.id, $3, nextval('mailbox.uidvalidity_seq'), $4, false FROM " + ACCOUNT + " acct(id)"
                                + " ON CONFLICT (account_id, name) DO NOTHING RETURNING id")
                        .execute(Tuple.of(ref.domain(), ref.localPart(), name, specialUse.isEmpty() ? null : specialUse))
                        .map(rows -> rows.size() > 0 ? ok().toBuilder().setMailboxId(rows.iterator().next().getLong(0)).build()
                                : no("[ALREADYEXISTS] mailbox already exists")));
    }

    public Uni<FolderReply> delete(AccountRef ref, String name) {
        if (name.equals(MailboxEntity.INBOX)) {
            return Uni.createFrom().item(no("[CANNOT] INBOX cannot be deleted"));
        }
        return pool.withTransaction(conn -> conn.preparedQuery("DELETE FROM mailbox.mailboxes m WHERE m.account_id = " + ACCOUNT
                                + " AND m.name = $3 RETURNING m.id, m.account_id, m.total_size")
                .execute(Tuple.of(ref.domain(), ref.localPart(), name))
                .flatMap(rows -> {
                    if (rows.size() == 0) {
                        return Uni.createFrom().item(no("[NONEXISTENT] no such mailbox"));
                    }
                    Row r = rows.iterator().next();
                    return conn.preparedQuery("UPDATE mailbox.accounts SET used_bytes = GREATEST(0, used_bytes - $2) WHERE id = $1")
                            .execute(Tuple.of(r.getLong(1), r.getLong(2)))
                            // sessions that have it selected learn it is gone on their next look
                            .flatMap(x -> LocalDelivery.notifyChange(conn, r.getLong(0), 0))
                            .replaceWith(ok());
                }));
    }

    public Uni<FolderReply> rename(AccountRef ref, String from, String to) {
        return pool.withTransaction(conn -> conn.preparedQuery("SELECT m.id, m.name, m.uidnext, m.account_id FROM mailbox.mailboxes m"
                                + " WHERE m.account_id = " + ACCOUNT + " AND m.name IN ($3, $4) FOR UPDATE")
                .execute(Tuple.of(ref.domain(), ref.localPart(), from, to))
                .flatMap(rows -> {
                    Row source = null;
                    for (Row r : rows) {
                        if (r.getString(1).equals(to)) {
                            return Uni.createFrom().item(no("[ALREADYEXISTS] target mailbox exists"));
                        }
                        source = r;
                    }
                    if (source == null) {
                        return Uni.createFrom().item(no("[NONEXISTENT] no such mailbox"));
                    }
                    if (from.equals(MailboxEntity.INBOX)) {
                        return renameInbox(conn, source, to);
                    }
                    long accountId = source.getLong(3);
                    long sourceId = source.getLong(0);
                    return conn.preparedQuery("UPDATE mailbox.mailboxes SET name = $3 || substr(name, length($2) + 1)"
                                    + " WHERE account_id = $1 AND (name = $2 OR name LIKE $4)")
                            .execute(Tuple.of(accountId, from, to, likePrefix(from) + "/%"))
                            .flatMap(x -> LocalDelivery.notifyChange(conn, sourceId, 0))
                            .replaceWith(ok());
                }));
    }

    /**
     * RFC 9051 section 6.3.6: renaming INBOX moves all its messages to a new mailbox with the given name and
     * leaves INBOX empty. The messages keep their UIDs under the new mailbox's own UIDVALIDITY; INBOX gets
     * tombstones so its sessions see them expunged.
     */
    private static Uni<FolderReply> renameInbox(SqlConnection conn, Row inbox, String to) {
        long inboxId = inbox.getLong(0);
        // subscriptions stay with their names (RFC 9051 section 6.3.6): the new folder is not subscribed
        return conn.preparedQuery("INSERT INTO mailbox.mailboxes (account_id, name, uidvalidity, uidnext, subscribed)"
                        + " VALUES ($1, $2, nextval('mailbox.uidvalidity_seq'), $3, false) RETURNING id")
                .execute(Tuple.of(inbox.getLong(3), to, inbox.getLong(2)))
                .flatMap(created -> {
                    long newId = created.iterator().next().getLong(0);
                    return conn.preparedQuery("UPDATE mailbox.mailboxes SET highestmodseq = highestmodseq + 1 WHERE id = $1 RETURNING highestmodseq")
                            .execute(Tuple.of(inboxId))
                            .flatMap(m -> {
                                long modseq = m.iterator().next().getLong(0);
                                return conn.preparedQuery("WITH moved AS (UPDATE mailbox.messages SET mailbox_id = $2 WHERE mailbox_id = $1 RETURNING uid)"
                                                + " INSERT INTO mailbox.expunged (mailbox_id, uid, modseq) SELECT $1, uid, $3 FROM moved"
                                                + " ON CONFLICT (mailbox_id, uid) DO UPDATE SET modseq = EXCLUDED.modseq")
                                        .execute(Tuple.of(inboxId, newId, modseq))
                                        .flatMap(x -> LocalDelivery.notifyChange(conn, inboxId, modseq));
                            });
                })
                .replaceWith(ok());
    }

    /**
     * SUBSCRIBE / UNSUBSCRIBE of a name, existing or not (RFC 9051 section 6.3.7 lets a server refuse names that
     * do not exist; imaptest and LIST-EXTENDED's "\\Subscribed \\NonExistent" expect them kept). Unsubscribing a
     * name that is not subscribed is OK too (idempotent, as Dovecot).
     */
    public Uni<FolderReply> subscribe(AccountRef ref, String name, boolean subscribed) {
        String sql = subscribed
                ? "INSERT INTO mailbox.subscriptions (account_id, name) SELECT acct.id, $3 FROM " + ACCOUNT + " acct(id) ON CONFLICT DO NOTHING"
                : "DELETE FROM mailbox.subscriptions s WHERE s.account_id = " + ACCOUNT + " AND s.name = $3";
        return pool.preparedQuery(sql).execute(Tuple.of(ref.domain(), ref.localPart(), name)).map(rows -> ok());
    }

    static FolderInfo info(Row r) {
        return FolderInfo.newBuilder().setMailboxId(r.getLong(0)).setName(r.getString(1))
                .setSpecialUse(r.getString(2) == null ? "" : r.getString(2)).setSubscribed(r.getBoolean(3))
                .setUidvalidity(r.getLong(4)).setUidnext(r.getLong(5)).setHighestmodseq(r.getLong(6))
                .setMessages(r.getLong(7)).setUnseen(r.getLong(8)).setSize(r.getLong(9)).setDeleted(r.getLong(10))
                .setRecent(r.getLong(11)).build();
    }

    private static String likePrefix(String s) {
        return s.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
    }

    static FolderReply ok() {
        return FolderReply.newBuilder().setOk(true).build();
    }

    static FolderReply no(String detail) {
        return FolderReply.newBuilder().setOk(false).setDetail(detail).build();
    }
}
