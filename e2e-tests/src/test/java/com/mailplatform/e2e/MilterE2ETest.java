package com.mailplatform.e2e;

import com.mailplatform.localstack.LocalStack;
import com.mailplatform.testsupport.DebianPackages;
import com.mailplatform.testsupport.OpendkimMilter;
import com.mailplatform.testsupport.RspamdMilter;
import com.mailplatform.testsupport.SharedInfra;
import com.mailplatform.testsupport.TcpRelay;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * smtp-ingress replicas with smtpd.milters: one in front of real rspamd (Debian's package, milter mode), one whose
 * milter is down until the test brings it back (a relay to the same rspamd on the configured address).
 */
class MilterE2ETest {

    static final int RSPAMD_SHIFT = 310;
    static final int FLAKY_SHIFT = 320;
    static final int STAGES_SHIFT = 330;
    static String stages;
    static Process stageMilter;
    static OpendkimMilter opendkim;
    static int stagesSubmission;
    static LocalStack stack;
    static RspamdMilter rspamd;
    static String withRspamd;
    static String flaky;
    static int flakyMilterPort;

    @BeforeAll
    static void start() throws Exception {
        stack = SharedStack.get();
        rspamd = RspamdMilter.start(SharedInfra.freePort());
        flakyMilterPort = SharedInfra.freePort();
        int smtp = stack.ports().smtp();
        withRspamd = stack.startReplica("smtp-ingress", RSPAMD_SHIFT, replica(smtp + RSPAMD_SHIFT, rspamd.port()));
        flaky = stack.startReplica("smtp-ingress", FLAKY_SHIFT, replica(smtp + FLAKY_SHIFT, flakyMilterPort));
        int stagePort = SharedInfra.freePort();
        stageMilter = startStageMilter(stagePort);
        opendkim = OpendkimMilter.start(SharedInfra.freePort(), SharedStack.USER.substring(SharedStack.USER.indexOf('@') + 1),
                "e2e");
        // a port from the stack's own range: a free port from the kernel lies in the ephemeral range, which the
        // launcher refuses (a loopback client could be given it as its source port and connect to itself)
        stagesSubmission = stack.ports().submission() + STAGES_SHIFT;
        Map<String, String> stagesConfig = new java.util.HashMap<>(replica(smtp + STAGES_SHIFT, stagePort));
        stagesConfig.put("smtpd.submission-port", String.valueOf(stagesSubmission));
        stagesConfig.put("smtpd.submission-milters[0]", "inet:127.0.0.1:" + opendkim.port());
        stages = stack.startReplica("smtp-ingress", STAGES_SHIFT, stagesConfig);
        stack.awaitReady(withRspamd);
        stack.awaitReady(flaky);
        stack.awaitReady(stages);
    }

    static Map<String, String> replica(int port, int milterPort) {
        return Map.of("smtpd.port", String.valueOf(port), "smtpd.submission-port", "0", "smtpd.submissions-port", "0",
                "smtpd.milters[0]", "inet:127.0.0.1:" + milterPort, "smtpd.milter-connect-timeout", "2s",
                "smtpd.milter-command-timeout", "10s");
    }

    /** stage_milter.py on Debian's libmilter binding (python3-milter), which lives in the Debian interpreter. */
    static Process startStageMilter(int port) throws Exception {
        DebianPackages.ensure("python3-milter", "python3-dkim");
        Process p = new ProcessBuilder("/usr/bin/python3", "src/test/python/stage_milter.py", String.valueOf(port))
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(
                        java.nio.file.Path.of("target", "stage-milter.log").toFile())).start();
        long deadline = System.nanoTime() + java.time.Duration.ofSeconds(30).toNanos();
        while (!RspamdMilter.listening(port)) {
            if (!p.isAlive() || System.nanoTime() > deadline) {
                throw new IllegalStateException("stage milter did not start; see target/stage-milter.log");
            }
            Thread.sleep(100);
        }
        return p;
    }

    @AfterAll
    static void stop() throws Exception {
        if (stack != null) {
            for (String replica : new String[]{withRspamd, flaky, stages}) {
                if (replica != null) {
                    stack.stopService(replica);
                }
            }
        }
        if (stageMilter != null) {
            stageMilter.destroy();
        }
        if (opendkim != null) {
            opendkim.close();
        }
        if (rspamd != null) {
            rspamd.close();
        }
    }

    static void python(int shift, String scenario) throws Exception {
        SharedStack.python("milter_e2e.py", Map.of("SMTP_PORT", String.valueOf(stack.ports().smtp() + shift),
                "SUBMISSION_PORT", String.valueOf(stagesSubmission),
                "DKIM_TXT", opendkim == null ? "" : opendkim.txtRecord(),
                "MAILLOG", stack.dataDir().resolve("logs").resolve(stages + ".log").toString()), scenario);
    }

    @Test
    void rspamdRejectsGtubeAndTagsCleanMail() throws Exception {
        python(RSPAMD_SHIFT, "rspamd");
    }

    @Test
    void milterAnswersEachStageAsTheClientTalks() throws Exception {
        python(STAGES_SHIFT, "stages");
    }

    @Test
    void discardedMessageIsAnswered250LoggedAndDropped() throws Exception {
        python(STAGES_SHIFT, "discard");
    }

    @Test
    void quarantinedMessageIsHeldUntilReleased() throws Exception {
        python(STAGES_SHIFT, "quarantine");
    }

    /** The milter behind the flaky replica's address dies mid-session and comes back; smtplib waits for each step. */
    @Test
    void milterKilledMidSessionGives451AndTheRetryPasses() throws Exception {
        TcpRelay[] relay = {new TcpRelay(flakyMilterPort, rspamd.port())};
        try {
            SharedStack.interactivePython("milter_e2e.py", Map.of("SMTP_PORT", String.valueOf(stack.ports().smtp() + FLAKY_SHIFT)),
                    line -> {
                        try {
                            if (line.equals("KILL")) {
                                relay[0].close();
                            } else if (line.equals("REVIVE")) {
                                relay[0] = new TcpRelay(flakyMilterPort, rspamd.port());
                            }
                        } catch (java.io.IOException e) {
                            throw new java.io.UncheckedIOException(e);
                        }
                    }, "killed");
        } finally {
            relay[0].close();
        }
    }

    @Test
    void opendkimSignsOnTheSubmissionListenerOnly() throws Exception {
        python(STAGES_SHIFT, "opendkim");
    }

    @Test
    void milterDownGives451AndTheRetryPassesOnceItIsBack() throws Exception {
        python(FLAKY_SHIFT, "down");
        // The milter is back on its address: a relay to the running rspamd.
        try (TcpRelay back = new TcpRelay(flakyMilterPort, rspamd.port())) {
            python(FLAKY_SHIFT, "back");
        }
    }

}
