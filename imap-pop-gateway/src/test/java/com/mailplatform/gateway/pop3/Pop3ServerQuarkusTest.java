package com.mailplatform.gateway.pop3;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * The application boots, binds POP3 from its configuration and reports ready. Never authenticates, so it needs no
 * mailbox-store (the gRPC channel connects lazily).
 */
@QuarkusTest
class Pop3ServerQuarkusTest {

    @Inject
    Pop3Server server;

    @Inject
    Pop3Config config;

    @Test
    void configurationDefaults() {
        assertEquals("127.0.0.1", config.host());
        assertFalse(config.allowPlaintextAuth(), "plaintext USER/PASS is off unless an operator turns it on");
        assertEquals(600, config.idleTimeout().toSeconds());
        assertEquals(600, config.maildropLease().toSeconds());
        assertEquals(3, config.maxAuthFailures());
        assertEquals(60, config.loginTimeout().toSeconds());
        assertEquals(20, config.maxConnectionsPerIp());
    }

    @Test
    void greetsAndAnswersWithoutTheStore() throws Exception {
        assertTrue(server.actualPort() > 0);
        try (Socket s = new Socket("127.0.0.1", server.actualPort())) {
            s.setSoTimeout(10_000);
            BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.US_ASCII));
            OutputStream out = s.getOutputStream();
            assertEquals("+OK POP3 server ready imap-pop-gateway", in.readLine());
            out.write("CAPA\r\nSTAT\r\nQUIT\r\n".getBytes(StandardCharsets.US_ASCII));
            assertEquals("+OK capability list follows", in.readLine());
            String line;
            StringBuilder caps = new StringBuilder();
            while (!(line = in.readLine()).equals(".")) {
                caps.append(line).append('\n');
            }
            assertTrue(caps.toString().contains("PIPELINING\n"));
            assertEquals("-ERR command not valid in this state", in.readLine());
            assertEquals("+OK POP3 server signing off", in.readLine());
        }
    }

    @Test
    void healthAndMetrics() {
        given().when().get("/q/health/ready").then().statusCode(200)
                .body("checks.find { it.name == 'pop3' }.status", equalTo("UP"));
        given().when().get("/q/metrics").then().statusCode(200).body(containsString("mail_pop3_sessions_active"));
    }
}
