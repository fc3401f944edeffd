package org.ioswitch.common.tls;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateException;
import java.util.concurrent.Semaphore;
import javax.net.ssl.SSLContext;
import org.ioswitch.certs.ca.CertSpec;
import org.ioswitch.certs.ca.Issued;
import org.ioswitch.certs.ca.OrgCa;
import org.ioswitch.certs.pem.PemFiles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Certificate, key, trust and CRL files are re-read on change; new connections use them without a restart. */
class RotationTest {
    @TempDir
    Path dir;

    /** Waits (with a deadline) until the context reaches a generation above {@code before}. */
    private static void awaitReload(TlsContext context, Semaphore reloads, long before) throws InterruptedException {
        while (context.generation() <= before) {
            assertTrue(reloads.tryAcquire(10, SECONDS), "no reload within 10 s, generation " + context.generation());
        }
    }

    private static Semaphore reloads(TlsContext context) {
        Semaphore reloads = new Semaphore(0);
        context.addReloadListener(reloads::release);
        return reloads;
    }

    /** Certificate chain and key in one PEM file, so a rename replaces both at once. */
    private Path combined(Pki pki, String name, Issued issued) throws Exception {
        Path certs = pki.certs(name + ".crt", issued.chain());
        Path key = pki.key(name + ".key", issued.privateKey(), null);
        return Files.writeString(dir.resolve(name + ".pem"), Files.readString(certs) + Files.readString(key));
    }

    @Test
    void replacedCertificateAndKeyAreUsedByTheNextConnection() throws Exception {
        Pki pki = new Pki(dir);
        OrgCa home = OrgCa.create("pekkahome");
        Path root = pki.cert("root.crt", home.certificate());
        Issued first = Pki.server(home, "first");
        Issued second = Pki.server(home, "second");
        Path live = dir.resolve("live");
        Files.createDirectories(live);
        Path serverPem = live.resolve("server.pem");
        Files.copy(combined(pki, "first", first), serverPem);
        try (Loopback loop = new Loopback();
                TlsServerContext server = TlsServerContext.open(TlsOptions.builder().certificate(serverPem)
                        .requiredLevel(SecurityLevel.TLS).build());
                TlsClientContext client = TlsClientContext.open(TlsOptions.builder().trust(root).build())) {
            Semaphore reloads = reloads(server);
            try (Loopback.Pair pair = loop.connect(server, client, "localhost")) {
                assertTrue(pair.client().facts().peerSubject().contains("CN=first"));
            }
            long before = server.generation();
            SSLContext oldContext = server.sslContext();
            pki.replace(serverPem, combined(pki, "second", second));
            awaitReload(server, reloads, before);
            assertNotSame(oldContext, server.sslContext(), "a new SSLContext, never patched in place");
            try (Loopback.Pair pair = loop.connect(server, client, "localhost")) {
                assertTrue(pair.client().facts().peerSubject().contains("CN=second"), pair.client().facts().describe());
            }
        }
    }

    @Test
    void aBadNewFileKeepsTheOldMaterial() throws Exception {
        Pki pki = new Pki(dir);
        OrgCa home = OrgCa.create("pekkahome");
        Path root = pki.cert("root.crt", home.certificate());
        Path serverPem = combined(pki, "server", Pki.server(home, "myserver"));
        try (Loopback loop = new Loopback();
                TlsServerContext server = TlsServerContext.open(TlsOptions.builder().certificate(serverPem)
                        .requiredLevel(SecurityLevel.TLS).build());
                TlsClientContext client = TlsClientContext.open(TlsOptions.builder().trust(root).build())) {
            long before = server.generation();
            Files.writeString(serverPem, "-----BEGIN CERTIFICATE-----\ntruncated");
            assertFalse(server.reload(), "garbage is refused");
            assertEquals(before, server.generation());
            try (Loopback.Pair pair = loop.connect(server, client, "localhost")) {
                assertEquals(SecurityLevel.VERIFIED, pair.client().facts().level());
            }
        }
    }

    @Test
    void replacedTrustIsUsedByTheNextConnection() throws Exception {
        Pki pki = new Pki(dir);
        OrgCa oldOrg = OrgCa.create("oldroot");
        OrgCa newOrg = OrgCa.create("newroot");
        Path trust = pki.cert("trust.crt", oldOrg.certificate());
        Path newTrust = pki.cert("new-trust.crt", newOrg.certificate());
        try (Loopback loop = new Loopback();
                TlsServerContext server = TlsServerContext.open(pki.server("s", Pki.server(newOrg, "myserver"))
                        .requiredLevel(SecurityLevel.TLS).build());
                TlsClientContext client = TlsClientContext.open(TlsOptions.builder().trust(trust).build())) {
            Semaphore reloads = reloads(client);
            assertTrue(loop.clientRefuses(server, client, "localhost").contains("not trusted"));
            long before = client.generation();
            pki.replace(trust, newTrust);
            awaitReload(client, reloads, before);
            try (Loopback.Pair pair = loop.connect(server, client, "localhost")) {
                assertEquals(SecurityLevel.VERIFIED, pair.client().facts().level());
            }
        }
    }

    @Test
    void updatedCrlRefusesTheNextConnectionAndRevalidatesConnectedPeers() throws Exception {
        Pki pki = new Pki(dir);
        OrgCa home = OrgCa.create("pekkahome");
        Path root = pki.cert("root.crt", home.certificate());
        Issued alice = home.issue(CertSpec.client("alice").build());
        Path crl = pki.crl("home.crl", home.emptyCrl());
        try (Loopback loop = new Loopback();
                TlsServerContext server = TlsServerContext.open(pki.server("s", Pki.server(home, "myserver"), root)
                        .crl(crl).build());
                TlsClientContext client = TlsClientContext.open(pki.client("alice", alice, root).build())) {
            Semaphore reloads = reloads(server);
            try (Loopback.Pair pair = loop.connect(server, client, "localhost")) {
                assertEquals(java.util.Optional.of("alice"), pair.server().facts().authenticatedName());
                long before = server.generation();
                Path revoked = dir.resolve("revoked.crl");
                PemFiles.writeCrl(revoked, home.revoke(alice.certificate(), null));
                pki.replace(crl, revoked);
                awaitReload(server, reloads, before);
                // What a server does from its reload listener: drop peers that would now be refused.
                CertificateException e = assertThrows(CertificateException.class,
                        () -> server.revalidate(pair.server().facts().peerChain()));
                assertTrue(e.getMessage().contains("revoked"), e.getMessage());
            }
            assertTrue(loop.serverRefuses(server, client, "localhost").contains("revoked"));
        }
    }
}
