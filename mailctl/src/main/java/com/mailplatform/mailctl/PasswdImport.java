package com.mailplatform.mailctl;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code mailctl account import-passwd}: one account per passwd-file entry, created through the API with its hash
 * as {@code passwordHash} (mailbox-store vets the scheme and cost). A line the file or the API refuses is reported
 * and skipped; an unreachable API, a missing domain or a bad token stops the run, since every later line would fail
 * the same way. Prints a summary; exits 0 only when every entry was imported (or skipped as existing).
 */
final class PasswdImport {

    /** Reported problems beyond this are only counted, so a wrong file does not flood the terminal. */
    static final int MAX_REPORTED = 100;

    private final Api api;
    private final PrintWriter out;
    private int reported;
    private int errors;

    PasswdImport(Api api, PrintWriter out) {
        this.api = api;
        this.out = out;
    }

    int run(Path file, String domain, boolean update) {
        List<PasswdFile.Entry> entries;
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            entries = PasswdFile.read(in, domain, p -> problem(p.line(), p.message()));
        } catch (IOException e) {
            throw new ApiException(ExitCodes.USAGE, "cannot read " + file + ": " + e.getMessage());
        }
        int created = 0;
        int updated = 0;
        int existing = 0;
        for (PasswdFile.Entry e : entries) {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("address", e.address());
            body.put("passwordHash", e.passwordHash());
            if (e.quotaBytes() > 0) {
                body.put("quotaBytes", e.quotaBytes());
            }
            try {
                api.post("/api/v1/accounts", body);
                created++;
            } catch (ApiException refused) {
                if (refused.exitCode() == ExitCodes.CONFLICT && update) {
                    try {
                        api.put("/api/v1/accounts/" + Api.seg(e.address()) + "/password", Map.of("passwordHash", e.passwordHash()));
                        updated++;
                    } catch (ApiException again) {
                        fail(e, again);
                    }
                } else if (refused.exitCode() == ExitCodes.CONFLICT) {
                    existing++;
                } else {
                    fail(e, refused);
                }
            }
        }
        if (reported < errors) {
            out.printf("... and %d more problems%n", errors - reported);
        }
        out.printf("created %d, updated %d, existing (skipped) %d, errors %d%n", created, updated, existing, errors);
        out.flush();
        return errors == 0 ? ExitCodes.OK : ExitCodes.INVALID;
    }

    private void fail(PasswdFile.Entry e, ApiException refused) {
        int code = refused.exitCode();
        if (code == ExitCodes.UNAVAILABLE || code == ExitCodes.AUTH || code == ExitCodes.NOT_FOUND || code == ExitCodes.USAGE) {
            // every later entry would fail alike (404: the domain does not exist)
            out.printf("line %d: %s: %s; stopped%n", e.line(), e.address(), refused.getMessage());
            out.flush();
            throw refused;
        }
        problem(e.line(), e.address() + ": " + refused.getMessage());
    }

    private void problem(int line, String message) {
        errors++;
        if (reported < MAX_REPORTED) {
            reported++;
            out.printf("line %d: %s; skipped%n", line, message);
        }
    }
}
