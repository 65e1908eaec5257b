package com.mailplatform.mailctl;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import picocli.CommandLine.IDefaultValueProvider;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * Where {@code --url}, {@code --token} and {@code --token-file} come from when not on the command line: the
 * environment ({@code MAILCTL_URL}, {@code MAILCTL_TOKEN}, {@code MAILCTL_TOKEN_FILE}), then the config file
 * ({@code $MAILCTL_CONFIG}, else {@code ~/.config/mailctl/config}: {@code url=}, {@code token=}, {@code token-file=}
 * lines), then the local stack's address.
 */
final class CliDefaults implements IDefaultValueProvider {

    static final String DEFAULT_URL = "http://127.0.0.1:18080";
    private static final Map<String, String> ENV = Map.of("--url", "MAILCTL_URL", "--token", "MAILCTL_TOKEN", "--token-file", "MAILCTL_TOKEN_FILE");
    /** A config file holds three short lines; more than this is not one. */
    static final long MAX_FILE_BYTES = 64 * 1024;

    private final Map<String, String> env;
    private final Path file;
    private Properties loaded;

    CliDefaults(Map<String, String> env, Path home) {
        this.env = env;
        String explicit = env.get("MAILCTL_CONFIG");
        this.file = explicit != null && !explicit.isBlank() ? Path.of(explicit)
                : home == null ? null : home.resolve(".config").resolve("mailctl").resolve("config");
    }

    static CliDefaults fromEnvironment() {
        String home = System.getProperty("user.home");
        return new CliDefaults(System.getenv(), home == null ? null : Path.of(home));
    }

    @Override
    public String defaultValue(ArgSpec arg) {
        if (!(arg instanceof OptionSpec o) || !ENV.containsKey(o.longestName())) {
            return null; // every other default is the annotation's
        }
        String name = o.longestName();
        String v = env.get(ENV.get(name));
        if (v != null && !v.isBlank()) {
            return v;
        }
        v = file().getProperty(name.substring(2));
        if (v != null && !v.isBlank()) {
            return v.strip();
        }
        return name.equals("--url") ? DEFAULT_URL : null;
    }

    private Properties file() {
        if (loaded == null) {
            loaded = new Properties();
            if (file != null && Files.isRegularFile(file)) {
                try {
                    if (Files.size(file) > MAX_FILE_BYTES) {
                        throw new ApiException(ExitCodes.USAGE, "config file " + file + " is larger than " + MAX_FILE_BYTES + " bytes");
                    }
                    try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                        loaded.load(r);
                    }
                } catch (IOException | IllegalArgumentException e) {
                    throw new ApiException(ExitCodes.USAGE, "cannot read config file " + file + ": " + e.getMessage());
                }
            }
        }
        return loaded;
    }
}
