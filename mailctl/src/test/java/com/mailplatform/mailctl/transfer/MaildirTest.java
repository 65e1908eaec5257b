package com.mailplatform.mailctl.transfer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MaildirTest {

    @TempDir
    Path root;

    private void file(String path, String content, long mtime) throws IOException {
        Path p = root.resolve(path);
        Files.createDirectories(p.getParent());
        Files.writeString(p, content, StandardCharsets.UTF_8);
        Files.setLastModifiedTime(p, FileTime.fromMillis(mtime));
    }

    private void maildir(String dir) throws IOException {
        for (String s : List.of("cur", "new", "tmp")) {
            Files.createDirectories(root.resolve(dir).resolve(s));
        }
    }

    static List<SourceMessage> all(MailSource src, SourceFolder f) throws IOException {
        List<SourceMessage> out = new ArrayList<>();
        src.messages(f).forEachRemaining(out::add);
        return out;
    }

    @Test
    void readsDovecotsLayoutWithFlagsKeywordsFoldersAndUidOrder() throws IOException {
        maildir(".");
        maildir(".Sent");
        maildir(".Foo.Bar");
        maildir(".Entw&APw-rfe");
        maildir("." + "a.".repeat(20) + "deep");
        Files.createDirectories(root.resolve(".NotAMaildir"));
        Files.writeString(root.resolve("dovecot-keywords"), "0 $Label1\n1 Work\nbroken line\n");
        Files.writeString(root.resolve("dovecot-uidlist"), "3 V1700000000 N3 G0123\n2 :1700000002.M2P1.host\n1 :1700000009.M9P1.host\n");
        file("cur/1700000002.M2P1.host,S=20:2,RSb", "Subject: second\n\nB\n", 1_700_000_002_000L);
        file("cur/1700000009.M9P1.host,S=20:2,FPa", "Subject: first\n\nA\n", 1_700_000_009_000L);
        file("new/1700000010.M1P1.host", "Subject: new\n\nC\n", 1_700_000_010_000L);
        file("tmp/1700000011.M1P1.host", "half a delivery", 1_700_000_011_000L);
        file(".Sent/cur/1700000003.M3P1.host:2,S", "Subject: sent\n\nS\n", 1_700_000_003_000L);
        file(".Foo.Bar/new/x", "", 0);

        List<String> skipped = new ArrayList<>();
        MaildirSource src = new MaildirSource(root, Limits.DEFAULTS);
        List<SourceFolder> folders = src.folders(skipped);
        assertEquals(List.of("INBOX", "Entw\u00fcrfe", "Foo/Bar", "Sent"), folders.stream().map(SourceFolder::name).toList());
        assertEquals("\\Sent", folders.get(3).specialUse());
        assertEquals(1, skipped.size(), skipped.toString());

        List<SourceMessage> inbox = all(src, folders.get(0));
        assertEquals(List.of("Subject: first\r\n\r\nA\r\n", "Subject: second\r\n\r\nB\r\n", "Subject: new\r\n\r\nC\r\n"),
                inbox.stream().map(m -> new String(m.content(), StandardCharsets.UTF_8)).toList(), "uidlist order, then new/; tmp/ never");
        assertEquals(Set.of("\\Flagged", "$Forwarded", "$Label1"), inbox.get(0).flags());
        assertEquals(Set.of("\\Answered", "\\Seen", "Work"), inbox.get(1).flags());
        assertEquals(Set.of(), inbox.get(2).flags());
        assertEquals(1_700_000_009_000L, inbox.get(0).internalDateMillis());
        List<SourceMessage> foo = all(src, folders.get(2));
        assertFalse(foo.get(0).ok(), "an empty file is reported");

        // --keep-uids: dovecot-uidlist's UIDs and UIDVALIDITY go along (none for a file it does not list)
        MaildirSource keeping = new MaildirSource(root, Limits.DEFAULTS, true);
        SourceFolder keptInbox = keeping.folders(new ArrayList<>()).get(0);
        assertEquals(1_700_000_000L, keptInbox.uidvalidity());
        assertEquals(List.of(1L, 2L, 0L), all(keeping, keptInbox).stream().map(SourceMessage::uid).toList());
        assertEquals(0, folders.get(0).uidvalidity(), "not without --keep-uids");
    }

    @Test
    void writerThenSourceGivesTheSameMessages() throws IOException {
        byte[] a = "Subject: a\r\n\r\nbody a\r\n".getBytes(StandardCharsets.UTF_8);
        byte[] b = "Subject: b\r\n\r\nbody b\r\n".getBytes(StandardCharsets.UTF_8);
        try (MaildirWriter inbox = new MaildirWriter(root, "INBOX", 42)) {
            inbox.write(b, Set.of("\\Seen", "Work", "$Label1"), 1_700_000_100_000L, 7);
            inbox.write(a, Set.of("\\Answered", "\\Draft", "\\Deleted", "$Forwarded", "\\Flagged"), 1_700_000_200_000L, 9);
        }
        try (MaildirWriter sub = new MaildirWriter(root, "Projekte/Entw\u00fcrfe", 43)) {
            sub.write(a, Set.of(), 1_700_000_300_000L, 1);
        }
        assertTrue(Files.isDirectory(root.resolve(".Projekte.Entw&APw-rfe/cur")));
        MaildirSource src = new MaildirSource(root, Limits.DEFAULTS);
        List<SourceFolder> folders = src.folders(new ArrayList<>());
        assertEquals(List.of("INBOX", "Projekte/Entw\u00fcrfe"), folders.stream().map(SourceFolder::name).toList());
        List<SourceMessage> inbox = all(src, folders.get(0));
        assertArrayEquals(b, inbox.get(0).content());
        assertEquals(Set.of("\\Seen", "Work", "$Label1"), inbox.get(0).flags());
        assertEquals(1_700_000_100_000L, inbox.get(0).internalDateMillis());
        assertArrayEquals(a, inbox.get(1).content());
        assertEquals(Set.of("\\Answered", "\\Draft", "\\Deleted", "$Forwarded", "\\Flagged"), inbox.get(1).flags());
        assertArrayEquals(a, all(src, folders.get(1)).get(0).content());
    }

    @Test
    void hostileNamesAndCounts() throws IOException {
        maildir(".");
        maildir(".&Jjo-bad&");
        maildir("..dots");
        for (int i = 0; i < 5; i++) {
            file("cur/" + i + ".M1P1.h:2,S", "Subject: " + i + "\n\nx\n", 1000L * (i + 1));
        }
        file("cur/big.M1P1.h:2,", "x".repeat(5000), 1000);
        List<String> skipped = new ArrayList<>();
        MaildirSource src = new MaildirSource(root, new Limits(4096, 1000, 255, 16, 10, 4));
        List<SourceFolder> folders = src.folders(skipped);
        assertEquals(List.of("INBOX"), folders.stream().map(SourceFolder::name).toList());
        assertEquals(2, skipped.size(), skipped.toString());
        List<SourceMessage> ms = all(src, folders.get(0));
        assertEquals(4 + 1, ms.size(), "four files and one 'too many files' report");
        assertTrue(ms.stream().anyMatch(m -> !m.ok() && m.error().contains("more than 4 files")));
    }

    @Test
    void modifiedUtf7() {
        assertEquals("Entw\u00fcrfe", FolderNames.decodeUtf7("Entw&APw-rfe"));
        assertEquals("Entw&APw-rfe", FolderNames.encodeUtf7("Entw\u00fcrfe"));
        assertEquals("a&b", FolderNames.decodeUtf7("a&-b"));
        assertEquals("\u53f0\u5317", FolderNames.decodeUtf7(FolderNames.encodeUtf7("\u53f0\u5317")));
    }
}
