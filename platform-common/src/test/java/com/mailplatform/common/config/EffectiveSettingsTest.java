package com.mailplatform.common.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EffectiveSettingsTest {

    @TempDir
    Path dir;

    private SmallRyeConfig config(Map<String, String> builtIn, Map<String, String> env) {
        Map<String, String> jar = new java.util.HashMap<>(builtIn);
        jar.put("quarkus.application.name", "smtp-ingress");
        Map<String, String> environment = new java.util.HashMap<>(env);
        environment.put(ConfigDirSource.DIR_PROPERTY, dir.toString());
        return new SmallRyeConfigBuilder().addDefaultInterceptors()
                .withSources(new PropertiesConfigSource(jar, "application.properties", 250))
                .withSources(new PropertiesConfigSource(environment, "EnvConfigSource", 300))
                .withSources(new ConfigDirSource())
                .build();
    }

    private static Map<String, Setting> byName(List<Setting> settings) {
        return settings.stream().collect(Collectors.toMap(Setting::name, s -> s));
    }

    @Test
    void theConfigDirFileOverridesBuiltInsAndTheEnvironmentOverridesIt() throws IOException {
        Files.writeString(dir.resolve("smtp-ingress.properties"), "smtpd.myhostname=mx.example.com\nsmtpd.relayhost=[relay.example.com]:587\n");
        SmallRyeConfig c = config(Map.of("smtpd.myhostname", "localhost", "smtpd.relayhost", "", "smtpd.banner", "ESMTP"),
                Map.of("smtpd.relayhost", "[other.example.com]"));
        Map<String, Setting> all = byName(EffectiveSettings.of(c, false));
        assertEquals("mx.example.com", all.get("smtpd.myhostname").value());
        assertEquals("file " + dir.resolve("smtp-ingress.properties"), all.get("smtpd.myhostname").source());
        assertTrue(all.get("smtpd.myhostname").changed());
        assertEquals("[other.example.com]", all.get("smtpd.relayhost").value());
        assertEquals("environment", all.get("smtpd.relayhost").source());
        assertFalse(all.get("smtpd.banner").changed());
        assertEquals("localhost", all.get("smtpd.myhostname").defaultValue(), "the built-in default is kept beside the value");

        List<String> changed = EffectiveSettings.of(c, true).stream().map(Setting::name).toList();
        assertEquals(List.of("mail.config-dir", "smtpd.myhostname", "smtpd.relayhost"), changed);
    }

    @Test
    void aDefaultThatReadsAnEnvironmentVariableCountsAsChangedWhenTheVariableIsSet() {
        SmallRyeConfig c = config(Map.of("smtpd.tls-cert-file", "${MAIL_TLS_CERT:}", "smtpd.tls-key-file", "${MAIL_TLS_KEY:}"),
                Map.of("MAIL_TLS_CERT", "/etc/mail/tls/tls.crt"));
        Map<String, Setting> all = byName(EffectiveSettings.of(c, false));
        assertEquals("/etc/mail/tls/tls.crt", all.get("smtpd.tls-cert-file").value());
        assertTrue(all.get("smtpd.tls-cert-file").changed());
        assertTrue(all.get("smtpd.tls-cert-file").source().startsWith("environment MAIL_TLS_CERT"));
        assertFalse(all.containsKey("MAIL_TLS_CERT"), "environment spellings are not listed twice");
    }

    @Test
    void secretsAndUrlCredentialsAreRedacted() {
        SmallRyeConfig c = config(Map.of("amqp-password", "s3cret", "quarkus.datasource.password", "pw", "admin.bootstrap-token", "t",
                "quarkus.datasource.reactive.url", "postgresql://mail:pw@db:5432/mail", "smtpd.relay-password", ""), Map.of());
        Map<String, Setting> all = byName(EffectiveSettings.of(c, false));
        assertEquals(EffectiveSettings.REDACTED, all.get("amqp-password").value());
        assertEquals(EffectiveSettings.REDACTED, all.get("quarkus.datasource.password").value());
        assertEquals(EffectiveSettings.REDACTED, all.get("admin.bootstrap-token").value());
        assertEquals("postgresql://" + EffectiveSettings.REDACTED + "@db:5432/mail", all.get("quarkus.datasource.reactive.url").value());
        assertEquals("", all.get("smtpd.relay-password").value(), "an unset secret shows as unset");
        assertEquals(EffectiveSettings.REDACTED, all.get("quarkus.datasource.password").defaultValue(), "defaults are redacted too");
        assertEquals("https://issuer.example", byName(EffectiveSettings.of(config(Map.of("admin.token-issuer.issuer", "https://issuer.example"),
                Map.of()), false)).get("admin.token-issuer.issuer").value(), "a name with 'token' in a group is no secret");
    }

    @Test
    void theEnvironmentShowsOnlyWhatBelongsToTheServicesNamespaces() {
        SmallRyeConfig c = config(Map.of("smtpd.banner", "ESMTP", "smtpd.max-line", "1000"),
                Map.of("aws.ca.bundle", "/etc/ssl/x", "smtpd.relayhost", "[relay.example.com]", "smtpd.max.line", "2000"));
        Map<String, Setting> all = byName(EffectiveSettings.of(c, false));
        assertFalse(all.containsKey("aws.ca.bundle"), "another program's variable");
        assertTrue(all.containsKey("smtpd.relayhost"), "an optional setting only the environment sets");
        assertFalse(all.containsKey("smtpd.max.line"), "SMTPD_MAX_LINE is shown once, as smtpd.max-line");
    }

    @Test
    void sourcesAreNamedAsOperatorsKnowThem() {
        assertEquals("built-in application.properties",
                EffectiveSettings.describe("PropertiesConfigSource[source=jar:file:///deployments/app/smtp-ingress.jar!/application.properties]"));
        assertEquals("environment", EffectiveSettings.describe("EnvConfigSource"));
        assertEquals("default", EffectiveSettings.describe("DefaultValuesConfigSource"));
        assertEquals("/srv/config/application.properties",
                EffectiveSettings.describe("PropertiesConfigSource[source=/srv/config/application.properties]"));
    }

    @Test
    void jvmAndFrameworkInternalsAreNotListed() {
        assertFalse(EffectiveSettings.shown("java.version"));
        assertFalse(EffectiveSettings.shown("quarkus.arc.remove-unused-beans"));
        assertFalse(EffectiveSettings.shown("%test.smtpd.port"));
        assertFalse(EffectiveSettings.shown("SMTPD_PORT"));
        assertTrue(EffectiveSettings.shown("quarkus.http.port"));
        assertTrue(EffectiveSettings.shown("amqp-host"));
        assertTrue(EffectiveSettings.shown("smtpd.mynetworks"));
    }

    @Test
    void anOversizedOrBrokenFileStopsTheStart() throws IOException {
        Path big = dir.resolve("big.properties");
        Files.write(big, new byte[(int) ConfigDirSource.MAX_BYTES + 1]);
        assertThrows(IllegalStateException.class, () -> ConfigDirSource.load(big));
        Path broken = dir.resolve("broken.properties");
        Files.writeString(broken, "smtpd.banner=\\uZZZZ\n");
        assertThrows(IllegalStateException.class, () -> ConfigDirSource.load(broken));
        assertTrue(ConfigDirSource.load(dir.resolve("missing.properties")).isEmpty());
    }
}
