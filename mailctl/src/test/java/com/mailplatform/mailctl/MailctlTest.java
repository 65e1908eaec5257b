package com.mailplatform.mailctl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Without a server: tables, exit codes of failures that need no API. The API paths are in e2e-tests. */
class MailctlTest {

    @Test
    void tablesAlignAndNeutraliseControlCharacters() throws Exception {
        JsonNode rows = Api.JSON.readTree("[{\"a\":\"x\",\"b\":[\"1\",\"2\"]},{\"a\":\"longer\\u001b[31m\",\"b\":null}]");
        String t = Table.render(List.of(Table.col("A", "a"), Table.col("B", "b")), rows);
        assertEquals("A            B\nx            1, 2\nlonger?[31m  -\n", t);
    }

    @Test
    void pathsThroughArraysCollectEveryElement() throws Exception {
        JsonNode entry = Api.JSON.readTree("{\"recipients\":[{\"recipient\":\"a@x.test\"},{\"recipient\":\"b@x.test\"}]}");
        assertEquals("a@x.test, b@x.test", Table.text(Table.at(entry, "recipients.recipient")));
    }

    @Test
    void httpStatusesMapToDocumentedExitCodes() {
        assertEquals(ExitCodes.INVALID, ExitCodes.forHttpStatus(400));
        assertEquals(ExitCodes.NOT_FOUND, ExitCodes.forHttpStatus(404));
        assertEquals(ExitCodes.CONFLICT, ExitCodes.forHttpStatus(409));
        assertEquals(ExitCodes.AUTH, ExitCodes.forHttpStatus(401));
        assertEquals(ExitCodes.AUTH, ExitCodes.forHttpStatus(403));
        assertEquals(ExitCodes.UNAVAILABLE, ExitCodes.forHttpStatus(503));
        assertEquals(ExitCodes.FAILURE, ExitCodes.forHttpStatus(500));
    }

    @Test
    void missingTokenUnreachableServerAndBadUsage() {
        assertEquals(ExitCodes.AUTH, run("--url", "http://127.0.0.1:1", "domain", "list"));
        assertEquals(ExitCodes.UNAVAILABLE, run("--url", "http://127.0.0.1:1", "--token", "t", "domain", "list"));
        assertEquals(ExitCodes.USAGE, run("--token", "t", "alias", "create", "only-one-arg@example.test"));
        assertEquals(ExitCodes.USAGE, run("nonsense"));
        StringWriter out = new StringWriter();
        assertEquals(0, Mailctl.run(new PrintWriter(out), new PrintWriter(new StringWriter()), "--help"));
        assertTrue(out.toString().contains("Exit codes:"), out.toString());
    }

    @Test
    void dkimRecordsPrintAsZoneFileStringsOfAtMost255() throws Exception {
        String p = "A".repeat(392);
        JsonNode key = Api.JSON.readTree("{\"selector\":\"s202611r\",\"algorithm\":\"rsa-sha256\",\"active\":true,"
                + "\"dnsName\":\"s202611r._domainkey.example.test\",\"txtRecord\":\"v=DKIM1; k=rsa; p=" + p + "\"}");
        String out = Commands.Dkim.record(key);
        String txt = "v=DKIM1; k=rsa; p=" + p;
        assertTrue(out.contains("publish    s202611r._domainkey.example.test. IN TXT ( \"" + txt.substring(0, 255) + "\" \""
                + txt.substring(255) + "\" )"), out);
        assertEquals(ExitCodes.USAGE, run("--token", "t", "dkim", "create", "example.test"));
    }

    @Test
    void sizesTakeTheUnitsOperatorsWrite() {
        assertEquals(52428800L, ByteSize.parse("50M"));
        assertEquals(2147483648L, ByteSize.parse("2G"));
        assertEquals(2147483648L, ByteSize.parse("2GiB"));
        assertEquals(1536L, ByteSize.parse("1.5k"));
        assertEquals(0L, ByteSize.parse("0"));
        assertEquals(123L, ByteSize.parse("123"));
        for (String bad : new String[] {"-1", "50X", "", "1.0000001", "9999999999999999999T", "1e9", "50 MB extra"}) {
            assertThrows(picocli.CommandLine.TypeConversionException.class, () -> ByteSize.parse(bad), bad);
        }
        // On the command line a bad size is a usage error, not "'50M' is not a long".
        StringWriter err = new StringWriter();
        assertEquals(ExitCodes.USAGE, Mailctl.run(new PrintWriter(new StringWriter()), new PrintWriter(err), "--token", "t",
                "account", "quota", "a@example.test", "50Q"));
        assertTrue(err.toString().contains("is not a size"), err.toString());
    }

    @Test
    void everySubcommandTakesHelp() {
        for (String[] args : new String[][] {{"queue", "--help"}, {"queue", "hold", "--help"}, {"account", "create", "-h"},
                {"config", "show", "--help"}}) {
            StringWriter out = new StringWriter();
            assertEquals(0, Mailctl.run(new PrintWriter(out), new PrintWriter(new StringWriter()), args), String.join(" ", args));
            assertTrue(out.toString().startsWith("Usage: mailctl " + args[0]), out.toString());
        }
    }

    @Test
    void connectionSettingsComeFromOptionsThenEnvironmentThenConfigFile(@org.junit.jupiter.api.io.TempDir java.nio.file.Path home)
            throws Exception {
        java.nio.file.Path file = home.resolve(".config/mailctl/config");
        java.nio.file.Files.createDirectories(file.getParent());
        java.nio.file.Files.writeString(file, "url=https://admin.example.com\ntoken-file=/run/secrets/token\n");
        Mailctl fromFile = parse(new CliDefaults(java.util.Map.of(), home), "status");
        assertEquals("https://admin.example.com", fromFile.url);
        assertEquals(java.nio.file.Path.of("/run/secrets/token"), fromFile.tokenFile);
        Mailctl fromEnv = parse(new CliDefaults(java.util.Map.of("MAILCTL_URL", "http://env:8080", "MAILCTL_TOKEN", "t1"), home), "status");
        assertEquals("http://env:8080", fromEnv.url);
        assertEquals("t1", fromEnv.token);
        Mailctl fromOption = parse(new CliDefaults(java.util.Map.of("MAILCTL_URL", "http://env:8080"), home), "--url", "http://opt", "status");
        assertEquals("http://opt", fromOption.url);
        Mailctl nothing = parse(new CliDefaults(java.util.Map.of(), home.resolve("elsewhere")), "status");
        assertEquals(CliDefaults.DEFAULT_URL, nothing.url);
        // MAILCTL_CONFIG names another file.
        java.nio.file.Path other = home.resolve("other.conf");
        java.nio.file.Files.writeString(other, "url=http://other\n");
        assertEquals("http://other", parse(new CliDefaults(java.util.Map.of("MAILCTL_CONFIG", other.toString()), home), "status").url);
    }

    private static Mailctl parse(CliDefaults defaults, String... args) {
        picocli.CommandLine cl = Mailctl.commandLine(defaults);
        cl.parseArgs(args);
        return cl.getCommand();
    }

    @Test
    void aRefusedProbeSaysSoAndNothingElse() throws Exception {
        JsonNode refused = Api.JSON.readTree("{\"host\":\"127.0.0.1\",\"port\":9,\"address\":\"127.0.0.1\",\"connectMillis\":-1,"
                + "\"ehlo\":[],\"starttlsOffered\":false,\"error\":\"Connection refused\"}");
        assertEquals("cannot connect to 127.0.0.1[127.0.0.1]:9: Connection refused\n", Commands.Probe.human(refused));
    }

    @Test
    void optionsOfSubcommandsStillReachTheirMethods() {
        // the inherited help options must not shift a method command's parameters (it once passed [false, false])
        StringWriter err = new StringWriter();
        assertEquals(ExitCodes.UNAVAILABLE, Mailctl.run(new PrintWriter(new StringWriter()), new PrintWriter(err), "--url",
                "http://127.0.0.1:1", "--token", "t", "config", "show", "--changed", "--component", "smtp-ingress"));
        assertTrue(!err.toString().contains("unexpected"), err.toString());
    }

    @Test
    void configShowPrintsPostconfLines() throws Exception {
        JsonNode r = Api.JSON.readTree("{\"components\":[{\"component\":\"smtp-ingress\",\"settings\":["
                + "{\"name\":\"smtpd.myhostname\",\"value\":\"mx.example.com\",\"source\":\"environment\",\"changed\":true},"
                + "{\"name\":\"smtpd.banner\",\"value\":\"\",\"source\":\"default\",\"changed\":false}],\"error\":null},"
                + "{\"component\":\"imap-pop-gateway\",\"settings\":[],\"error\":\"unreachable: ConnectException\"}]}");
        assertEquals("# smtp-ingress\nsmtpd.myhostname = mx.example.com    # environment\nsmtpd.banner = \n\n"
                + "# imap-pop-gateway\n#   error: unreachable: ConnectException\n\n", ConfigCommand.human(r));
    }

    private static int run(String... args) {
        return Mailctl.run(new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter()), args);
    }
}
