package com.mailplatform.gateway.imap.parse;

import java.util.List;

/** One FETCH data item (RFC 9051 section 6.4.5). */
public sealed interface FetchAtt {

    /** MODSEQ: RFC 7162 section 3.1.4.2. */
    enum Simple implements FetchAtt { FLAGS, INTERNALDATE, RFC822_SIZE, ENVELOPE, BODYSTRUCTURE, BODY, UID, MODSEQ }

    /** From the message state like {@link Simple}: RFC 8514 SAVEDATE, RFC 8474 EMAILID and THREADID. */
    enum Extra implements FetchAtt { SAVEDATE, EMAILID, THREADID }

    /**
     * BODY[section]&lt;partial&gt;, BODY.PEEK[...], and the RFC822 / RFC822.HEADER / RFC822.TEXT aliases
     * ({@code alias} is then the name to answer with). partialStart is -1 without a partial.
     */
    record Section(boolean peek, String section, List<String> fields, long partialStart, long partialLength, String alias)
            implements FetchAtt {

        /** How the item is named in the response, e.g. BODY[HEADER.FIELDS (FROM)]&lt;0&gt;. */
        public String responseName() {
            if (alias != null) {
                return alias;
            }
            StringBuilder sb = new StringBuilder("BODY[").append(section);
            if (!fields.isEmpty()) {
                sb.append(" (").append(String.join(" ", fields)).append(')');
            }
            sb.append(']');
            if (partialStart >= 0) {
                sb.append('<').append(partialStart).append('>');
            }
            return sb.toString();
        }
    }

    /**
     * BINARY: BINARY[part]&lt;partial&gt;, BINARY.PEEK[...] and BINARY.SIZE[part] (RFC 3516 section 4.2): the part
     * after undoing its Content-Transfer-Encoding. section is a part number ("" the whole message); partialStart
     * is -1 without a partial.
     */
    record Binary(boolean peek, boolean size, String section, long partialStart, long partialLength) implements FetchAtt {

        /** How the item is named in the response, e.g. BINARY[1.2]&lt;0&gt; or BINARY.SIZE[1]. */
        public String responseName() {
            return (size ? "BINARY.SIZE[" : "BINARY[") + section + "]" + (partialStart >= 0 ? "<" + partialStart + ">" : "");
        }
    }
}
