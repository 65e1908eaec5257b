package com.mailplatform.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.mailplatform.localstack.LocalStack;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The platform as processes (the local stack on another port offset), provisioned through the admin API and
 * driven by Python's smtplib and poplib.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PlatformE2ETest {

    static final int OFFSET = 20000;
    static final String USER = "e2e@e2e.test";
    static final String PASSWORD = "e2e-password-1";
    static LocalStack stack;

    @BeforeAll
    static void start() throws Exception {
        Path project = Path.of("..").toAbsolutePath().normalize();
        Path data = Path.of("target/e2e-data").toAbsolutePath();
        deleteTree(data);
        stack = new LocalStack(project, data, OFFSET);
        stack.start();
        assertEquals(201, stack.admin("POST", "/api/v1/domains", "{\"name\":\"e2e.test\"}"));
        assertEquals(201, stack.admin("POST", "/api/v1/accounts", "{\"address\":\"" + USER + "\",\"password\":\"" + PASSWORD + "\"}"));
        assertEquals(409, stack.admin("POST", "/api/v1/domains", "{\"name\":\"e2e.test\"}"));
    }

    @AfterAll
    static void stop() {
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    @Order(1)
    void messageTravelsFromSmtpToPop3ByteForByte() throws Exception {
        python("roundtrip");
    }

    @Test
    @Order(2)
    void pop3SessionRules() throws Exception {
        python("drop_keeps");
        python("in_use");
    }

    @Test
    @Order(3)
    void smtpRejectsWhatItMust() throws Exception {
        python("rejections");
        python("smuggling");
        python("pipelining");
    }

    @Test
    @Order(4)
    void mailSentWhileDeliveryIsDownArrivesLater() throws Exception {
        String subject = "outage " + UUID.randomUUID();
        stack.stopService("delivery-service");
        try {
            python("send", subject);
        } finally {
            stack.startService("delivery-service");
            stack.awaitReady("delivery-service");
        }
        python("await", subject);
    }

    @Test
    @Order(5)
    void storeDownMeansTemporaryFailure() throws Exception {
        stack.stopService("mailbox-store");
        try {
            python("expect_451");
        } finally {
            stack.startService("mailbox-store");
            stack.awaitReady("mailbox-store");
        }
        python("await_recovery");
        python("roundtrip");
    }

    static void python(String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("python3", "src/test/python/mailtest.py"));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().put("SMTP_PORT", String.valueOf(stack.ports().smtp()));
        pb.environment().put("POP3_PORT", String.valueOf(stack.ports().pop3()));
        pb.environment().put("MAIL_USER", USER);
        pb.environment().put("MAIL_PASSWORD", PASSWORD);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        int rc = p.waitFor();
        System.out.println("[python " + String.join(" ", args) + "]\n" + out);
        assertEquals(0, rc, "python scenario " + args[0] + " failed:\n" + out);
    }

    static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> s = Files.walk(dir)) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
