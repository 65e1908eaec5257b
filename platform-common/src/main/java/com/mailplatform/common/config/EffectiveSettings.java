package com.mailplatform.common.config;

import io.smallrye.config.ConfigValue;
import io.smallrye.config.SmallRyeConfig;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.microprofile.config.spi.ConfigSource;

/**
 * A service's effective configuration, like {@code postconf} / {@code doveconf}: every setting of the platform's own
 * namespaces plus the framework settings an operator touches (listeners, datasource, gRPC, broker, logging), each with
 * its value and source. Secrets are redacted by name and credentials inside URLs are masked.
 */
public final class EffectiveSettings {

    /** application.properties inside the service's jar: values at or below it are the built-in defaults. */
    static final int BUILT_IN_ORDINAL = 250;
    static final String REDACTED = "<redacted>";

    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9._\\-\\[\\]\"]*");
    private static final Pattern SECRET = Pattern.compile("(?i).*(password|passwd|secret|token|credential|passphrase|private-key|api-key).*");
    private static final Pattern URL_USERINFO = Pattern.compile("(://)[^/@\\s]+@");
    private static final Pattern EXPRESSION = Pattern.compile("\\$\\{([^:}]+)");
    /** Framework settings shown although they live under quarkus.*: the ones deployments set. */
    private static final List<String> FRAMEWORK = List.of("quarkus.http.host", "quarkus.http.port", "quarkus.grpc.", "quarkus.datasource.",
            "quarkus.log.level", "quarkus.log.category.", "quarkus.log.console.json.enabled", "quarkus.otel.sdk.disabled",
            "quarkus.otel.exporter.otlp.endpoint", "quarkus.otel.exporter.otlp.traces.endpoint", "quarkus.shutdown-timeout",
            "quarkus.application.name", "quarkus.application.version", "quarkus.oidc.auth-server-url", "quarkus.flyway.migrate-at-start");
    /** JVM and library namespaces that system properties bring along; none of them is a platform setting. */
    private static final List<String> NOT_OURS = List.of("quarkus.", "smallrye.", "mp.", "java.", "javax.", "jdk.", "sun.", "os.", "user.",
            "file.", "line.", "path.", "awt.", "native.", "stdout.", "stderr.", "jboss.", "io.", "org.", "com.", "vertx.", "netty.",
            "platform.quarkus.", "socksnonproxyhosts", "http.", "https.", "ftp.", "jna.", "jansi.", "picocli.", "maven.", "surefire.",
            "basedir", "localrepository", "logging.", "junit.", "test.", "jetty.", "library.", "classworlds.", "guice.", "idea.", "intellij.");

    private EffectiveSettings() {
    }

    /** Every setting, sorted by name; with {@code changedOnly} only those an operator set (postconf -n). */
    public static List<Setting> of(SmallRyeConfig config, boolean changedOnly) {
        List<ConfigSource> sources = new ArrayList<>();
        config.getConfigSources().forEach(sources::add);
        // Names the service knows (its defaults, its application.properties, the operator's file); the environment and
        // system properties hold much else (PATH, JAVA_HOME, CI variables) that is not a setting of ours.
        Set<String> known = new HashSet<>();
        Set<String> outsiders = new TreeSet<>();
        for (ConfigSource s : sources) {
            (isEnvironmentOrSystem(s) ? outsiders : known).addAll(s.getPropertyNames());
        }
        Set<String> namespaces = new HashSet<>();
        for (String k : known) {
            namespaces.add(k.split("[.]", 2)[0]);
        }
        known.add(ConfigDirSource.DIR_PROPERTY); // read before the mappings exist, so no default names it
        Set<String> knownAsEnv = new HashSet<>();
        for (String k : known) {
            knownAsEnv.add(envName(k));
            // MAIL_DB_USER in ${MAIL_DB_USER:mail}: shown as the setting it feeds, not a second time as mail.db.user
            ConfigValue v = config.getConfigValue(k);
            if (v != null && v.getRawValue() != null && v.getRawValue().contains("${")) {
                Matcher m = EXPRESSION.matcher(v.getRawValue());
                while (m.find()) {
                    knownAsEnv.add(envName(m.group(1)));
                }
            }
        }
        TreeSet<String> names = new TreeSet<>();
        for (String n : known) {
            if (shown(n)) {
                names.add(n);
            }
        }
        for (String n : outsiders) {
            // A setting only the environment or a -D sets (an optional one with no default), under its dotted name, once.
            if (shown(n) && !known.contains(n) && namespaces.contains(n.split("[.]", 2)[0]) && !knownAsEnv.contains(envName(n))) {
                names.add(n);
            }
        }
        List<Setting> out = new ArrayList<>();
        for (String n : names) {
            ConfigValue v = config.getConfigValue(n);
            if (v == null || v.getValue() == null) {
                continue;
            }
            ConfigSource setBy = operatorSource(sources, n);
            boolean changed = setBy != null;
            String source = changed ? describe(setBy.getName()) : describe(v.getSourceName());
            String override = changed ? null : overridingReference(config, v);
            if (override != null) {
                changed = true;
                source = override + " (through " + source + ")";
            }
            if (!changedOnly || changed) {
                String builtIn = builtInDefault(sources, n);
                out.add(new Setting(n, redact(n, v.getValue()), source, changed, builtIn == null ? null : redact(n, builtIn)));
            }
        }
        return out;
    }

    /**
     * The highest source above the built-in defaults that sets {@code name}: the operator's file, the environment, a
     * system property. Quarkus's own bookkeeping sources (build-time values, the registry of bound ports) are not an
     * operator's change.
     */
    private static ConfigSource operatorSource(List<ConfigSource> sources, String name) {
        ConfigSource best = null;
        for (ConfigSource s : sources) {
            String n = s.getName();
            if (s.getOrdinal() <= BUILT_IN_ORDINAL || n.startsWith("BuildTime") || n.startsWith("ValueRegistry") || n.startsWith("Runtime Values")) {
                continue;
            }
            if (s.getValue(name) != null && (best == null || s.getOrdinal() > best.getOrdinal())) {
                best = s;
            }
        }
        return best;
    }

    /** The value the service would have with nothing set by the operator, as written in its source. */
    private static String builtInDefault(List<ConfigSource> sources, String name) {
        ConfigSource best = null;
        for (ConfigSource s : sources) {
            if (s.getOrdinal() <= BUILT_IN_ORDINAL && s.getValue(name) != null && (best == null || s.getOrdinal() > best.getOrdinal())) {
                best = s;
            }
        }
        return best == null ? null : best.getValue(name);
    }

    private static boolean isEnvironmentOrSystem(ConfigSource s) {
        String n = s.getName();
        return n.startsWith("EnvConfigSource") || n.startsWith("SysPropConfigSource")
                || n.equals("PropertiesConfigSource[source=EnvConfigSource]"); // the tests' stand-in for the environment
    }

    /** MicroProfile Config's environment spelling of a name (section "Environment Variables Mapping Rules"). */
    static String envName(String name) {
        return name.replaceAll("[^A-Za-z0-9]", "_").toUpperCase(java.util.Locale.ROOT);
    }

    static boolean shown(String name) {
        if (name.startsWith("%") || !NAME.matcher(name).matches()) {
            return false; // profile-specific variants and environment-variable spellings (shown under their dotted names)
        }
        if (name.startsWith("amqp-") || name.startsWith("mp.messaging.")) {
            return true;
        }
        for (String f : FRAMEWORK) {
            if (name.startsWith(f)) {
                return true;
            }
        }
        for (String p : NOT_OURS) {
            if (name.startsWith(p)) {
                return false;
            }
        }
        return name.indexOf('.') > 0;
    }

    /** SmallRye's source names, said the way an operator thinks of them. */
    static String describe(String sourceName) {
        if (sourceName == null) {
            return "unknown";
        }
        String s = sourceName.replaceFirst("^PropertiesConfigSource\\[source=(.*)\\]$", "$1");
        if (s.startsWith("EnvConfigSource")) {
            return "environment";
        }
        if (s.startsWith("SysPropConfigSource")) {
            return "system property";
        }
        if (s.startsWith("DefaultValuesConfigSource")) {
            return "default";
        }
        if (s.startsWith("jar:") || s.endsWith("!/application.properties")) {
            return "built-in application.properties";
        }
        return s;
    }

    static String redact(String name, String value) {
        if (SECRET.matcher(name.substring(name.lastIndexOf('.') + 1)).matches()) { // admin.token-issuer.issuer is no secret
            return value.isEmpty() ? "" : REDACTED;
        }
        return URL_USERINFO.matcher(value).replaceAll("$1" + REDACTED + "@");
    }

    /**
     * A built-in default written as {@code ${MAIL_TLS_CERT:}} is changed when the operator set the variable it refers
     * to: the value then comes from the environment although the source that holds the expression is the jar's.
     */
    private static String overridingReference(SmallRyeConfig config, ConfigValue v) {
        String raw = v.getRawValue();
        if (raw == null || !raw.contains("${")) {
            return null;
        }
        Matcher m = EXPRESSION.matcher(raw);
        while (m.find()) {
            ConfigValue ref = config.getConfigValue(m.group(1));
            if (ref != null && ref.getValue() != null && ref.getSourceOrdinal() > BUILT_IN_ORDINAL) {
                return describe(ref.getSourceName()) + " " + m.group(1);
            }
        }
        return null;
    }
}
