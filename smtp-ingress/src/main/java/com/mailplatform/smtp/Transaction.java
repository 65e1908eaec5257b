package com.mailplatform.smtp;

import com.mailplatform.common.queue.InboundMail;
import java.util.ArrayList;
import java.util.List;

/**
 * One mail transaction (RFC 5321 section 3.3): the reverse path, the accepted recipients and the ESMTP parameters
 * that travel with them (RFC 1870, 6152, 6531, 3461). From MAIL to the end of the message or RSET.
 */
public final class Transaction {
    /** Assigned at MAIL, as Postfix does, so filters and logs name the transaction from its start. */
    public final String queueId;
    public final String mailFrom;
    public final boolean smtputf8;
    public final String body;
    public final String ret;
    public final String envid;
    public final List<String> recipients = new ArrayList<>();
    public final List<InboundMail.RecipientDsn> dsn = new ArrayList<>();
    /**
     * A filter said DISCARD at MAIL or RCPT (logged then): the message gets 250 and is dropped, and no filter is asked
     * again in this transaction (Postfix's MILTER_SKIP_FLAGS in smtpd.c).
     */
    public boolean discarded;

    public Transaction(String queueId, String mailFrom, boolean smtputf8, String body, String ret, String envid) {
        this.queueId = queueId;
        this.mailFrom = mailFrom;
        this.smtputf8 = smtputf8;
        this.body = body;
        this.ret = ret;
        this.envid = envid;
    }
}
