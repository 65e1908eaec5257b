package com.mailplatform.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.mailplatform.localstack.LocalStack;
import com.mailplatform.mailctl.ExitCodes;
import com.mailplatform.mailctl.Mailctl;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Accounts moved in from Dovecot (a {SHA512-CRYPT} hash through the API, a passwd-file through mailctl) log in over
 * IMAP and POP3 and get their hash upgraded; RCPT refuses a full mailbox (452 4.2.2) and a disabled account
 * (550 5.2.1); and docs/backup.md's restore brings back mail deleted after the backup. Scenarios in accounts_e2e.py.
 */
class AccountsE2ETest {

    static LocalStack stack;

    @BeforeAll
    static void start() throws Exception {
        stack = SharedStack.get();
    }

    static String python(String... args) throws Exception {
        return SharedStack.python("accounts_e2e.py", Map.of("PG_PORT", String.valueOf(stack.ports().postgres())), args);
    }

    record Run(int code, String out) {
    }

    static Run mailctl(String... args) {
        StringWriter out = new StringWriter();
        List<String> all = new java.util.ArrayList<>(List.of("--url", "http://127.0.0.1:" + stack.ports().adminHttp(),
                "--token", stack.adminToken()));
        all.addAll(List.of(args));
        int code = Mailctl.run(new PrintWriter(out), new PrintWriter(out), all.toArray(String[]::new));
        System.out.println("[mailctl " + String.join(" ", args) + "] -> " + code + "\n" + out);
        return new Run(code, out.toString());
    }

    @Test
    void dovecotHashLogsInOverImapAndPop3AndIsUpgraded() throws Exception {
        python("dovecot_hash");
    }

    @Test
    void passwdFileImport() throws Exception {
        String id = UUID.randomUUID().toString().substring(0, 8);
        String a = "imp1-" + id;
        String b = "imp2-" + id + "@" + SharedStack.DOMAIN;
        // doveadm pw -s SHA512-CRYPT -p secret; doveadm pw -s BLF-CRYPT -p secret
        String sha512 = "{SHA512-CRYPT}$6$9ygOmNyOmFGLlx3z$MRiizZLmJNPxoOfOiiCfKf7nABKCIDrdEp8/rVjjJ2aMeAM9K9hIlhHLJUvU8Yvd9Kz5fQtFh4I0CdEbOOeyi1";
        String bcrypt = "{BLF-CRYPT}$2y$05$Pz5ppVtpmDfbheiTuLaaZeYBYVCeJVpYaZzldjKJNoDwlkbxjyKF2";
        Path file = Files.createTempFile("passwd", ".txt");
        Files.writeString(file, String.join("\n",
                "# moved from Dovecot",
                a + ":" + sha512 + ":1000:1000::/home/" + a + "::userdb_quota_rule=*:storage=10M",
                b + ":" + bcrypt + ":1001:1001::/home/imp2::",
                "imp3-" + id + ":" + sha512.replace("$6$", "$6$rounds=999999999$") + ":1002:1002::/home/imp3::",
                "a line without a password field",
                "imp4-" + id + "@elsewhere.test:" + bcrypt,
                ""), StandardCharsets.UTF_8);
        Run run = mailctl("account", "import-passwd", file.toString(), "--domain", SharedStack.DOMAIN);
        assertEquals(ExitCodes.INVALID, run.code(), "some lines were refused");
        assertTrue(run.out().contains("created 2, updated 0, existing (skipped) 0, errors 3"), run.out());
        assertTrue(run.out().contains("line 4: imp3-" + id + "@" + SharedStack.DOMAIN + ": ") && run.out().contains("max-crypt-rounds"), run.out());
        assertTrue(run.out().contains("line 5: ") && run.out().contains("line 6: "), run.out());
        Run show = mailctl("--json", "account", "show", a + "@" + SharedStack.DOMAIN);
        assertTrue(show.out().contains("\"quotaBytes\" : 10485760"), "the quota rule came along: " + show.out());

        python("imported", a + "@" + SharedStack.DOMAIN + "," + b, "secret,secret");

        Run again = mailctl("account", "import-passwd", file.toString(), "--domain", SharedStack.DOMAIN);
        assertTrue(again.out().contains("created 0, updated 0, existing (skipped) 2, errors 3"), "re-running adds nothing: " + again.out());
        Run update = mailctl("account", "import-passwd", file.toString(), "--domain", SharedStack.DOMAIN, "--update");
        assertTrue(update.out().contains("created 0, updated 2"), update.out());
        assertEquals(ExitCodes.OK, mailctl("account", "create", "imp5-" + id + "@" + SharedStack.DOMAIN, "--password-hash", bcrypt).code());
    }

    @Test
    void fullMailboxGets452AtRcpt() throws Exception {
        python("over_quota");
    }

    @Test
    void disabledAccountGets521AtRcpt() throws Exception {
        python("disabled");
    }

    /**
     * docs/backup.md, file-system level: stop PostgreSQL, copy its data directory, start it again; after a loss,
     * stop the writers and the server, put the copy back, start them: the mail deleted after the backup is there.
     */
    @Test
    void backupRestoredBringsBackTheMail() throws Exception {
        String id = UUID.randomUUID().toString().substring(0, 8);
        String address = "backup-" + id + "@" + SharedStack.DOMAIN;
        String subject = "keep " + id;
        python("backup_prepare", address, subject);

        Path data = stack.dataDir().resolve("postgres");
        Path backup = Files.createTempDirectory("pg-backup");
        stack.stopService(LocalStack.POSTGRES);
        try {
            sh("cp", "-a", data + "/.", backup.toString());
        } finally {
            stack.startService(LocalStack.POSTGRES);
            stack.awaitReady(LocalStack.POSTGRES);
        }
        stack.awaitReady("mailbox-store");

        python("disaster", address);

        List<String> writers = List.of("delivery-service", "mailbox-store");
        for (String s : writers) {
            stack.stopService(s);
        }
        stack.stopService(LocalStack.POSTGRES);
        sh("find", data.toString(), "-mindepth", "1", "-delete");
        sh("cp", "-a", backup + "/.", data.toString());
        stack.startService(LocalStack.POSTGRES);
        stack.awaitReady(LocalStack.POSTGRES);
        for (String s : List.of("mailbox-store", "delivery-service")) {
            stack.startService(s);
            stack.awaitReady(s);
        }
        sh("rm", "-rf", backup.toString());

        python("backup_check", address, subject);
    }

    private static void sh(String... cmd) throws Exception {
        Process p = new ProcessBuilder(cmd).inheritIO().start();
        assertTrue(p.waitFor(120, TimeUnit.SECONDS) && p.exitValue() == 0, String.join(" ", cmd));
    }
}
