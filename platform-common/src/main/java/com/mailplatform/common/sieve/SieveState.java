package com.mailplatform.common.sieve;

import java.util.Map;
import java.util.Set;

/**
 * What a script run keeps besides jSieve's actions: the imap4flags internal variable (RFC 5232 section 3) and the
 * variables of RFC 5229. The mail adapter a script runs against implements it; the extension commands use it.
 */
public interface SieveState {

    /** The internal flags variable, case-insensitively distinct flags in the order set. */
    Set<String> flags();

    /** Variables by lower-cased name (RFC 5229 section 3: names are case-insensitive). */
    Map<String, String> variables();

    /** Most characters one variable holds (RFC 5229 section 6 lets an implementation limit them). */
    int MAX_VARIABLE_CHARS = 4096;

    /** Most variables one run may set. */
    int MAX_VARIABLES = 128;
}
