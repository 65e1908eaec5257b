package com.mailplatform.smtp.milter;

import com.mailplatform.smtp.SmtpConfig;
import java.time.Duration;
import java.util.List;

/** The smtpd.milter* settings, checked once at start-up. */
public record MilterSettings(List<MilterAddress> milters, String defaultAction, Duration connectTimeout,
                             Duration commandTimeout, Duration contentTimeout, String myhostname) {

    public MilterSettings {
        MilterFilter.defaultVerdict(defaultAction);
        milters = List.copyOf(milters);
    }

    public static MilterSettings of(SmtpConfig c) {
        return new MilterSettings(c.milters().orElse(List.of()).stream().filter(s -> !s.isBlank())
                .map(MilterAddress::parse).toList(), c.milterDefaultAction(), c.milterConnectTimeout(),
                c.milterCommandTimeout(), c.milterContentTimeout(), c.myhostname());
    }
}
