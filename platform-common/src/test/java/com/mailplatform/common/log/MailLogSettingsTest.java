package com.mailplatform.common.log;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.net.URL;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.jboss.logmanager.ExtLogRecord;
import org.junit.jupiter.api.Test;

/** The one switch (mail.log.format) and the MDC fields of a mail-log record. */
class MailLogSettingsTest {

    private static SmallRyeConfig config(Map<String, String> overrides) throws Exception {
        URL defaults = MailLogSettingsTest.class.getResource("/META-INF/microprofile-config.properties");
        return new SmallRyeConfigBuilder().addDefaultInterceptors()
                .withSources(new PropertiesConfigSource(defaults, 100))
                .withSources(new PropertiesConfigSource(overrides, "test", 300))
                .build();
    }

    @Test
    void textByDefaultWithTheMailLogInSyslogShape() throws Exception {
        SmallRyeConfig c = config(Map.of());
        assertEquals("false", c.getRawValue("quarkus.log.console.json.enabled"));
        assertEquals("ALL", c.getRawValue("quarkus.log.handler.console.\"MAILLOG\".level"));
        assertEquals("false", c.getRawValue("quarkus.log.category.\"maillog\".use-parent-handlers"));
        assertEquals("MAILLOG", c.getRawValue("quarkus.log.category.\"maillog\".handlers"));
        assertTrue(c.getRawValue("quarkus.log.handler.console.\"MAILLOG\".format").contains("%h %c{1}[%i]: %s"));
    }

    @Test
    void oneSettingSwitchesEverythingToJson() throws Exception {
        SmallRyeConfig c = config(Map.of("mail.log.format", "json"));
        assertEquals("true", c.getRawValue("quarkus.log.console.json.enabled"));
        assertEquals("OFF", c.getRawValue("quarkus.log.handler.console.\"MAILLOG\".level"));
        assertEquals("true", c.getRawValue("quarkus.log.category.\"maillog\".use-parent-handlers"));
    }

    @Test
    void theFieldsAreInThatRecordsMdc() {
        List<String> seen = new ArrayList<>();
        Logger jul = Logger.getLogger("maillog.postfix/test");
        Handler h = new Handler() {
            @Override
            public void publish(LogRecord r) {
                ExtLogRecord e = (ExtLogRecord) r;
                seen.add(r.getLoggerName() + " " + r.getMessage() + " " + e.getMdc("queueId") + " " + e.getMdc("clientIp") + " "
                        + e.getMdc("user") + " " + e.getMdc("sessionId"));
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        jul.addHandler(h);
        try {
            MailLogWriter.of("postfix/test").log(new MailLogWriter.Fields("Q1", null, "192.0.2.1", "u@e.test"), "Q1: removed");
        } finally {
            jul.removeHandler(h);
        }
        assertEquals(List.of("maillog.postfix/test Q1: removed Q1 192.0.2.1 u@e.test null"), seen);
        assertNull(org.jboss.logmanager.MDC.get("queueId"), "nothing left in the thread's MDC");
    }
}
