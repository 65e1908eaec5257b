package com.mailplatform.gateway.imap.parse;

import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Bytes of one framed command (see {@link ImapFramer}) to an {@link ImapCommand}. Pure: no I/O, no state between
 * calls. Grammar from RFC 9051 section 9 with RFC 3501's SEARCH keys; every departure is an
 * {@link ImapParseException}, never another exception.
 */
public final class ImapParser {

    /** Parenthesis depth allowed in SEARCH keys and lists (hostile input must not exhaust the stack). */
    public static final int MAX_DEPTH = 16;

    /** RFC 9051 section 9: date-month is case-insensitive ("24-mar-2007", "1-JAN-2000"). */
    private static final DateTimeFormatter DATE = new java.time.format.DateTimeFormatterBuilder().parseCaseInsensitive()
            .appendPattern("d-MMM-yyyy").toFormatter(Locale.ENGLISH);
    private static final DateTimeFormatter DATE_TIME = new java.time.format.DateTimeFormatterBuilder().parseCaseInsensitive()
            .appendPattern("d-MMM-yyyy HH:mm:ss Z").toFormatter(Locale.ENGLISH);
    /** RFC 3502 MULTIAPPEND: messages per command (each is also bounded by the framer's command size). */
    public static final int MAX_APPEND_MESSAGES = 1000;

    private final byte[] in;
    private int pos;
    private String tag;

    private ImapParser(byte[] in) {
        this.in = in;
    }

    public static ImapCommand parse(byte[] bytes) throws ImapParseException {
        ImapParser p = new ImapParser(bytes);
        try {
            return p.command();
        } catch (IllegalArgumentException | IndexOutOfBoundsException e) {
            throw new ImapParseException(p.tag, e.getMessage() == null ? "syntax error" : e.getMessage());
        }
    }

    /** The tag of the command being parsed, for errors raised by helpers such as {@link Condstore}. */
    String tag() {
        return tag;
    }

    private ImapCommand command() throws ImapParseException {
        String t = atom();
        if (t.isEmpty() || t.contains("+")) {
            throw new ImapParseException(null, "missing or invalid tag");
        }
        tag = t;
        sp();
        String name = atom().toUpperCase(Locale.ROOT);
        boolean uid = false;
        if (name.equals("UID")) {
            uid = true;
            sp();
            name = atom().toUpperCase(Locale.ROOT);
        }
        ImapCommand c = uid ? uidCommand(name) : plainCommand(name);
        end();
        return c;
    }

    private ImapCommand uidCommand(String name) throws ImapParseException {
        return switch (name) {
            case "FETCH" -> fetch(true);
            case "STORE" -> store(true);
            case "SEARCH" -> search(true);
            case "SORT" -> sort(true);
            case "THREAD" -> thread(true);
            case "COPY" -> copy(true, false);
            case "MOVE" -> copy(true, true);
            case "EXPUNGE" -> {
                sp();
                yield new ImapCommand.Expunge(tag, sequenceSet());
            }
            default -> throw new ImapParseException(tag, "unknown UID command");
        };
    }

    private ImapCommand plainCommand(String name) throws ImapParseException {
        switch (name) {
            case "CAPABILITY": return new ImapCommand.Capability(tag);
            case "NOOP": return new ImapCommand.Noop(tag);
            case "CHECK": return new ImapCommand.Check(tag);
            case "LOGOUT": return new ImapCommand.Logout(tag);
            case "STARTTLS": return new ImapCommand.StartTls(tag);
            case "NAMESPACE": return new ImapCommand.Namespace(tag);
            case "IDLE": return new ImapCommand.Idle(tag);
            case "CLOSE": return new ImapCommand.Close(tag);
            case "UNSELECT": return new ImapCommand.Unselect(tag);
            case "EXPUNGE": return new ImapCommand.Expunge(tag, null);
            case "UNAUTHENTICATE": return new ImapCommand.Unauthenticate(tag);
            case "AUTHENTICATE": {
                sp();
                String mech = atom().toUpperCase(Locale.ROOT);
                String initial = null;
                if (peek() == ' ') {
                    sp();
                    initial = atom();
                    if (initial.equals("=")) {
                        initial = "";
                    }
                }
                return new ImapCommand.Authenticate(tag, mech, initial);
            }
            case "LOGIN": {
                sp();
                String user = astring();
                sp();
                return new ImapCommand.Login(tag, user, astring());
            }
            case "ENABLE": {
                List<String> caps = new ArrayList<>();
                while (peek() == ' ') {
                    sp();
                    caps.add(atom().toUpperCase(Locale.ROOT));
                }
                if (caps.isEmpty()) {
                    throw new ImapParseException(tag, "ENABLE needs a capability");
                }
                return new ImapCommand.Enable(tag, caps);
            }
            case "ID": {
                sp();
                Map<String, String> fields = new LinkedHashMap<>();
                if (peekAtom("NIL")) {
                    atom();
                } else {
                    expect('(');
                    while (peek() != ')') {
                        if (!fields.isEmpty()) {
                            sp();
                        }
                        String k = string();
                        sp();
                        fields.put(k, nstring());
                        if (fields.size() > 30) {
                            throw new ImapParseException(tag, "too many ID fields");
                        }
                    }
                    expect(')');
                }
                return new ImapCommand.Id(tag, fields);
            }
            case "SELECT":
            case "EXAMINE": {
                sp();
                String mailbox = astring();
                return new ImapCommand.Select(tag, mailbox, name.equals("EXAMINE"), Condstore.selectParams(this));
            }
            case "CREATE": {
                sp();
                String mailbox = astring();
                if (peek() == ' ') {
                    return new ImapCommand.Create(tag, mailbox, createUses());
                }
                return new ImapCommand.Create(tag, mailbox);
            }
            case "DELETE": {
                sp();
                return new ImapCommand.Delete(tag, astring());
            }
            case "RENAME": {
                sp();
                String from = astring();
                sp();
                return new ImapCommand.Rename(tag, from, astring());
            }
            case "SUBSCRIBE":
            case "UNSUBSCRIBE": {
                sp();
                return new ImapCommand.Subscribe(tag, astring(), name.equals("SUBSCRIBE"));
            }
            case "LIST":
            case "LSUB":
                return list(name.equals("LSUB"));
            case "STATUS": {
                sp();
                String mailbox = astring();
                sp();
                List<String> items = atomList();
                if (items.isEmpty()) {
                    throw new ImapParseException(tag, "STATUS needs items");
                }
                return new ImapCommand.Status(tag, mailbox, items);
            }
            case "APPEND":
                return append();
            case "SEARCH":
                return search(false);
            case "SORT":
                return sort(false);
            case "THREAD":
                return thread(false);
            case "FETCH":
                return fetch(false);
            case "STORE":
                return store(false);
            case "COPY":
                return copy(false, false);
            case "MOVE":
                return copy(false, true);
            case "GETQUOTAROOT":
            case "GETQUOTA":
            case "SETQUOTA":
                return quota(name);
            case "COMPRESS": {
                sp();
                return new ImapCommand.Compress(tag, atom().toUpperCase(Locale.ROOT));
            }
            default:
                throw new ImapParseException(tag, "unknown command");
        }
    }

    private void skipOptionalParams() throws ImapParseException {
        // SELECT/CREATE parameters of extensions we do not announce: refuse rather than ignore
        if (peek() == ' ') {
            throw new ImapParseException(tag, "unsupported parameters");
        }
    }

    /** RFC 6154 section 6: SP "(" "USE" SP "(" [use-attr *(SP use-attr)] ")" ")", the only CREATE parameter. */
    private List<String> createUses() throws ImapParseException {
        sp();
        expect('(');
        if (!atom().equalsIgnoreCase("USE")) {
            throw new ImapParseException(tag, "unsupported CREATE parameter");
        }
        sp();
        List<String> uses = flagList();
        expect(')');
        return uses;
    }

    private ImapCommand list(boolean lsub) throws ImapParseException {
        List<String> select = new ArrayList<>();
        List<String> ret = new ArrayList<>();
        List<String> status = new ArrayList<>();
        sp();
        if (!lsub && peek() == '(') {
            select = atomList();
            sp();
        }
        String ref = astring();
        sp();
        List<String> patterns = new ArrayList<>();
        if (!lsub && peek() == '(') {
            expect('(');
            patterns.add(listMailbox());
            while (peek() == ' ') {
                sp();
                patterns.add(listMailbox());
            }
            expect(')');
        } else {
            patterns.add(listMailbox());
        }
        if (!lsub && peek() == ' ') {
            sp();
            if (!atom().equalsIgnoreCase("RETURN")) {
                throw new ImapParseException(tag, "expected RETURN");
            }
            sp();
            expect('(');
            while (peek() != ')') {
                if (!ret.isEmpty()) {
                    sp();
                }
                String opt = atom().toUpperCase(Locale.ROOT);
                ret.add(opt);
                if (opt.equals("STATUS")) {
                    sp();
                    status = atomList();
                }
            }
            expect(')');
        }
        return new ImapCommand.ListMailboxes(tag, ref, patterns, upper(select), ret, upper(status), lsub);
    }

    private ImapCommand append() throws ImapParseException {
        sp();
        String mailbox = astring();
        List<ImapCommand.Append> messages = new ArrayList<>();
        // RFC 3502 section 6.3.11: append-message *(SP append-message)
        while (peek() == ' ') {
            sp();
            messages.add(appendMessage(mailbox));
            if (messages.size() > MAX_APPEND_MESSAGES) {
                throw new ImapParseException(tag, "too many messages in one APPEND");
            }
        }
        if (messages.isEmpty()) {
            throw new ImapParseException(tag, "APPEND needs a message");
        }
        return messages.size() == 1 ? messages.get(0) : new ImapCommand.MultiAppend(tag, mailbox, messages);
    }

    private ImapCommand.Append appendMessage(String mailbox) throws ImapParseException {
        List<String> flags = List.of();
        if (peek() == '(') {
            flags = flagList();
            sp();
        }
        ZonedDateTime date = null;
        if (peek() == '"') {
            String d = quoted();
            try {
                date = ZonedDateTime.parse(d.trim(), DATE_TIME);
            } catch (DateTimeParseException e) {
                throw new ImapParseException(tag, "bad date-time");
            }
            sp();
        }
        if (peekAtom("UTF8")) {
            // RFC 6855 section 4: "UTF8" SP "(" literal8 ")", a message whose header may carry UTF-8
            atom();
            sp();
            expect('(');
            if (peek() == '~') {
                pos++;
            }
            byte[] message = literalBytes();
            expect(')');
            return new ImapCommand.Append(tag, mailbox, flags, date, message);
        }
        if (peek() != '{' && !binaryLiteral()) {
            throw new ImapParseException(tag, "APPEND needs a literal");
        }
        if (peek() == '~') {
            pos++;
        }
        byte[] message = literalBytes();
        return new ImapCommand.Append(tag, mailbox, flags, date, message);
    }

    private ImapCommand search(boolean uid) throws ImapParseException {
        sp();
        List<String> ret = null;
        if (peekAtom("RETURN")) {
            atom();
            sp();
            ret = upper(atomList());
            SearchReturn.check(tag, ret);
            sp();
        }
        if (peekAtom("CHARSET")) {
            atom();
            sp();
            String charset = astring().toUpperCase(Locale.ROOT);
            if (!charset.equals("UTF-8") && !charset.equals("US-ASCII")) {
                throw new ImapParseException(tag, "[BADCHARSET (UTF-8 US-ASCII)] unsupported charset");
            }
            sp();
        }
        return new ImapCommand.Search(tag, uid, ret == null ? List.of() : ret, ret != null, searchProgram());
    }

    /** RFC 5256 BASE.6.4.SORT: SORT [RETURN (...)] (criteria) charset search-key*; RETURN is ESORT (RFC 5267 section 3). */
    private ImapCommand sort(boolean uid) throws ImapParseException {
        sp();
        List<String> ret = null;
        if (peekAtom("RETURN")) {
            atom();
            sp();
            ret = upper(atomList());
            for (String opt : ret) {
                if (!List.of("MIN", "MAX", "ALL", "COUNT").contains(opt)) {
                    throw new ImapParseException(tag, "unknown SORT RETURN option");
                }
            }
            sp();
        }
        SortCriteria criteria;
        try {
            criteria = SortCriteria.of(atomList());
        } catch (IllegalArgumentException e) {
            throw new ImapParseException(tag, e.getMessage());
        }
        sp();
        String charset = astring();
        sp();
        return new ImapCommand.Sort(tag, uid, ret, criteria, charset, searchProgram());
    }

    /** RFC 5256 BASE.6.4.THREAD: THREAD algorithm charset search-key*. */
    private ImapCommand thread(boolean uid) throws ImapParseException {
        sp();
        String algorithm = atom().toUpperCase(Locale.ROOT);
        if (!algorithm.equals("ORDEREDSUBJECT") && !algorithm.equals("REFERENCES")) {
            throw new ImapParseException(tag, "unknown THREAD algorithm");
        }
        sp();
        String charset = astring();
        sp();
        return new ImapCommand.Thread(tag, uid, algorithm, charset, searchProgram());
    }

    /** One or more search keys, ANDed: what follows the charset in SEARCH, SORT and THREAD (at most 1000). */
    private SearchKey searchProgram() throws ImapParseException {
        List<SearchKey> keys = new ArrayList<>();
        keys.add(searchKey(0));
        while (peek() == ' ') {
            sp();
            keys.add(searchKey(0));
            if (keys.size() > 1000) {
                throw new ImapParseException(tag, "too many search keys");
            }
        }
        return keys.size() == 1 ? keys.get(0) : new SearchKey.And(keys);
    }

    private SearchKey searchKey(int depth) throws ImapParseException {
        if (depth > MAX_DEPTH) {
            throw new ImapParseException(tag, "search keys nested too deeply");
        }
        if (peek() == '(') {
            expect('(');
            List<SearchKey> keys = new ArrayList<>();
            keys.add(searchKey(depth + 1));
            while (peek() == ' ') {
                sp();
                keys.add(searchKey(depth + 1));
            }
            expect(')');
            return keys.size() == 1 ? keys.get(0) : new SearchKey.And(keys);
        }
        int c = peek();
        if ((c >= '0' && c <= '9') || c == '*' || c == '$') {
            return new SearchKey.Sequence(sequenceSet(), false);
        }
        String k = atom().toUpperCase(Locale.ROOT);
        switch (k) {
            case "ALL": return new SearchKey.All();
            case "ANSWERED": return new SearchKey.Flag("\\Answered");
            case "DELETED": return new SearchKey.Flag("\\Deleted");
            case "DRAFT": return new SearchKey.Flag("\\Draft");
            case "FLAGGED": return new SearchKey.Flag("\\Flagged");
            case "SEEN": return new SearchKey.Flag("\\Seen");
            case "UNANSWERED": return new SearchKey.Not(new SearchKey.Flag("\\Answered"));
            case "UNDELETED": return new SearchKey.Not(new SearchKey.Flag("\\Deleted"));
            case "UNDRAFT": return new SearchKey.Not(new SearchKey.Flag("\\Draft"));
            case "UNFLAGGED": return new SearchKey.Not(new SearchKey.Flag("\\Flagged"));
            case "UNSEEN": return new SearchKey.Not(new SearchKey.Flag("\\Seen"));
            case "RECENT": return new SearchKey.Flag("\\Recent");
            case "NEW": return new SearchKey.And(List.of(new SearchKey.Flag("\\Recent"), new SearchKey.Not(new SearchKey.Flag("\\Seen"))));
            case "OLD": return new SearchKey.Not(new SearchKey.Flag("\\Recent"));
            case "KEYWORD": sp(); return new SearchKey.Flag(atom());
            case "UNKEYWORD": sp(); return new SearchKey.Not(new SearchKey.Flag(atom()));
            case "BEFORE": sp(); return new SearchKey.Date(false, -1, date());
            case "ON": sp(); return new SearchKey.Date(false, 0, date());
            case "SINCE": sp(); return new SearchKey.Date(false, 1, date());
            case "SENTBEFORE": sp(); return new SearchKey.Date(true, -1, date());
            case "SENTON": sp(); return new SearchKey.Date(true, 0, date());
            case "SENTSINCE": sp(); return new SearchKey.Date(true, 1, date());
            case "LARGER": sp(); return new SearchKey.Size(true, number());
            case "SMALLER": sp(); return new SearchKey.Size(false, number());
            case "UID": sp(); return new SearchKey.Sequence(sequenceSet(), true);
            // RFC 5032 WITHIN: interval in seconds, nz-number
            case "OLDER": sp(); return new SearchKey.Within(true, interval());
            case "YOUNGER": sp(); return new SearchKey.Within(false, interval());
            // RFC 8514 SAVEDATE
            case "SAVEDBEFORE": sp(); return new SearchKey.SaveDate(-1, date());
            case "SAVEDON": sp(); return new SearchKey.SaveDate(0, date());
            case "SAVEDSINCE": sp(); return new SearchKey.SaveDate(1, date());
            case "SAVEDATESUPPORTED": return new SearchKey.SaveDateSupported();
            case "NOT": sp(); return new SearchKey.Not(searchKey(depth + 1));
            case "OR": {
                sp();
                SearchKey a = searchKey(depth + 1);
                sp();
                return new SearchKey.Or(a, searchKey(depth + 1));
            }
            case "BCC", "CC", "FROM", "SUBJECT", "TO": sp(); return new SearchKey.Text("HEADER", k, astring());
            case "HEADER": {
                sp();
                String field = astring();
                sp();
                return new SearchKey.Text("HEADER", field, astring());
            }
            case "BODY": sp(); return new SearchKey.Text("BODY", null, astring());
            case "TEXT": sp(); return new SearchKey.Text("TEXT", null, astring());
            case "MODSEQ": sp(); return Condstore.searchModseq(this);
            default: throw new ImapParseException(tag, "unknown search key " + k);
        }
    }

    private long interval() throws ImapParseException {
        long n = number();
        if (n == 0 || n > SequenceSet.MAX) {
            throw new ImapParseException(tag, "interval must be 1 to 4294967295 seconds");
        }
        return n;
    }

    private LocalDate date() throws ImapParseException {
        String d = peek() == '"' ? quoted() : atom();
        try {
            return LocalDate.parse(d, DATE);
        } catch (DateTimeParseException e) {
            throw new ImapParseException(tag, "bad date");
        }
    }

    private ImapCommand fetch(boolean uid) throws ImapParseException {
        sp();
        SequenceSet set = sequenceSet();
        sp();
        List<FetchAtt> items = new ArrayList<>();
        if (peek() == '(') {
            expect('(');
            items.addAll(fetchAtt());
            while (peek() == ' ') {
                sp();
                items.addAll(fetchAtt());
            }
            expect(')');
        } else {
            items.addAll(fetchAtt());
        }
        FetchModifiers modifiers = FetchModifiers.NONE;
        if (peek() == ' ') {
            sp();
            modifiers = Condstore.fetchModifiers(this, uid);
        }
        return new ImapCommand.Fetch(tag, uid, set, items, modifiers);
    }

    private List<FetchAtt> fetchAtt() throws ImapParseException {
        String name = fetchName().toUpperCase(Locale.ROOT);
        switch (name) {
            case "ALL": return List.of(FetchAtt.Simple.FLAGS, FetchAtt.Simple.INTERNALDATE, FetchAtt.Simple.RFC822_SIZE, FetchAtt.Simple.ENVELOPE);
            case "FAST": return List.of(FetchAtt.Simple.FLAGS, FetchAtt.Simple.INTERNALDATE, FetchAtt.Simple.RFC822_SIZE);
            case "FULL": return List.of(FetchAtt.Simple.FLAGS, FetchAtt.Simple.INTERNALDATE, FetchAtt.Simple.RFC822_SIZE,
                    FetchAtt.Simple.ENVELOPE, FetchAtt.Simple.BODY);
            case "FLAGS": return List.of(FetchAtt.Simple.FLAGS);
            case "INTERNALDATE": return List.of(FetchAtt.Simple.INTERNALDATE);
            case "RFC822.SIZE": return List.of(FetchAtt.Simple.RFC822_SIZE);
            case "ENVELOPE": return List.of(FetchAtt.Simple.ENVELOPE);
            case "BODYSTRUCTURE": return List.of(FetchAtt.Simple.BODYSTRUCTURE);
            case "UID": return List.of(FetchAtt.Simple.UID);
            case "SAVEDATE": return List.of(FetchAtt.Extra.SAVEDATE);
            case "EMAILID": return List.of(FetchAtt.Extra.EMAILID);
            case "THREADID": return List.of(FetchAtt.Extra.THREADID);
            case "MODSEQ": return List.of(FetchAtt.Simple.MODSEQ);
            case "RFC822": return List.of(new FetchAtt.Section(false, "", List.of(), -1, -1, "RFC822"));
            case "RFC822.HEADER": return List.of(new FetchAtt.Section(true, "HEADER", List.of(), -1, -1, "RFC822.HEADER"));
            case "RFC822.TEXT": return List.of(new FetchAtt.Section(false, "TEXT", List.of(), -1, -1, "RFC822.TEXT"));
            case "BODY":
            case "BODY.PEEK":
                if (peek() != '[') {
                    if (name.equals("BODY.PEEK")) {
                        throw new ImapParseException(tag, "BODY.PEEK needs a section");
                    }
                    return List.of(FetchAtt.Simple.BODY);
                }
                return List.of(section(name.equals("BODY.PEEK")));
            case "BINARY":
            case "BINARY.PEEK":
            case "BINARY.SIZE":
                return List.of(binary(name));
            default:
                throw new ImapParseException(tag, "unknown fetch item " + name);
        }
    }

    private FetchAtt section(boolean peek) throws ImapParseException {
        expect('[');
        StringBuilder spec = new StringBuilder();
        while (peek() != ']' && peek() != ' ') {
            int c = next();
            if (c < 0x21 || c > 0x7e || c == '[' || c == '(' || spec.length() > 100) {
                throw new ImapParseException(tag, "bad section");
            }
            spec.append((char) c);
        }
        String s = spec.toString().toUpperCase(Locale.ROOT);
        if (!s.matches("((\\d{1,5}\\.){0,20}\\d{1,5})?(\\.?(HEADER|HEADER\\.FIELDS|HEADER\\.FIELDS\\.NOT|TEXT|MIME))?")
                || s.startsWith(".") || (s.endsWith("MIME") && !s.matches("[\\d.]+MIME"))) {
            throw new ImapParseException(tag, "bad section");
        }
        List<String> fields = List.of();
        if (s.endsWith("HEADER.FIELDS") || s.endsWith("HEADER.FIELDS.NOT")) {
            sp();
            fields = astringList();
            if (fields.isEmpty()) {
                throw new ImapParseException(tag, "HEADER.FIELDS needs fields");
            }
        }
        expect(']');
        long[] partial = partial();
        return new FetchAtt.Section(peek, s, fields, partial[0], partial[1], null);
    }

    /** partial = "<" number "." nz-number ">" (RFC 9051 section 9), or {-1, -1} when absent. */
    private long[] partial() throws ImapParseException {
        if (peek() != '<') {
            return new long[]{-1, -1};
        }
        expect('<');
        long start = number();
        expect('.');
        long length = number();
        if (length == 0) {
            throw new ImapParseException(tag, "partial length must be positive");
        }
        expect('>');
        return new long[]{start, length};
    }

    /** BINARY: "[" [section-part] "]" [partial] (RFC 3516 section 6), no partial for BINARY.SIZE. */
    private FetchAtt binary(String name) throws ImapParseException {
        expect('[');
        int start = pos;
        while (peek() != ']' && pos - start <= 120) {
            next();
        }
        String part = new String(in, start, pos - start, StandardCharsets.US_ASCII);
        if (!part.matches("((\\d{1,5}\\.){0,20}\\d{1,5})?") || part.matches(".*(^|\\.)0+(\\.|$).*")) {
            throw new ImapParseException(tag, "bad BINARY section");
        }
        expect(']');
        boolean size = name.equals("BINARY.SIZE");
        long[] partial = size ? new long[]{-1, -1} : partial();
        return new FetchAtt.Binary(name.equals("BINARY.PEEK"), size, part, partial[0], partial[1]);
    }

    private ImapCommand store(boolean uid) throws ImapParseException {
        sp();
        SequenceSet set = sequenceSet();
        sp();
        long unchangedSince = -1;
        if (peek() == '(') {
            unchangedSince = Condstore.storeModifiers(this);
            sp();
        }
        String item = atom().toUpperCase(Locale.ROOT);
        int mode;
        String base = item.endsWith(".SILENT") ? item.substring(0, item.length() - 7) : item;
        switch (base) {
            case "FLAGS" -> mode = 0;
            case "+FLAGS" -> mode = 1;
            case "-FLAGS" -> mode = -1;
            default -> throw new ImapParseException(tag, "bad STORE item");
        }
        sp();
        List<String> flags;
        if (peek() == '(') {
            flags = flagList();
        } else {
            flags = new ArrayList<>();
            flags.add(flag());
            while (peek() == ' ') {
                sp();
                flags.add(flag());
            }
        }
        return new ImapCommand.Store(tag, uid, set, mode, item.endsWith(".SILENT"), flags, unchangedSince);
    }

    private ImapCommand copy(boolean uid, boolean move) throws ImapParseException {
        sp();
        SequenceSet set = sequenceSet();
        sp();
        return new ImapCommand.Copy(tag, uid, set, astring(), move);
    }

    // ---- tokens ----

    int peek() {
        return pos < in.length ? in[pos] & 0xff : -1;
    }

    private int next() throws ImapParseException {
        if (pos >= in.length) {
            throw new ImapParseException(tag, "unexpected end of command");
        }
        return in[pos++] & 0xff;
    }

    void expect(char c) throws ImapParseException {
        if (next() != c) {
            throw new ImapParseException(tag, "expected '" + c + "'");
        }
    }

    void sp() throws ImapParseException {
        expect(' ');
    }

    private void end() throws ImapParseException {
        if (peek() == '\r') {
            pos++;
        }
        if (next() != '\n' || pos != in.length) {
            throw new ImapParseException(tag, "unexpected characters at end of command");
        }
    }

    private boolean peekAtom(String word) {
        int n = word.length();
        if (pos + n > in.length) {
            return false;
        }
        String s = new String(in, pos, n, StandardCharsets.US_ASCII);
        int after = pos + n < in.length ? in[pos + n] : ' ';
        return s.equalsIgnoreCase(word) && (after == ' ' || after == '\r' || after == '\n' || after == ')');
    }

    /** ATOM-CHARs (RFC 9051 section 9: anything printable but atom-specials), plus ']' for resp-specials. */
    private static boolean atomChar(int c) {
        return c > 0x20 && c < 0x7f && c != '(' && c != ')' && c != '{' && c != '"' && c != '\\' && c != '%' && c != '*'
                && c != ']';
    }

    String atom() throws ImapParseException {
        int start = pos;
        while (pos < in.length && (atomChar(in[pos] & 0xff) || in[pos] == '\\' && pos == start || in[pos] == '*' && pos > start)) {
            pos++;
        }
        if (pos == start) {
            throw new ImapParseException(tag, "expected an atom");
        }
        return new String(in, start, pos - start, StandardCharsets.US_ASCII);
    }

    /** FETCH item names include '.' and may be followed by '[' (not part of the name). */
    private String fetchName() throws ImapParseException {
        int start = pos;
        while (pos < in.length && atomChar(in[pos] & 0xff) && in[pos] != '[') {
            pos++;
        }
        if (pos == start) {
            throw new ImapParseException(tag, "expected a fetch item");
        }
        return new String(in, start, pos - start, StandardCharsets.US_ASCII);
    }

    private String flag() throws ImapParseException {
        int start = pos;
        if (peek() == '\\') {
            pos++;
            if (peek() == '*') {
                pos++;
                return "\\*";
            }
        }
        while (pos < in.length && atomChar(in[pos] & 0xff)) {
            pos++;
        }
        if (pos == start || (pos == start + 1 && in[start] == '\\')) {
            throw new ImapParseException(tag, "expected a flag");
        }
        return new String(in, start, pos - start, StandardCharsets.US_ASCII);
    }

    private interface Item {
        String read() throws ImapParseException;
    }

    /** "(" item *(SP item) ")" with at most 100 items, or "()" . */
    private List<String> parenthesized(Item item) throws ImapParseException {
        expect('(');
        List<String> items = new ArrayList<>();
        while (peek() != ')') {
            if (!items.isEmpty()) {
                sp();
            }
            items.add(item.read());
            if (items.size() > 100) {
                throw new ImapParseException(tag, "list too long");
            }
        }
        expect(')');
        return items;
    }

    private List<String> flagList() throws ImapParseException {
        return parenthesized(this::flag);
    }

    private List<String> atomList() throws ImapParseException {
        return parenthesized(this::atom);
    }

    private List<String> astringList() throws ImapParseException {
        return parenthesized(this::astring);
    }

    private long number() throws ImapParseException {
        int start = pos;
        while (pos < in.length && in[pos] >= '0' && in[pos] <= '9' && pos - start < 19) {
            pos++;
        }
        if (pos == start) {
            throw new ImapParseException(tag, "expected a number");
        }
        return Long.parseLong(new String(in, start, pos - start, StandardCharsets.US_ASCII));
    }

    SequenceSet sequenceSet() throws ImapParseException {
        if (peek() == '$') {
            // RFC 5182 section 2.1: "$" alone stands for the saved search result
            pos++;
            int after = peek();
            if (after != ' ' && after != ')' && after != '\r' && after != '\n') {
                throw new ImapParseException(tag, "'$' must stand alone");
            }
            return SequenceSet.SAVED;
        }
        int start = pos;
        while (pos < in.length && ((in[pos] >= '0' && in[pos] <= '9') || in[pos] == ':' || in[pos] == ',' || in[pos] == '*')) {
            pos++;
        }
        try {
            return SequenceSet.parse(new String(in, start, pos - start, StandardCharsets.US_ASCII));
        } catch (IllegalArgumentException e) {
            throw new ImapParseException(tag, e.getMessage());
        }
    }

    private String astring() throws ImapParseException {
        int c = peek();
        if (c == '"' || c == '{' || binaryLiteral()) {
            return string();
        }
        int start = pos;
        while (pos < in.length && (atomChar(in[pos] & 0xff) || in[pos] == ']')) {
            pos++;
        }
        if (pos == start) {
            throw new ImapParseException(tag, "expected a string");
        }
        return new String(in, start, pos - start, StandardCharsets.UTF_8);
    }

    /** list-mailbox: like astring but also '%' and '*' (RFC 9051 section 9). */
    private String listMailbox() throws ImapParseException {
        int c = peek();
        if (c == '"' || c == '{') {
            return string();
        }
        int start = pos;
        while (pos < in.length && (atomChar(in[pos] & 0xff) || in[pos] == ']' || in[pos] == '%' || in[pos] == '*')) {
            pos++;
        }
        if (pos == start) {
            throw new ImapParseException(tag, "expected a mailbox pattern");
        }
        return new String(in, start, pos - start, StandardCharsets.UTF_8);
    }

    private String nstring() throws ImapParseException {
        if (peekAtom("NIL")) {
            atom();
            return null;
        }
        return string();
    }

    private String string() throws ImapParseException {
        if (peek() == '"') {
            return quoted();
        }
        if (binaryLiteral()) {
            pos++;
        }
        return new String(literalBytes(), StandardCharsets.UTF_8);
    }

    String quoted() throws ImapParseException {
        expect('"');
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        while (true) {
            int c = next();
            if (c == '"') {
                return out.toString(StandardCharsets.UTF_8);
            }
            if (c == '\\') {
                c = next();
                if (c != '"' && c != '\\') {
                    throw new ImapParseException(tag, "bad escape in quoted string");
                }
            }
            if (c == '\r' || c == '\n' || c == 0) {
                throw new ImapParseException(tag, "CR, LF or NUL in quoted string");
            }
            out.write(c);
        }
    }

    /** {n}CRLF or {n+}CRLF then n octets; the framer has already checked n against the limits. */
    private byte[] literalBytes() throws ImapParseException {
        expect('{');
        long n = number();
        if (peek() == '+') {
            pos++;
        }
        expect('}');
        if (peek() == '\r') {
            pos++;
        }
        expect('\n');
        if (n > in.length - pos) {
            throw new ImapParseException(tag, "literal shorter than announced");
        }
        byte[] out = java.util.Arrays.copyOfRange(in, pos, pos + (int) n);
        pos += (int) n;
        return out;
    }

    /** "~{": a literal8 (RFC 3516); a '~' not followed by '{' is an ATOM-CHAR (issue 14: "SELECT ~foo"). */
    private boolean binaryLiteral() {
        return peek() == '~' && pos + 1 < in.length && in[pos + 1] == '{';
    }

    /**
     * quota: RFC 9208 section 7 grammar. getquota = "GETQUOTA" SP quota-root-name; getquotaroot = "GETQUOTAROOT"
     * SP mailbox; setquota = "SETQUOTA" SP quota-root-name SP setquota-list, at most 100 resources.
     */
    private ImapCommand quota(String name) throws ImapParseException {
        sp();
        String arg = astring();
        if (name.equals("GETQUOTAROOT")) {
            return new ImapCommand.GetQuotaRoot(tag, arg);
        }
        if (name.equals("GETQUOTA")) {
            return new ImapCommand.GetQuota(tag, arg);
        }
        sp();
        expect('(');
        Map<String, Long> limits = new LinkedHashMap<>();
        int items = 0;
        while (peek() != ')') {
            if (items > 0) {
                sp();
            }
            String resource = atom().toUpperCase(Locale.ROOT);
            sp();
            limits.put(resource, number());
            if (++items > 100) {
                throw new ImapParseException(tag, "list too long");
            }
        }
        expect(')');
        return new ImapCommand.SetQuota(tag, arg, limits);
    }

    private static List<String> upper(List<String> items) {
        List<String> out = new ArrayList<>(items.size());
        items.forEach(i -> out.add(i.toUpperCase(Locale.ROOT)));
        return out;
    }
}
