package com.mailplatform.common.sieve.command;

import org.apache.jsieve.commands.optional.Reject;

/**
 * ereject (RFC 5429 section 2.1). After the message was accepted over SMTP both reject and ereject end in a DSN to
 * the envelope sender (section 2.1.1's fallback), so they act the same here.
 */
public class EReject extends Reject {
}
