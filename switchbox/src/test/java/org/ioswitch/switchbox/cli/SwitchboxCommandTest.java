package org.ioswitch.switchbox.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.ioswitch.common.config.ConfigException;
import org.ioswitch.switchbox.SwitchboxOptions;
import org.ioswitch.switchbox.SwitchboxServer;
import org.ioswitch.switchbox.account.PublisherAccount;
import org.ioswitch.switchbox.account.Accounts;
import org.ioswitch.switchbox.config.SwitchboxConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class SwitchboxCommandTest {
    @TempDir
    Path dir;
    final StringWriter out = new StringWriter();
    final StringWriter err = new StringWriter();

    int run(String... args) {
        CommandLine cl = SwitchboxCommand.commandLine();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        return cl.execute(args);
    }

    @Test
    void initCreatesRootCertificateConfigAndAccountsAndTheSwitchboxRunsOnThem() throws Exception {
        assertEquals(0, run("init", "--org", "iocafe", "--dir", dir.toString(), "--host", "relay.example.com"), err::toString);
        for (String f : List.of("iocafe-root.crt", "iocafe-root.key", "switchbox.crt", "switchbox.key", "config.json",
                "accounts.json")) {
            assertTrue(Files.exists(dir.resolve(f)), f);
        }
        String root = Files.readString(dir.resolve("iocafe-root.crt"));
        assertEquals(0, run("init", "--org", "iocafe", "--dir", dir.toString()), err::toString);
        assertEquals(root, Files.readString(dir.resolve("iocafe-root.crt")), "a second init keeps the root");

        assertEquals(0, run("accounts", "add", "pekka", "--networks", "pekkahome,lab", "--password", "pw-123",
                "--dir", dir.toString()), err::toString);
        assertEquals(0, run("accounts", "add", "labbox", "--networks", "lab2", "--certificate-name", "labbox",
                "--dir", dir.toString()), err::toString);
        Accounts accounts = Accounts.load(dir.resolve("accounts.json"));
        PublisherAccount pekka = accounts.find("pekka").orElseThrow();
        assertEquals(List.of("pekkahome", "lab"), pekka.networks());
        assertTrue(pekka.passwordHash().matches("pw-123".toCharArray()));
        assertFalse(pekka.passwordHash().matches("wrong".toCharArray()));
        assertFalse(Files.readString(dir.resolve("accounts.json")).contains("pw-123"));
        assertEquals("labbox", accounts.findByCertificate("labbox").orElseThrow().name());

        // No credential option: the account gets a client certificate from the cloud org, the default.
        assertEquals(0, run("accounts", "add", "home", "--networks", "homenet", "--dir", dir.toString()),
                err::toString);
        java.security.cert.X509Certificate issued = org.ioswitch.certs.pem.PemFiles.readCertificates(
                dir.resolve("clients/home.crt")).get(0);
        issued.verify(org.ioswitch.certs.pem.PemFiles.readCertificates(dir.resolve("iocafe-root.crt")).get(0)
                .getPublicKey());
        assertTrue(issued.getSubjectX500Principal().getName().contains("CN=home"), issued.toString());
        assertTrue(Files.exists(dir.resolve("clients/home.key")));
        PublisherAccount home = Accounts.load(dir.resolve("accounts.json")).find("home").orElseThrow();
        assertEquals(null, home.passwordHash(), "no password: the certificate is the credential");
        assertEquals("home", Accounts.load(dir.resolve("accounts.json")).findByCertificate("home").orElseThrow()
                .name());
        assertTrue(out.toString().contains("client certificate for the uplink of home"), out.toString());

        SwitchboxOptions options = SwitchboxConfig.load(dir.resolve("config.json"));
        assertEquals(6372, options.port());
        try (SwitchboxServer server = SwitchboxServer.start(options.toBuilder().bind("127.0.0.1").port(0).build())) {
            assertTrue(server.port() > 0);
        }
    }

    @Test
    void accountNeedsExactlyOneCredentialAndUsageErrorsExit2() {
        // No credential option and no cloud org key in the directory to issue a certificate from: refused, saying so.
        assertEquals(1, run("accounts", "add", "x", "--networks", "n", "--dir", dir.toString()));
        assertTrue(err.toString().contains("expected one ORG-root.key"), err.toString());
        assertEquals(2, run("accounts", "add", "x", "--networks", "n", "--password", "a", "--certificate-name", "b",
                "--dir", dir.toString()));
        assertEquals(2, run());
        assertTrue(err.toString().contains("switchbox: missing subcommand"), err.toString());
    }

    @Test
    void runFailsInOneLineOnAMissingConfig() {
        assertEquals(1, run("run", "--dir", dir.resolve("nothing").toString()));
        assertTrue(err.toString().startsWith("switchbox run: "), err.toString());
        assertTrue(err.toString().contains("config.json"), err.toString());
    }

    @Test
    void configErrorsNameFileAndKey() throws Exception {
        assertEquals(0, run("init", "--org", "iocafe", "--dir", dir.toString()));
        Path config = dir.resolve("config.json");
        Files.writeString(config, Files.readString(config).replace("\"maxPendingOpens\": 64", "\"maxPendingOpen\": 64"));
        ConfigException e = assertThrows(ConfigException.class, () -> SwitchboxConfig.load(config));
        assertTrue(e.getMessage().startsWith("config.json: unknown key limits.maxPendingOpen "), e.getMessage());
        Files.writeString(config, Files.readString(config).replace("\"maxPendingOpen\": 64", "\"maxPendingOpens\": 0"));
        e = assertThrows(ConfigException.class, () -> SwitchboxConfig.load(config));
        assertEquals("config.json: limits.maxPendingOpens: expected an integer from 1 to 2147483647, got 0", e.getMessage());
        Files.writeString(dir.resolve("accounts.json"), "{\"accounts\": [{\"name\": \"a\", \"networks\": [\"n\"]}]}");
        e = assertThrows(ConfigException.class, () -> Accounts.load(dir.resolve("accounts.json")));
        assertEquals("accounts.json: accounts[0] (a): account a: needs passwordHash or certificateName", e.getMessage());
        Files.writeString(dir.resolve("accounts.json"), "{\"accounts\": [{\"name\": \"a\", \"passwordHash\":"
                + " \"$pbkdf2-sha256$i=1000$AAAA$AAAA\", \"networks\": [\"n\"]}]}");
        e = assertThrows(ConfigException.class, () -> Accounts.load(dir.resolve("accounts.json")));
        assertTrue(e.getMessage().contains("iterations: expected >= 210000, got 1000"), e.getMessage());
    }

    @Test
    void statusPrintsTheOwnCertificateAndItsDaysLeft() {
        assertEquals(0, run("init", "--org", "iocafe", "--dir", dir.toString(), "--host", "relay.example.com"),
                err::toString);
        assertEquals(0, run("status", "--dir", dir.toString()), err::toString);
        String text = out.toString();
        assertTrue(text.contains(":6372 TLS") && text.contains("SHA-256 "), text);
        assertTrue(text.matches("(?s).*expires \\d{4}-\\d{2}-\\d{2} \\(\\d+ days left\\).*"), text);
        assertEquals(1, run("status", "--dir", dir.resolve("nowhere").toString()));
        assertTrue(err.toString().contains("switchbox status: "), err.toString());
    }
}
