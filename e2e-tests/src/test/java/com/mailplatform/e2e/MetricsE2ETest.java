package com.mailplatform.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.mailplatform.localstack.LocalStack;
import com.mailplatform.testsupport.DebianPackages;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Metrics end to end: every service's /q/metrics before and after real mail flows (metrics_e2e.py), and the
 * monitoring shipped in k8s/monitoring: the alert rules load and their unit tests pass in Debian's promtool, the
 * PrometheusRule carries the same rules, and every metric the dashboard and the rules query is one the services
 * export.
 */
class MetricsE2ETest {

    static final Path MONITORING = Path.of("..", "k8s", "monitoring");
    static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    static final ObjectMapper JSON = new ObjectMapper();
    /** Counters whose labels come with the event (a DNSBL zone, a milter stage): absent until it happens once. */
    static final Set<String> CREATED_ON_FIRST_EVENT = Set.of("mail_smtp_dnsbl_lookups_total", "mail_smtp_spf_results_total",
            "mail_smtp_dkim_results_total", "mail_smtp_dmarc_results_total", "mail_smtp_milter_responses_total");

    @Test
    void seriesMoveWhenMailFlowsAndTheDashboardQueriesExportedSeries() throws Exception {
        Map<String, String> env = env(SharedStack.get());
        SharedStack.python("metrics_e2e.py", env, "flows");

        Path names = Files.createTempFile("metric-names", ".txt");
        try {
            SharedStack.python("metrics_e2e.py", env, "names", names.toAbsolutePath().toString());
            Set<String> exported = new TreeSet<>(Files.readAllLines(names));
            Set<String> queried = new TreeSet<>();
            for (JsonNode expr : JSON.readTree(MONITORING.resolve("mail-platform-dashboard.json").toFile()).findValues("expr")) {
                queried.addAll(metricNames(expr.asText()));
            }
            for (JsonNode expr : YAML.readTree(MONITORING.resolve("mail-platform.rules.yml").toFile()).findValues("expr")) {
                queried.addAll(metricNames(expr.asText()));
            }
            assertTrue(queried.size() > 20, "the dashboard and rules query the mail_* series: " + queried);
            List<String> missing = new ArrayList<>();
            for (String name : queried) {
                if (exported.contains(name) || name.equals("up")) {
                    continue;
                }
                if (CREATED_ON_FIRST_EVENT.contains(name) && declaredInSource(name)) {
                    continue;
                }
                missing.add(name);
            }
            assertEquals(List.of(), missing, "queried by k8s/monitoring but exported by no service");
        } finally {
            Files.deleteIfExists(names);
        }
    }

    /**
     * Traces are on in the e2e stack (SharedStack, exporting to an in-process OTLP receiver): the spans of one
     * message in smtp-ingress, delivery-service and mailbox-store carry its queue id and belong to one trace.
     */
    @Test
    void aMessagesSpansShareOneTraceAndCarryItsQueueId() throws Exception {
        OtlpReceiver receiver = SharedStack.traces();
        String out = SharedStack.python("metrics_e2e.py", env(SharedStack.get()), "send");
        Matcher queued = Pattern.compile("QUEUED (\\S+)").matcher(out);
        assertTrue(queued.find(), out);
        String queueId = queued.group(1);
        Set<String> services = Set.of("smtp-ingress", "delivery-service", "mailbox-store");
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(30);
        List<OtlpReceiver.ReceivedSpan> mine;
        while (true) {
            mine = receiver.spans().stream().filter(s -> queueId.equals(s.attributes().get("mail.queue_id"))).toList();
            if (mine.stream().map(OtlpReceiver.ReceivedSpan::service).collect(java.util.stream.Collectors.toSet()).containsAll(services)
                    || System.nanoTime() > deadline) {
                break;
            }
            Thread.sleep(200);  // the exporters send every 100 ms; nothing here can be told when
        }
        System.out.println("spans of " + queueId + ": " + mine);
        assertEquals(services, mine.stream().map(OtlpReceiver.ReceivedSpan::service).collect(java.util.stream.Collectors.toSet()),
                "every service a message passes has a span with its queue id");
        assertEquals(1, mine.stream().map(OtlpReceiver.ReceivedSpan::traceId).distinct().count(),
                "one trace id for the message: " + mine);
        String trace = mine.get(0).traceId();
        // the AMQP hop is in the same trace: smtp-ingress' send and delivery-service's receive spans
        List<OtlpReceiver.ReceivedSpan> inTrace = receiver.spans().stream().filter(s -> s.traceId().equals(trace)).toList();
        assertTrue(inTrace.stream().anyMatch(s -> s.service().equals("delivery-service") && s.name().contains("mail-inbound")),
                "delivery-service's AMQP receive span is in the trace: " + inTrace);
    }

    static Map<String, String> env(LocalStack stack) {
        var p = stack.ports();
        String urls = String.join(",",
                "smtp-ingress=http://127.0.0.1:" + p.smtpHttp() + "/q/metrics",
                "delivery-service=http://127.0.0.1:" + p.deliveryHttp() + "/q/metrics",
                "mailbox-store=http://127.0.0.1:" + p.storeHttp() + "/q/metrics",
                "imap-pop-gateway=http://127.0.0.1:" + p.gatewayHttp() + "/q/metrics",
                "admin-api=http://127.0.0.1:" + p.adminHttp() + "/q/metrics");
        return Map.of("METRICS_URLS", urls, "SUBMISSION_PORT", String.valueOf(p.submission()),
                "IMAPS_PORT", String.valueOf(p.imaps()));
    }

    @Test
    void alertRulesLoadAndFireInPromtool() throws Exception {
        DebianPackages.ensure("prometheus");
        String checked = run(MONITORING, "promtool", "check", "rules", "mail-platform.rules.yml");
        assertTrue(checked.contains("SUCCESS"), checked);
        String tested = run(MONITORING, "promtool", "test", "rules", "tests/alerts_test.yml");
        assertTrue(tested.contains("SUCCESS"), tested);
        // one set of rules in two wrappers: the PrometheusRule's spec is the plain file
        JsonNode plain = YAML.readTree(MONITORING.resolve("mail-platform.rules.yml").toFile());
        JsonNode rule = YAML.readTree(MONITORING.resolve("prometheusrule.yaml").toFile());
        assertEquals("PrometheusRule", rule.path("kind").asText());
        assertEquals(plain, rule.path("spec"), "prometheusrule.yaml's spec differs from mail-platform.rules.yml");
    }

    /** The metric names in a PromQL expression: label matchers and strings removed, then the mail_* identifiers. */
    static Set<String> metricNames(String promql) {
        String bare = promql.replaceAll("\"[^\"]*\"", "\"\"").replaceAll("\\{[^}]*}", "");
        Set<String> out = new TreeSet<>();
        Matcher m = Pattern.compile("\\b(mail_[a-z0-9_]+|up)\\b").matcher(bare);
        while (m.find()) {
            out.add(m.group(1));
        }
        return out;
    }

    /** A counter mail_x_y_total is registered in some service as "mail.x.y". */
    static boolean declaredInSource(String name) throws IOException {
        String dotted = "\"" + name.replaceAll("_total$", "").replace('_', '.') + "\"";
        try (Stream<Path> files = Files.walk(Path.of(".."))) {
            return files.filter(f -> f.toString().endsWith(".java") && f.toString().contains("/src/main/java/"))
                    .anyMatch(f -> {
                        try {
                            return Files.readString(f, StandardCharsets.UTF_8).contains(dotted);
                        } catch (IOException e) {
                            return false;
                        }
                    });
        }
    }

    static String run(Path dir, String... command) throws Exception {
        Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        int rc = p.waitFor();
        System.out.println("[" + String.join(" ", command) + "] -> " + rc + "\n" + out);
        assertEquals(0, rc, String.join(" ", command) + " failed:\n" + out);
        return out;
    }
}
