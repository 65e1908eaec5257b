package com.mailplatform.admin.transfer;

import java.util.regex.Pattern;

/** The request paths whose bodies are streamed messages, not JSON (HttpProblems lets them be large). */
public final class TransferPaths {

    private static final Pattern IMPORT = Pattern.compile("/api/v1/accounts/[^/]+/import");

    private TransferPaths() {
    }

    public static boolean streamed(String path) {
        return path != null && IMPORT.matcher(path).matches();
    }
}
