package com.mailplatform.gateway.managesieve.parse;

/** A command the server answers with NO (RFC 5804 section 1.3: "NO" for syntax errors too) and goes on. */
public class SieveParseException extends Exception {

    public SieveParseException(String message) {
        super(message);
    }
}
