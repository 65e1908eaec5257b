package com.mailplatform.delivery.sieve;

import com.mailplatform.delivery.log.Outcome;
import java.util.List;

/**
 * What an account's Sieve script decided for one message: the folders it is stored in (with flags), or, when there
 * are none, the outcome to log (rejected: bounced with a DSN; discarded/redirected: done). {@code note} says in the
 * mail log what the script did.
 */
public record AccountPlan(String account, List<Target> targets, Outcome outcome, String note) {

    /** One copy to store: {@code mailbox} empty = the message's default folder (INBOX, or the Junk a filter chose). */
    public record Target(String mailbox, List<String> flags) {
    }
}
