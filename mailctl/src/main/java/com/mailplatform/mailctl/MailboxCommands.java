package com.mailplatform.mailctl;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.mailplatform.mailctl.transfer.ExportRun;
import com.mailplatform.mailctl.transfer.ImapSource;
import com.mailplatform.mailctl.transfer.ImportRun;
import com.mailplatform.mailctl.transfer.Limits;
import com.mailplatform.mailctl.transfer.MailSource;
import com.mailplatform.mailctl.transfer.MaildirSource;
import com.mailplatform.mailctl.transfer.MboxReader;
import com.mailplatform.mailctl.transfer.MboxSource;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneId;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** import (issue 17): {@code mailctl mailbox import|export} (README "Moving mail in and out"). */
@Command(name = "mailbox", mixinStandardHelpOptions = true, description = "Import and export an account's mail (mbox, Maildir, IMAP source)")
final class MailboxCommands {

    @ParentCommand
    Mailctl root;

    enum Format { mbox, maildir, imap }

    @Command(name = "import", mixinStandardHelpOptions = true, description = "Import mail into an account; running it again adds nothing twice. "
            + "Exit code 8 when some messages were skipped as bad (they are listed).")
    int importMail(@Parameters(paramLabel = "ADDRESS") String address,
                   @Parameters(paramLabel = "SOURCE", arity = "0..1", description = "mbox file or directory, Maildir root; none for --format imap")
                   Path source,
                   @Option(names = "--format", required = true, description = "mbox, maildir or imap") Format format,
                   @Option(names = "--folder", defaultValue = "INBOX", description = "target folder of a single mbox file (default INBOX)")
                   String folder,
                   @Option(names = "--mbox-variant", defaultValue = "mboxrd", description = "mboxrd (default) or mboxo: how \">From \" lines were quoted")
                   String variant,
                   @Option(names = "--timezone", defaultValue = "UTC", description = "zone of mbox \"From \" line dates without one (default UTC)")
                   String zone,
                   @Option(names = "--batch-messages", defaultValue = "200", description = "messages per request (default 200)") int batchMessages,
                   @Option(names = "--batch-bytes", defaultValue = "4194304", description = "bytes per request (default 4 MiB)") long batchBytes,
                   @Option(names = "--max-message-size", defaultValue = "52428800", description = "larger messages are skipped (default 50 MiB)")
                   long maxMessage,
                   @Option(names = "--imap-host") String imapHost,
                   @Option(names = "--imap-port", defaultValue = "993") int imapPort,
                   @Option(names = "--imap-tls", defaultValue = "implicit", description = "implicit (993), starttls or none") String imapTls,
                   @Option(names = "--imap-user") String imapUser,
                   @Option(names = "--imap-password", defaultValue = "${env:MAILCTL_IMAP_PASSWORD}",
                           description = "or env MAILCTL_IMAP_PASSWORD") String imapPassword,
                   @Option(names = "--imap-insecure", description = "accept any TLS certificate of the source (tests only)") boolean insecure,
                   @Option(names = "--keep-uids", description = "Maildir: keep dovecot-uidlist's UIDs and UIDVALIDITY where the target "
                           + "folder allows (a new folder: all; else those above its UIDNEXT)") boolean keepUids)
            throws IOException {
        Limits limits = Limits.DEFAULTS.withMaxMessageBytes(maxMessage);
        if (batchMessages < 1 || batchMessages > 1000 || batchBytes < 1) {
            throw new ApiException(ExitCodes.USAGE, "--batch-messages must be 1..1000 and --batch-bytes positive");
        }
        MailSource src = switch (format) {
            case mbox -> new MboxSource(need(source), folder, "mboxo".equalsIgnoreCase(variant) ? MboxReader.Variant.MBOXO : MboxReader.Variant.MBOXRD,
                    ZoneId.of(zone), limits);
            case maildir -> new MaildirSource(need(source), limits, keepUids);
            case imap -> {
                if (imapHost == null || imapUser == null || imapPassword == null) {
                    throw new ApiException(ExitCodes.USAGE, "--format imap needs --imap-host, --imap-user and --imap-password (or MAILCTL_IMAP_PASSWORD)");
                }
                yield new ImapSource(imapHost, imapPort, ImapSource.Tls.of(imapTls), imapUser, imapPassword, insecure, limits);
            }
        };
        ImportRun.Summary s;
        try (src) {
            s = new ImportRun(root.api(), address, batchMessages, batchBytes, err(), Clock.systemUTC()).run(src);
        }
        print(s, "imported into " + address);
        return s.errors == 0 ? ExitCodes.OK : ExitCodes.UNHEALTHY;
    }

    @Command(name = "export", mixinStandardHelpOptions = true, description = "Export an account's mail as mboxrd or a Dovecot Maildir")
    int export(@Parameters(paramLabel = "ADDRESS") String address,
               @Parameters(paramLabel = "TARGET", description = "mbox file (with --folder) or directory; Maildir root") Path target,
               @Option(names = "--format", required = true, description = "mbox or maildir") Format format,
               @Option(names = "--folder", description = "only this folder") String folder) throws IOException {
        if (format == Format.imap) {
            throw new ApiException(ExitCodes.USAGE, "export writes mbox or maildir");
        }
        ImportRun.Summary s = new ExportRun(root.api(), address, err(), Clock.systemUTC())
                .run(format == Format.mbox ? ExportRun.Format.MBOX : ExportRun.Format.MAILDIR, target, folder);
        print(s, "exported from " + address);
        return s.errors == 0 ? ExitCodes.OK : ExitCodes.UNHEALTHY;
    }

    private static Path need(Path source) {
        if (source == null) {
            throw new ApiException(ExitCodes.USAGE, "SOURCE (a file or directory) is required for this format");
        }
        return source;
    }

    private PrintWriter err() {
        return root.spec.commandLine().getErr();
    }

    private void print(ImportRun.Summary s, String what) {
        if (root.json) {
            try {
                root.out().println(Api.JSON.writerWithDefaultPrettyPrinter().writeValueAsString(s.asMap()));
            } catch (JsonProcessingException e) {
                throw new IllegalStateException(e);
            }
        } else {
            root.out().printf("%s: messages %d, stored %d, skipped (already there) %d, errors %d, bytes %d, %.1f s, %.1f messages/s%n", what,
                    s.messages, s.stored, s.duplicates, s.errors, s.bytes, s.millis / 1000.0, s.rate());
        }
        root.out().flush();
    }
}
