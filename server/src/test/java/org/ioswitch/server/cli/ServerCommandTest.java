package org.ioswitch.server.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.ioswitch.certs.pem.PemFiles;
import org.ioswitch.server.account.Account;
import org.ioswitch.server.account.AccountKind;
import org.ioswitch.server.account.AccountStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ServerCommandTest {
    @TempDir
    Path dir;

    record Run(int code, String out, String err) {
    }

    static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = ServerCommand.commandLine(new PrintWriter(out, true), new PrintWriter(err, true), args)
                .execute(args);
        return new Run(code, out.toString(), err.toString());
    }

    @Test
    void initCreatesRootCertificateConfigAndAdminWithPrintedPassword() throws Exception {
        Run r = run("init", "--network", "pekkahome", "--dir", dir.toString(), "--host", "hub.pekkahome");
        assertEquals(0, r.code(), r.err());
        Matcher m = Pattern.compile("admin password \\(shown once, store it now\\): (\\S+)").matcher(r.out());
        assertTrue(m.find(), r.out());
        Account admin = AccountStore.open(dir).find("pekkahome", "admin").orElseThrow();
        assertEquals(AccountKind.ADMIN, admin.kind());
        assertTrue(admin.password().matches(m.group(1).toCharArray()));

        List<X509Certificate> chain = PemFiles.readCertificates(dir.resolve("server.crt"));
        X509Certificate root = PemFiles.readCertificates(dir.resolve("ca/pekkahome-root.crt")).get(0);
        chain.get(0).verify(root.getPublicKey());
        String sans = chain.get(0).getSubjectAlternativeNames().toString();
        assertTrue(sans.contains("hub.pekkahome") && sans.contains("localhost") && sans.contains("127.0.0.1"), sans);
        assertTrue(root.getSubjectX500Principal().getName().contains("O=pekkahome"));
        assertTrue(Files.exists(dir.resolve("server.key")));
        String config = Files.readString(dir.resolve("config.json"));
        assertTrue(config.contains("\"port\": 6369") && config.contains("\"enabled\": false")
                && config.contains("\"trusted\": \"ca/pekkahome-root.crt\""), config);
        assertTrue(config.contains("\"console\"") && config.contains("\"port\": 6380"), config);
        assertTrue(r.out().contains("web console: https://127.0.0.1:6380/ while the server runs (log in as admin"),
                r.out());
    }

    @Test
    void initKeepsAnExistingRootAndUsesTheGivenPassword() throws Exception {
        assertEquals(0, run("init", "--network", "home", "--dir", dir.toString(), "--admin-password", "a").code());
        byte[] root = Files.readAllBytes(dir.resolve("ca/home-root.crt"));
        Files.delete(dir.resolve("config.json"));
        Files.delete(dir.resolve("accounts.json"));
        Run r = run("init", "--network", "home", "--dir", dir.toString(), "--admin-password", "b");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("kept organization root"), r.out());
        assertFalse(r.out().contains("shown once"));
        assertEquals(new String(root), Files.readString(dir.resolve("ca/home-root.crt")));
        assertTrue(AccountStore.open(dir).find("home", "admin").orElseThrow().password().matches("b".toCharArray()));
    }

    @Test
    void initOnASetUpDirectoryFailsWithOneLine() {
        assertEquals(0, run("init", "--network", "home", "--dir", dir.toString(), "--admin-password", "a").code());
        Run r = run("init", "--network", "home", "--dir", dir.toString());
        assertEquals(1, r.code());
        assertEquals(1, r.err().strip().lines().count(), r.err());
        assertTrue(r.err().contains("config.json exists already"), r.err());
    }

    @Test
    void accountsAddListPasswdRemove() throws Exception {
        assertEquals(0, run("init", "--network", "home", "--dir", dir.toString(), "--admin-password", "a").code());
        Path pwFile = dir.resolve("pw.txt");
        Files.writeString(pwFile, "from-file\n");
        Run r = run("accounts", "add", "gina3", "--device", "--password-file", pwFile.toString(),
                "--dir", dir.toString());
        assertEquals(0, r.code(), r.err());
        assertEquals(0, run("accounts", "add", "viewer", "--network", "home", "--user", "--password", "v",
                "--read-only", "--dir", dir.toString()).code());
        Run list = run("accounts", "list", "--dir", dir.toString());
        assertTrue(list.out().contains("gina3") && list.out().contains("device"), list.out());
        assertFalse(list.out().contains("pbkdf2"), "list must never show hashes");
        AccountStore store = AccountStore.open(dir);
        assertTrue(store.find("home", "gina3").orElseThrow().password().matches("from-file".toCharArray()));
        assertTrue(store.find("home", "viewer").orElseThrow().rules().write().isEmpty());

        assertEquals(0, run("accounts", "passwd", "gina3", "--password", "new", "--dir", dir.toString()).code());
        assertTrue(store.find("home", "gina3").orElseThrow().password().matches("new".toCharArray()));
        assertEquals(0, run("accounts", "remove", "gina3", "--dir", dir.toString()).code());
        assertTrue(store.find("home", "gina3").isEmpty());
    }

    @Test
    void accountFailuresAreOneLineWithExitOne() {
        assertEquals(0, run("init", "--network", "home", "--dir", dir.toString(), "--admin-password", "a").code());
        Run r = run("accounts", "remove", "ghost", "--dir", dir.toString());
        assertEquals(1, r.code());
        assertTrue(r.err().contains("no account ghost.home"), r.err());
        assertEquals(1, r.err().strip().lines().count(), r.err());
        r = run("accounts", "add", "x", "--user", "--password", "p", "--write", "imp", "--dir", dir.toString());
        assertEquals(1, r.code());
        assertTrue(r.err().contains("pattern \"imp\" is not DEVICE.BLOCK"), r.err());
        r = run("accounts", "list", "--dir", dir.resolve("nowhere").toString(), "--network", "x");
        assertEquals(0, r.code(), "an empty directory lists no accounts");
        r = run("accounts", "add", "x", "--user", "--password", "p", "--dir", dir.resolve("nowhere").toString());
        assertEquals(1, r.code());
        assertTrue(r.err().contains("config.json: file not found"), r.err());
    }

    @Test
    void usageErrorsExitTwo() {
        Run r = run("accounts", "add", "x", "--user", "--device", "--password", "p", "--dir", dir.toString());
        assertEquals(2, r.code());
        assertTrue(r.err().contains("mutually exclusive"), r.err());
        assertEquals(2, run("init", "--dir", dir.toString()).code(), "no network");
        assertEquals(2, run("bogus").code());
        assertEquals(0, run("--help").code());
    }

    @Test
    void statusPrintsTheOwnCertificateAndItsDaysLeft() {
        assertEquals(0, run("init", "--network", "pekkahome", "--dir", dir.toString(), "--host", "hub.pekkahome",
                "--admin-password", "a").code());
        Run r = run("status", "--dir", dir.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("listen ") && r.out().contains(":6369 TLS"), r.out());
        assertTrue(r.out().matches("(?s).*certificate \\S*CN=hub\\.pekkahome.*SHA-256 ([0-9A-F]{2}:){31}[0-9A-F]{2}.*"), r.out());
        assertTrue(r.out().matches("(?s).*expires \\d{4}-\\d{2}-\\d{2} \\(\\d+ days left\\).*"), r.out());
    }

    @Test
    void passwordsComeFromAFileWithoutWarningAndFromTheCommandLineWithOne() throws Exception {
        assertEquals(0, run("init", "--network", "home", "--dir", dir.toString(), "--admin-password", "a").code());
        Path pw = dir.resolve("alice.pw");
        Files.writeString(pw, "alice-pw\n");
        Run fromFile = run("accounts", "add", "alice", "--user", "--password-file", pw.toString(), "--dir",
                dir.toString());
        assertEquals(0, fromFile.code(), fromFile.err());
        assertEquals("", fromFile.err());
        assertTrue(AccountStore.open(dir).find("home", "alice").orElseThrow().password()
                .matches("alice-pw".toCharArray()));

        Run onCommandLine = run("accounts", "add", "bob", "--user", "--password", "bob-pw", "--dir", dir.toString());
        assertEquals(0, onCommandLine.code(), onCommandLine.err());
        assertTrue(onCommandLine.err().startsWith("warning: --password on the command line can be read by every "
                + "user of this machine"), onCommandLine.err());
        assertFalse(onCommandLine.err().contains("bob-pw"));

        // No file, no IOSWITCH_PASSWORD, no terminal (tests run without one): the error names the ways.
        Run none = run("accounts", "add", "carol", "--user", "--dir", dir.toString());
        assertEquals(1, none.code());
        assertTrue(none.err().contains("--password-file FILE") && none.err().contains("IOSWITCH_PASSWORD"),
                none.err());
    }
}
