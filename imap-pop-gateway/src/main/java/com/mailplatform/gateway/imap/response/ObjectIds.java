package com.mailplatform.gateway.imap.response;

/**
 * RFC 8474 OBJECTID identifiers (objectid = 1*255 of ALPHA / DIGIT / "_" / "-"). MAILBOXID is the store's folder
 * row id, which survives RENAME and is never reused; EMAILID comes from the store (from the content, so COPY and
 * MOVE keep it). THREADID is NIL: THREAD is computed per command, there is no stored thread id (RFC 8474 section 5.2 allows NIL).
 */
public final class ObjectIds {

    private ObjectIds() {
    }

    public static String mailboxId(long folderId) {
        return "F" + folderId;
    }

    /** The EMAILID as a fetch value: parenthesized objectid, or NIL when the store sent none. */
    public static String emailId(String id) {
        return id == null || id.isEmpty() ? "NIL" : "(" + id + ")";
    }
}
