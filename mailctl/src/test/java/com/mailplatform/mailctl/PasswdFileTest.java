package com.mailplatform.mailctl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class PasswdFileTest {

    final List<PasswdFile.Problem> problems = new ArrayList<>();

    List<PasswdFile.Entry> read(String text, String domain) throws Exception {
        return PasswdFile.read(new BufferedReader(new StringReader(text)), domain, problems::add);
    }

    @Test
    void dovecotLinesBecomeAccountsAndBadLinesAreReportedWithTheirNumber() throws Exception {
        List<PasswdFile.Entry> entries = read("""
                # Dovecot passwd-file
                alice:{SHA512-CRYPT}$6$9ygOmNyOmFGLlx3z$MRii:1000:1000::/home/alice::userdb_quota_rule=*:storage=50M
                Bob@Example.Test:{BLF-CRYPT}$2y$05$Pz5p:::::
                carol:$6$legacy$hash
                nohash:
                mallory@other.test:{PLAIN}x
                just-a-name

                dave:{ARGON2ID}$argon2id$v=19$m=65536,t=3,p=1$s$h:1:1::/h::quota_rule=*:storage=1G userdb_mail=maildir:~/Maildir
                """, "example.test");
        assertEquals(List.of("alice@example.test", "bob@example.test", "carol@example.test", "dave@example.test"),
                entries.stream().map(PasswdFile.Entry::address).toList());
        assertEquals("{SHA512-CRYPT}$6$9ygOmNyOmFGLlx3z$MRii", entries.get(0).passwordHash());
        assertEquals(50L << 20, entries.get(0).quotaBytes());
        assertEquals(0, entries.get(1).quotaBytes());
        assertEquals("{CRYPT}$6$legacy$hash", entries.get(2).passwordHash(), "passwd-file's default scheme is CRYPT");
        assertEquals(1L << 30, entries.get(3).quotaBytes());
        assertEquals(List.of(5, 6, 7), problems.stream().map(PasswdFile.Problem::line).toList());
        assertTrue(problems.get(1).message().contains("not in domain example.test"));
        assertTrue(entries.get(0).toString().indexOf('$') < 0, "a hash never reaches a log line");
    }

    @Test
    void bareNamesNeedADomainAndLimitsHold() throws Exception {
        assertEquals(List.of(), read("alice:{SHA}x\n", null));
        assertTrue(problems.get(0).message().contains("--domain"));
        problems.clear();
        String huge = "a:" + "x".repeat(PasswdFile.MAX_LINE_CHARS * 3) + "\nb@x.test:{SHA}y";
        List<PasswdFile.Entry> entries = read(huge, null);
        assertEquals(1, problems.size());
        assertEquals(1, problems.get(0).line());
        assertEquals(List.of("b@x.test"), entries.stream().map(PasswdFile.Entry::address).toList(), "the next line is read");
        problems.clear();
        StringBuilder many = new StringBuilder();
        for (int i = 0; i <= PasswdFile.MAX_ENTRIES; i++) {
            many.append("u").append(i).append(":{SHA}x\n");
        }
        assertEquals(PasswdFile.MAX_ENTRIES, read(many.toString(), "x.test").size());
        assertTrue(problems.get(0).message().startsWith("more than"));
        problems.clear();
        assertEquals(List.of(), read("a:{SHA}x:1:1::/h::quota_rule=*:storage=99999999999999T\n", "x.test"));
        assertTrue(problems.get(0).message().contains("too large"));
    }
}
