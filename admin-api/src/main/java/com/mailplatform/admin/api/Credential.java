package com.mailplatform.admin.api;

import com.mailplatform.admin.problem.ProblemException;

/**
 * A request's password, given in clear ({@code password}) or as an existing hash in Dovecot's syntax
 * ({@code passwordHash}): exactly one. Whether the hash is acceptable (scheme, format, cost) is mailbox-store's to
 * decide; its INVALID_ARGUMENT reaches the operator as a 400.
 *
 * @param password empty when a hash is given
 * @param hash empty when a password is given
 */
record Credential(String password, String hash) {

    static Credential of(String password, String passwordHash) {
        if (passwordHash != null && password != null) {
            throw ProblemException.badRequest("give either 'password' or 'passwordHash', not both");
        }
        if (passwordHash != null) {
            return new Credential("", Fields.required("passwordHash", passwordHash));
        }
        if (password == null) {
            throw ProblemException.badRequest("field 'password' (or 'passwordHash') is required");
        }
        return new Credential(Fields.required("password", password), "");
    }

    @Override
    public String toString() { // never let a password or hash reach a log line
        return "Credential[***]";
    }
}
