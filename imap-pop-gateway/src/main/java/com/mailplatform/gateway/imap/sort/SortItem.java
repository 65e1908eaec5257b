package com.mailplatform.gateway.imap.sort;

import com.mailplatform.common.grpc.mailbox.SortFields;

/**
 * One message as SORT and THREAD see it, with its string keys already collated (RFC 5256 section 3) so a sort
 * does not normalize per comparison.
 */
public record SortItem(int msn, long uid, long size, long arrivalMillis, long dateMillis, BaseSubject subject, String subjectKey,
                       String fromKey, String toKey, String ccKey, String displayFromKey, String displayToKey, SortFields fields) {

    public static SortItem of(int msn, long uid, long size, long internalDateMillis, SortFields f) {
        BaseSubject base = BaseSubject.of(f.getSubject());
        // RFC 5256 section 2.2: the sent date, or the internal date when the Date: header is missing or invalid
        long date = f.getSentDateMillis() != 0 ? f.getSentDateMillis() : internalDateMillis;
        return new SortItem(msn, uid, size, internalDateMillis, date, base, Casemap.key(base.text()), Casemap.key(f.getFromMailbox()),
                Casemap.key(f.getToMailbox()), Casemap.key(f.getCcMailbox()), Casemap.key(f.getFromDisplay()),
                Casemap.key(f.getToDisplay()), f);
    }
}
