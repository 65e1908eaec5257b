package com.mailplatform.gateway.imap.parse;

import java.util.List;
import java.util.Map;

/** Every command as data (RFC 9051 section 6 and the extensions in the CAPABILITY list). */
public sealed interface ImapCommand {

    String tag();

    /** The command name as the client sent it, upper-cased (with "UID " in front for UID commands). */
    default String name() {
        String n = getClass().getSimpleName().toUpperCase(java.util.Locale.ROOT);
        return n;
    }

    record Capability(String tag) implements ImapCommand { }

    record Noop(String tag) implements ImapCommand { }

    record Check(String tag) implements ImapCommand { }

    record Logout(String tag) implements ImapCommand { }

    record StartTls(String tag) implements ImapCommand { }

    /** initial is null without SASL-IR, "" for "=" (an empty initial response, RFC 4959). */
    record Authenticate(String tag, String mechanism, String initial) implements ImapCommand { }

    record Login(String tag, String user, String password) implements ImapCommand { }

    record Enable(String tag, List<String> capabilities) implements ImapCommand { }

    record Id(String tag, Map<String, String> fields) implements ImapCommand { }

    record Select(String tag, String mailbox, boolean readOnly, SelectParams params) implements ImapCommand {
        public Select(String tag, String mailbox, boolean readOnly) {
            this(tag, mailbox, readOnly, SelectParams.NONE);
        }
    }

    /** uses: RFC 6154 section 3's CREATE (USE (...)) attributes, empty without. */
    record Create(String tag, String mailbox, List<String> uses) implements ImapCommand {
        public Create(String tag, String mailbox) {
            this(tag, mailbox, List.of());
        }
    }

    record Delete(String tag, String mailbox) implements ImapCommand { }

    record Rename(String tag, String from, String to) implements ImapCommand { }

    record Subscribe(String tag, String mailbox, boolean subscribe) implements ImapCommand { }

    /** LIST with RFC 5258 selection/return options; lsub marks the RFC 3501 LSUB command. */
    record ListMailboxes(String tag, String reference, List<String> patterns, List<String> selectOptions,
                         List<String> returnOptions, List<String> statusItems, boolean lsub) implements ImapCommand { }

    record Namespace(String tag) implements ImapCommand { }

    record Status(String tag, String mailbox, List<String> items) implements ImapCommand { }

    /** internalDate null = now. */
    record Append(String tag, String mailbox, List<String> flags, java.time.ZonedDateTime internalDate, byte[] message)
            implements ImapCommand { }

    record Idle(String tag) implements ImapCommand { }

    /** RFC 3502 MULTIAPPEND: two or more messages for one mailbox, committed all or none. */
    record MultiAppend(String tag, String mailbox, List<Append> messages) implements ImapCommand { }

    /** RFC 8437: back to the not-authenticated state. */
    record Unauthenticate(String tag) implements ImapCommand { }

    record Close(String tag) implements ImapCommand { }

    record Unselect(String tag) implements ImapCommand { }

    /** uids null = plain EXPUNGE; set = UID EXPUNGE (RFC 4315). */
    record Expunge(String tag, SequenceSet uids) implements ImapCommand { }

    record Search(String tag, boolean uid, List<String> returnOptions, boolean esearch, SearchKey key) implements ImapCommand { }

    record Fetch(String tag, boolean uid, SequenceSet set, List<FetchAtt> items, FetchModifiers modifiers) implements ImapCommand {
        public Fetch(String tag, boolean uid, SequenceSet set, List<FetchAtt> items) {
            this(tag, uid, set, items, FetchModifiers.NONE);
        }
    }

    /** mode: 0 replace, 1 add, -1 remove; unchangedSince -1 = no RFC 7162 UNCHANGEDSINCE modifier. */
    record Store(String tag, boolean uid, SequenceSet set, int mode, boolean silent, List<String> flags, long unchangedSince)
            implements ImapCommand {
        public Store(String tag, boolean uid, SequenceSet set, int mode, boolean silent, List<String> flags) {
            this(tag, uid, set, mode, silent, flags, -1);
        }
    }

    record Copy(String tag, boolean uid, SequenceSet set, String mailbox, boolean move) implements ImapCommand { }

    /** quota: GETQUOTAROOT (RFC 9208 section 4.3). */
    record GetQuotaRoot(String tag, String mailbox) implements ImapCommand { }

    /** quota: GETQUOTA (RFC 9208 section 4.2). */
    record GetQuota(String tag, String root) implements ImapCommand { }

    /** quota: SETQUOTA (RFC 9208 section 4.1), parsed so it can be refused with NO. */
    record SetQuota(String tag, String root, Map<String, Long> limits) implements ImapCommand { }

    /** quota: COMPRESS (RFC 4978 section 3). */
    record Compress(String tag, String mechanism) implements ImapCommand { }

    /**
     * SORT / UID SORT (RFC 5256); returnOptions non-null when RETURN was given (ESORT, RFC 5267 section 3). The
     * charset is checked by the handler: an unsupported one is NO [BADCHARSET].
     */
    record Sort(String tag, boolean uid, List<String> returnOptions, SortCriteria criteria, String charset, SearchKey key)
            implements ImapCommand { }

    /** THREAD / UID THREAD (RFC 5256); algorithm is ORDEREDSUBJECT or REFERENCES. */
    record Thread(String tag, boolean uid, String algorithm, String charset, SearchKey key) implements ImapCommand { }
}
