package com.mailplatform.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.mailplatform.localstack.LocalStack;
import com.mailplatform.mailctl.ExitCodes;
import com.mailplatform.mailctl.Mailctl;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * admin-api and mailctl against the running platform: REST with Python's urllib, mail with smtplib/poplib,
 * and the CLI (in this JVM, through its real HTTP client) with its tables, --json and exit codes.
 */
class AdminE2ETest {

    static LocalStack stack;

    @BeforeAll
    static void start() throws Exception {
        stack = SharedStack.get();
    }

    record Run(int code, String out, String err) {
    }

    static Run mailctl(String token, String... args) {
        return mailctlAt("http://127.0.0.1:" + stack.ports().adminHttp(), token, args);
    }

    static Run mailctlAt(String url, String token, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        List<String> all = new ArrayList<>(List.of("--url", url, "--token", token));
        all.addAll(List.of(args));
        int code = Mailctl.run(new PrintWriter(out), new PrintWriter(err), all.toArray(String[]::new));
        System.out.println("[mailctl " + String.join(" ", args) + "] -> " + code + "\n" + out + err);
        return new Run(code, out.toString(), err.toString());
    }

    static Run admin(String... args) {
        return mailctl(stack.adminToken(), args);
    }

    @Test
    void aliasMadeThroughTheApiReceivesMail() throws Exception {
        SharedStack.python("admin_e2e.py", Map.of(), "alias_delivery");
    }

    @Test
    void rolesAuditAndValidation() throws Exception {
        SharedStack.python("admin_e2e.py", Map.of(), "roles_and_audit");
        SharedStack.python("admin_e2e.py", Map.of(), "bad_input");
    }

    @Test
    void cliManagesDomainsAccountsAndAliases() {
        String alias = "cli-" + UUID.randomUUID().toString().substring(0, 8) + "@" + SharedStack.DOMAIN;
        Run created = admin("alias", "create", alias, SharedStack.USER);
        assertEquals(ExitCodes.OK, created.code());
        assertTrue(created.out().contains(alias), created.out());
        Run listed = admin("alias", "list", "--domain", SharedStack.DOMAIN, "--limit", "1000");
        assertEquals(0, listed.code());
        assertTrue(listed.out().startsWith("ALIAS"), "a table with a header: " + listed.out());
        assertTrue(listed.out().contains(alias + "  " + SharedStack.USER) || listed.out().matches("(?s).*" + alias + " +" + SharedStack.USER + ".*"));
        Run json = admin("--json", "alias", "expand", alias);
        assertTrue(json.out().contains("\"recipients\"") && json.out().contains(SharedStack.USER), json.out());
        assertEquals(ExitCodes.CONFLICT, admin("alias", "create", alias, SharedStack.USER).code());
        assertEquals(ExitCodes.OK, admin("alias", "delete", alias).code());
        assertEquals(ExitCodes.NOT_FOUND, admin("alias", "delete", alias).code());

        assertEquals(ExitCodes.INVALID, admin("alias", "create", "bad..x@" + SharedStack.DOMAIN, SharedStack.USER).code());
        assertEquals(ExitCodes.NOT_FOUND, admin("account", "show", "nobody-" + UUID.randomUUID() + "@" + SharedStack.DOMAIN).code());
        assertEquals(ExitCodes.CONFLICT, admin("domain", "create", SharedStack.DOMAIN).code());
        Run show = admin("account", "show", SharedStack.USER);
        assertEquals(0, show.code());
        assertTrue(show.out().contains("effective quota"), show.out());
        Run domains = admin("--json", "domain", "list");
        assertTrue(domains.out().contains("\"" + SharedStack.DOMAIN + "\""), domains.out());
        assertEquals(0, admin("domain", "usage", SharedStack.DOMAIN).code());
        assertEquals(ExitCodes.USAGE, admin("queue", "frobnicate").code());
    }

    @Test
    void cliRolesAndExitCodes() {
        Run issued = admin("token", "issue", "e2e-cli-viewer", "--role", "viewer");
        assertEquals(0, issued.code());
        String viewer = issued.out().strip();
        assertEquals(0, mailctl(viewer, "account", "list").code());
        assertEquals(ExitCodes.AUTH, mailctl(viewer, "account", "delete", SharedStack.USER).code());
        assertEquals(ExitCodes.AUTH, mailctl("wrong-token", "domain", "list").code());
        Run down = mailctlAt("http://127.0.0.1:1", stack.adminToken(), "status");
        assertEquals(ExitCodes.UNAVAILABLE, down.code());
        Run audit = admin("audit", "list", "--target", "e2e-cli-viewer");
        assertTrue(audit.out().contains("token.issue"), audit.out());
    }

    @Test
    void cliStatusAndProbe() {
        Run status = admin("status");
        assertEquals(ExitCodes.OK, status.code(), "every component UP");
        for (String c : LocalStack.SERVICES) {
            assertTrue(status.out().contains(c), status.out());
        }
        Run probe = admin("probe", "127.0.0.1:" + stack.ports().smtp());
        assertEquals(ExitCodes.OK, probe.code());
        assertTrue(probe.out().contains("< 220 "), "the banner: " + probe.out());
        assertTrue(probe.out().contains("STARTTLS"), "EHLO capabilities: " + probe.out());
        assertTrue(probe.out().contains("TLS TLSv1."), "STARTTLS completed: " + probe.out());
        assertTrue(probe.out().contains("trusted: false"), "the self-signed certificate is reported untrusted: " + probe.out());
        Run json = admin("--json", "probe", "127.0.0.1:" + stack.ports().smtp());
        assertTrue(json.out().contains("\"subjectAltNames\""), json.out());
        Run closed = admin("probe", "127.0.0.1:1");
        assertEquals(ExitCodes.UNHEALTHY, closed.code());
        assertEquals(ExitCodes.INVALID, admin("probe", "bad_host!:25").code());
    }

    @Test
    void cliQueueLogAndRoute() {
        Run queue = admin("queue", "list");
        assertEquals(ExitCodes.OK, queue.code(), queue.err());
        assertTrue(queue.out().startsWith("QUEUE ID"), queue.out());
        assertEquals(ExitCodes.NOT_FOUND, admin("queue", "show", "NOSUCHID123").code());
        assertEquals(ExitCodes.NOT_FOUND, admin("queue", "hold", "NOSUCHID123").code());
        assertEquals(ExitCodes.NOT_FOUND, admin("queue", "delete", "NOSUCHID123").code());
        assertEquals(ExitCodes.INVALID, admin("queue", "retry", "bad id!").code());
        assertEquals(ExitCodes.INVALID, admin("queue", "list", "--status", "frozen").code());
        Run log = admin("log", "search", "--recipient", SharedStack.USER);
        assertEquals(ExitCodes.OK, log.code(), log.err());
        Run route = admin("--json", "route", SharedStack.DOMAIN);
        assertEquals(ExitCodes.OK, route.code(), route.err());
        assertTrue(route.out().contains("\"kind\""), route.out());
        assertEquals(ExitCodes.INVALID, admin("route", "not_a_domain!").code());
    }
}
