package com.mailplatform.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.mailplatform.localstack.LocalStack;
import com.mailplatform.mailctl.ExitCodes;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The effective configuration (postconf / doveconf for the platform): {@code mailctl config show} through admin-api
 * and every service's /q/mail-config, the operator's settings file in the config directory, redaction, roles, and
 * docs/settings.md naming every setting the running services report.
 */
class ConfigE2ETest {

    static LocalStack stack;

    @BeforeAll
    static void start() throws Exception {
        stack = SharedStack.get();
        AdminE2ETest.stack = stack; // its mailctl helpers, whichever class runs first
    }

    @Test
    void configShowListsWhatTheOperatorChangedWithSourcesAndNoSecrets() {
        AdminE2ETest.Run r = AdminE2ETest.admin("config", "show", "--changed");
        assertEquals(ExitCodes.OK, r.code(), r.err());
        for (String component : List.of("admin-api", "smtp-ingress", "delivery-service", "mailbox-store", "imap-pop-gateway")) {
            assertTrue(r.out().contains("# " + component + "\n"), component + " in\n" + r.out());
        }
        assertTrue(r.out().contains("smtpd.port = " + stack.ports().smtp() + "    # system property"), r.out());
        assertTrue(r.out().contains("admin.api-token = <redacted>"), r.out());
        assertTrue(r.out().contains("quarkus.datasource.password = <redacted>"), r.out());
        assertFalse(r.out().contains(stack.adminToken()), "the admin token must not be printed");
        assertFalse(r.out().contains("smtpd.hard-error-limit"), "--changed leaves the defaults out");

        AdminE2ETest.Run all = AdminE2ETest.admin("config", "show", "--component", "smtp-ingress");
        assertEquals(ExitCodes.OK, all.code());
        assertTrue(all.out().contains("smtpd.hard-error-limit = 20\n"), all.out());
        assertFalse(all.out().contains("# delivery-service"), all.out());
        assertEquals(ExitCodes.NOT_FOUND, AdminE2ETest.admin("config", "show", "--component", "no-such-thing").code());
    }

    @Test
    void onlyAdminsReadTheConfigurationAndBadParametersAre400() throws Exception {
        AdminE2ETest.Run issued = AdminE2ETest.admin("token", "issue", "config-viewer", "--role", "operator");
        assertEquals(ExitCodes.OK, issued.code(), issued.err());
        assertEquals(ExitCodes.AUTH, AdminE2ETest.mailctl(issued.out().strip(), "config", "show").code());
        HttpResponse<String> bad = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + stack.ports().adminHttp() + "/api/v1/config?changed=maybe"))
                .header("Authorization", "Bearer " + stack.adminToken()).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(400, bad.statusCode(), bad.body());
        assertTrue(bad.headers().firstValue("Content-Type").orElse("").startsWith("application/problem+json"), bad.headers().toString());
    }

    @Test
    void theServicesSettingsFileOverridesItsDefaultsAfterARestart() throws Exception {
        Path file = stack.dataDir().resolve("config").resolve("imap-pop-gateway.properties");
        Files.writeString(file, "# like main.cf\nanvil.max-entries = 100001\n");
        try {
            stack.kill("imap-pop-gateway");
            stack.awaitHealthy("imap-pop-gateway", Duration.ofSeconds(90));
            AdminE2ETest.Run r = AdminE2ETest.admin("config", "show", "--changed", "--component", "imap-pop-gateway");
            assertEquals(ExitCodes.OK, r.code(), r.err());
            assertTrue(r.out().contains("anvil.max-entries = 100001    # file " + file), r.out());
        } finally {
            Files.delete(file);
        }
    }

    @Test
    void docsSettingsTableNamesEverySettingTheServicesReport() throws Exception {
        Path table = Path.of("..").toAbsolutePath().normalize().resolve("docs/settings.md");
        String doc = Files.readString(table);
        AdminE2ETest.Run r = AdminE2ETest.admin("--json", "config", "show");
        assertEquals(ExitCodes.OK, r.code(), r.err());
        List<String> missing = new ArrayList<>();
        for (JsonNode c : new ObjectMapper().readTree(r.out()).path("components")) {
            for (JsonNode s : c.path("settings")) {
                String key = pattern(s.path("name").asText());
                if (!doc.contains("| `" + key + "` |")) {
                    missing.add(c.path("component").asText() + ": " + key);
                }
            }
        }
        assertTrue(missing.isEmpty(), "docs/settings.md lacks " + missing + "; regenerate it with python3 docs/settings_table.py");
    }

    /** docs/settings_table.py's pattern(): list indexes dropped, map keys of the operator's own replaced. */
    static String pattern(String name) {
        return name.replaceAll("\\[\\d+\\]", "")
                .replaceAll("^(admin\\.status\\.components)\\..*", "$1.<component>")
                .replaceAll("^(quarkus\\.log\\.category)\\.(\"[^\"]*\"|[^.]*)\\.", "$1.<category>.");
    }
}
