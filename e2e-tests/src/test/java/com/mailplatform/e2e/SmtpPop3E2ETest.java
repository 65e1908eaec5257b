package com.mailplatform.e2e;

import com.mailplatform.localstack.LocalStack;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/** SMTP in, POP3 out: the walking skeleton's promises, checked with Python's smtplib and poplib. */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SmtpPop3E2ETest {

    static LocalStack stack;

    @BeforeAll
    static void start() throws Exception {
        stack = SharedStack.get();
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

    @Test
    @Order(6)
    void acceptedMailSurvivesABrokerRestartAndBrokerDownMeans451() throws Exception {
        String queued = "before-broker-restart " + UUID.randomUUID();
        stack.stopService("delivery-service");
        try {
            python("send", queued);
            stack.stopBroker();
            try {
                python("expect_451_at_data");
            } finally {
                stack.startBroker();
            }
        } finally {
            stack.startService("delivery-service");
            stack.awaitReady("delivery-service");
        }
        python("await_recovery");
        python("await", queued);
    }

    static void python(String... args) throws Exception {
        SharedStack.python("mailtest.py", Map.of(), args);
    }
}
