package com.mailplatform.common.config;

import io.smallrye.config.ConfigSourceContext;
import io.smallrye.config.ConfigSourceFactory;
import io.smallrye.config.ConfigValue;
import io.smallrye.config.PropertiesConfigSource;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.eclipse.microprofile.config.spi.ConfigSource;

/**
 * The operator's file of each service, like Postfix's main.cf in config_directory: {@code <mail.config-dir>/<service>.properties}
 * ({@code mail.config-dir} defaults to {@code /etc/mail-platform}, env {@code MAIL_CONFIG_DIR}; on Kubernetes a mounted
 * ConfigMap). It overrides the defaults built into the service (application.properties, ordinal 250) and is itself
 * overridden by environment variables (300) and system properties (400). A missing file is no error; a file that is
 * there but unreadable or too big stops the service at start, as a broken main.cf stops Postfix.
 */
public final class ConfigDirSource implements ConfigSourceFactory {

    public static final String DIR_PROPERTY = "mail.config-dir";
    public static final String DEFAULT_DIR = "/etc/mail-platform";
    static final int ORDINAL = 270;
    /** A settings file is a few KB; this bound keeps a wrong mount (a log, a dump) from being read into memory. */
    static final long MAX_BYTES = 1 << 20;

    @Override
    public Iterable<ConfigSource> getConfigSources(ConfigSourceContext context) {
        String name = valueOf(context.getValue("quarkus.application.name"));
        if (name == null || name.isBlank()) {
            return List.of();
        }
        String dir = valueOf(context.getValue(DIR_PROPERTY));
        Path file = Path.of(dir == null || dir.isBlank() ? DEFAULT_DIR : dir).resolve(name + ".properties");
        return load(file).map(p -> List.<ConfigSource>of(new PropertiesConfigSource(p, sourceName(file), ORDINAL)))
                .orElse(List.of());
    }

    @Override
    public java.util.OptionalInt getPriority() {
        return java.util.OptionalInt.of(ORDINAL);
    }

    /** The name {@code config show} prints as the source of a setting that comes from this file. */
    static String sourceName(Path file) {
        return "file " + file;
    }

    static java.util.Optional<Map<String, String>> load(Path file) {
        if (!Files.exists(file)) {
            return java.util.Optional.empty();
        }
        try {
            if (Files.size(file) > MAX_BYTES) {
                throw new IllegalStateException("settings file " + file + " is larger than " + MAX_BYTES + " bytes");
            }
            Properties props = new Properties();
            try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                props.load(r);
            }
            Map<String, String> map = new HashMap<>();
            props.stringPropertyNames().forEach(k -> map.put(k, props.getProperty(k)));
            return java.util.Optional.of(map);
        } catch (IOException | IllegalArgumentException e) {
            throw new IllegalStateException("cannot read settings file " + file + ": " + e.getMessage(), e);
        }
    }

    private static String valueOf(ConfigValue v) {
        return v == null ? null : v.getValue();
    }
}
