package com.mailplatform.smtp.milter;

import com.mailplatform.smtp.Listener;
import com.mailplatform.smtp.SmtpConfig;
import java.time.Duration;
import java.util.List;

/** The smtpd.milter* settings, checked once at start-up. {@code submissionMilters} serve 587 and 465. */
public record MilterSettings(List<MilterAddress> milters, List<MilterAddress> submissionMilters, String defaultAction,
                             Duration connectTimeout, Duration commandTimeout, Duration contentTimeout, String myhostname) {

    public MilterSettings {
        MilterFilter.defaultVerdict(defaultAction);
        milters = List.copyOf(milters);
        submissionMilters = List.copyOf(submissionMilters);
    }

    /** The same milters on every listener. */
    public MilterSettings(List<MilterAddress> milters, String defaultAction, Duration connectTimeout,
                          Duration commandTimeout, Duration contentTimeout, String myhostname) {
        this(milters, milters, defaultAction, connectTimeout, commandTimeout, contentTimeout, myhostname);
    }

    public static MilterSettings of(SmtpConfig c) {
        List<MilterAddress> all = parse(c.milters().orElse(List.of()));
        List<MilterAddress> submission = c.submissionMilters().map(MilterSettings::parse).orElse(all);
        return new MilterSettings(all, submission, c.milterDefaultAction(), c.milterConnectTimeout(),
                c.milterCommandTimeout(), c.milterContentTimeout(), c.myhostname());
    }

    private static List<MilterAddress> parse(List<String> list) {
        return list.stream().filter(s -> !s.isBlank() && !s.strip().equalsIgnoreCase("none"))
                .map(MilterAddress::parse).toList();
    }

    /** The milters of one listener (its Postfix service name). */
    public List<MilterAddress> of(String listener) {
        return Listener.MTA.serviceName().equals(listener) || listener == null ? milters : submissionMilters;
    }
}
