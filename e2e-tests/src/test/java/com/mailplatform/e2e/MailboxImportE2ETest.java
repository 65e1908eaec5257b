package com.mailplatform.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.mailplatform.localstack.LocalStack;
import com.mailplatform.mailctl.ExitCodes;
import com.mailplatform.testsupport.DebianPackages;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * import (issue 17): {@code mailctl mailbox import|export} against the running platform. Sources are written by
 * Python's mailbox module (mbox as Postfix local + mutt leave it, Maildir++ with Dovecot's dovecot-keywords); what
 * arrived is checked over IMAP (folders, special use, flags, keywords, INTERNALDATE); running an import again adds
 * nothing; export then import into a fresh account gives the same messages byte for byte (mbox and Maildir); and
 * the platform's own IMAP server serves as an imapsync-style source.
 */
class MailboxImportE2ETest {

    static final String PASSWORD = "import-password-1";
    static LocalStack stack;

    @BeforeAll
    static void start() throws Exception {
        stack = SharedStack.get();
        AdminE2ETest.stack = stack; // AdminE2ETest.admin() runs mailctl against it, also when this class runs alone
    }

    private static String newAccount() {
        String address = "imp-" + UUID.randomUUID().toString().substring(0, 8) + "@" + SharedStack.DOMAIN;
        assertEquals(ExitCodes.OK, AdminE2ETest.admin("account", "create", address, "--password", PASSWORD).code());
        return address;
    }

    @Test
    void importReimportExportAndImapSource() throws Exception {
        Path dir = Files.createTempDirectory("mailbox-import");
        try {
            SharedStack.python("mailbox_import_e2e.py", Map.of(), "make_sources", dir.toString());
            String a = newAccount();
            AdminE2ETest.Run mbox = AdminE2ETest.admin("mailbox", "import", a, dir.resolve("spool").toString(), "--format", "mbox",
                    "--mbox-variant", "mboxo");
            assertEquals(ExitCodes.OK, mbox.code(), mbox.err());
            assertTrue(mbox.out().contains("messages 3, stored 3, skipped (already there) 0, errors 0"), mbox.out());
            AdminE2ETest.Run maildir = AdminE2ETest.admin("mailbox", "import", a, dir.resolve("Maildir").toString(), "--format", "maildir");
            assertEquals(ExitCodes.UNHEALTHY, maildir.code(), "the empty file is reported and skipped: " + maildir.err());
            assertTrue(maildir.out().contains("stored 4, skipped (already there) 0, errors 1"), maildir.out());
            assertTrue(maildir.err().contains("1700000000.broken.host:2,S: empty file"), maildir.err());
            SharedStack.python("mailbox_import_e2e.py", Map.of(), "check_imported", a, PASSWORD);

            // the same runs again add nothing
            AdminE2ETest.Run again = AdminE2ETest.admin("--json", "mailbox", "import", a, dir.resolve("spool").toString(), "--format", "mbox",
                    "--mbox-variant", "mboxo");
            assertTrue(again.out().contains("\"stored\" : 0") && again.out().contains("\"skipped\" : 3"), again.out());
            assertTrue(AdminE2ETest.admin("mailbox", "import", a, dir.resolve("Maildir").toString(), "--format", "maildir")
                    .out().contains("stored 0, skipped (already there) 4"));

            // export, then import into fresh accounts: the same messages, byte for byte
            for (String format : new String[] {"maildir", "mbox"}) {
                Path out = dir.resolve("export-" + format);
                AdminE2ETest.Run exported = AdminE2ETest.admin("mailbox", "export", a, out.toString(), "--format", format);
                assertEquals(ExitCodes.OK, exported.code(), exported.err());
                assertTrue(exported.out().contains("messages 7,"), exported.out());
                String b = newAccount();
                AdminE2ETest.Run back = AdminE2ETest.admin("mailbox", "import", b, out.toString(), "--format", format);
                assertEquals(ExitCodes.OK, back.code(), back.err());
                assertTrue(back.out().contains("stored 7,"), back.out());
                SharedStack.python("mailbox_import_e2e.py", Map.of(), "same", a, b, PASSWORD);
            }

            // a Maildir export imported with --keep-uids: the same UIDVALIDITY and UIDs (fresh folders allow it)
            String k = newAccount();
            AdminE2ETest.Run kept = AdminE2ETest.admin("mailbox", "import", k, dir.resolve("export-maildir").toString(), "--format", "maildir",
                    "--keep-uids");
            assertEquals(ExitCodes.OK, kept.code(), kept.err());
            SharedStack.python("mailbox_import_e2e.py", Map.of(), "same_uids", a, k, PASSWORD);

            // a Maildir written by Debian's Dovecot itself (doveadm save / flags)
            DebianPackages.ensure("dovecot-core");
            Path dovecot = dir.resolve("dovecot");
            Files.createDirectories(dovecot);
            // Dovecot writes the Maildir as user nobody: the temporary directory (0700) must let it through
            Files.setPosixFilePermissions(dir, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
            SharedStack.python("mailbox_import_e2e.py", Map.of(), "make_dovecot_maildir", dovecot.toString());
            String d = newAccount();
            AdminE2ETest.Run fromDovecot = AdminE2ETest.admin("mailbox", "import", d, dovecot.resolve("Maildir").toString(), "--format", "maildir");
            assertEquals(ExitCodes.OK, fromDovecot.code(), fromDovecot.err());
            assertTrue(fromDovecot.out().contains("stored 2,"), fromDovecot.out());
            SharedStack.python("mailbox_import_e2e.py", Map.of(), "check_dovecot", d, PASSWORD);

            // the platform's own IMAP server as the source of a live migration (STARTTLS, self-signed certificate)
            String c = newAccount();
            AdminE2ETest.Run imap = AdminE2ETest.admin("mailbox", "import", c, "--format", "imap", "--imap-host", "127.0.0.1",
                    "--imap-port", String.valueOf(stack.ports().imap()), "--imap-tls", "starttls", "--imap-insecure",
                    "--imap-user", a, "--imap-password", PASSWORD);
            assertEquals(ExitCodes.OK, imap.code(), imap.err());
            assertTrue(imap.out().contains("stored 7,"), imap.out());
            SharedStack.python("mailbox_import_e2e.py", Map.of(), "same", a, c, PASSWORD);
        } finally {
            SharedStack.deleteTree(dir);
        }
    }
}
