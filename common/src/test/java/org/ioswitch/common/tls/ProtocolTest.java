package org.ioswitch.common.tls;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.Socket;
import java.nio.file.Path;
import java.security.Provider;
import java.security.Security;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import javax.crypto.Cipher;
import org.bouncycastle.jsse.provider.BouncyCastleJsseProvider;
import org.ioswitch.certs.ca.OrgCa;
import org.ioswitch.common.thread.Threads;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** TLS 1.3/1.2 only, checked with openssl s_client; cipher allow-lists with OpenSSL names; JDK AES-GCM for records. */
class ProtocolTest {
    @TempDir
    Path dir;
    Pki pki;
    OrgCa home;
    Path root;
    TlsServerContext server;
    Loopback loop;
    ExecutorService executor = Executors.newSingleThreadExecutor(Threads.daemonFactory("protocol-test"));

    @BeforeEach
    void start() throws Exception {
        pki = new Pki(dir);
        home = OrgCa.create("pekkahome");
        root = pki.cert("root.crt", home.certificate());
        loop = new Loopback();
    }

    @AfterEach
    void stop() throws IOException {
        if (server != null) {
            server.close();
        }
        loop.close();
        executor.shutdownNow();
    }

    private void serve(TlsOptions options) throws Exception {
        server = TlsServerContext.open(options);
    }

    private Future<TlsFacts> acceptOne() {
        return executor.submit(() -> {
            Socket tcp = loop.listener().accept();
            try (TlsConnection c = server.accept(tcp, Loopback.TIMEOUT)) {
                return c.facts();
            }
        });
    }

    private Pki.Run sClient(String... options) throws Exception {
        List<String> command = Pki.list("openssl", "s_client", "-connect", "127.0.0.1:" + loop.port(),
                "-servername", "localhost");
        command.addAll(List.of(options));
        return pki.run("", command.toArray(new String[0]));
    }

    @Test
    void opensslTls13ClientVerifiesTheServer() throws Exception {
        serve(pki.server("s", Pki.server(home, "myserver")).requiredLevel(SecurityLevel.TLS).build());
        Future<TlsFacts> accepted = acceptOne();
        Pki.Run run = sClient("-tls1_3", "-CAfile", root.toString(), "-verify_return_error", "-verify_hostname", "localhost");
        assertEquals(0, run.exit(), run.output());
        assertTrue(run.output().contains("Verify return code: 0 (ok)"), run.output());
        TlsFacts facts = accepted.get(10, SECONDS);
        assertEquals("TLSv1.3", facts.protocol());
        assertEquals("TLS_AES_128_GCM_SHA256", facts.cipherSuite());
    }

    @Test
    void opensslTls11AndTls10ClientsAreRefused() throws Exception {
        serve(pki.server("s", Pki.server(home, "myserver")).requiredLevel(SecurityLevel.TLS).build());
        for (String old : List.of("-tls1_1", "-tls1")) {
            Future<TlsFacts> accepted = acceptOne();
            Pki.Run run = sClient(old, "-cipher", "DEFAULT@SECLEVEL=0");
            assertNotEquals(0, run.exit(), run.output());
            ExecutionException e = assertThrows(ExecutionException.class, () -> accepted.get(10, SECONDS));
            assertInstanceOf(IOException.class, e.getCause());
            assertTrue(e.getCause().getMessage().contains("TLS handshake failed"), e.getCause().getMessage());
        }
    }

    @Test
    void cipherAllowListTakesOpensslNames() throws Exception {
        serve(pki.server("s", Pki.server(home, "myserver")).requiredLevel(SecurityLevel.TLS)
                .protocols("TLSv1.2").cipherSuites("ECDHE-ECDSA-AES256-GCM-SHA384").build());
        assertEquals(List.of("TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384"), server.options().cipherSuites());
        Future<TlsFacts> accepted = acceptOne();
        Pki.Run ok = sClient("-tls1_2", "-cipher", "ECDHE-ECDSA-AES256-GCM-SHA384", "-CAfile", root.toString(),
                "-verify_return_error");
        assertEquals(0, ok.exit(), ok.output());
        assertEquals("TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384", accepted.get(10, SECONDS).cipherSuite());

        Future<TlsFacts> refused = acceptOne();
        Pki.Run notAllowed = sClient("-tls1_2", "-cipher", "ECDHE-ECDSA-AES128-GCM-SHA256");
        assertNotEquals(0, notAllowed.exit(), notAllowed.output());
        assertThrows(ExecutionException.class, () -> refused.get(10, SECONDS));
    }

    @Test
    void tls12WithDefaultsNegotiatesAesGcm() throws Exception {
        serve(pki.server("s", Pki.server(home, "myserver")).requiredLevel(SecurityLevel.TLS).build());
        try (TlsClientContext client = TlsClientContext.open(TlsOptions.builder().trust(root).protocols("TLSv1.2").build());
                Loopback.Pair pair = loop.connect(server, client, "localhost")) {
            assertEquals("TLSv1.2", pair.client().facts().protocol());
            assertTrue(pair.client().facts().cipherSuite().contains("_GCM_"), pair.client().facts().cipherSuite());
        }
    }

    @Test
    void recordsAreEncryptedByTheJdksAesGcm() throws Exception {
        serve(pki.server("s", Pki.server(home, "myserver")).requiredLevel(SecurityLevel.TLS).build());
        assertInstanceOf(BouncyCastleJsseProvider.class, server.sslContext().getProvider());
        // The crypto BCJSSE runs on takes AES-GCM from the JDK, the handshake's algorithms from BouncyCastle.
        assertEquals("SunJCE", BcTls.CRYPTO.recordCipherProvider("AES/GCM/NoPadding"));
        assertEquals("BC", BcTls.CRYPTO.getHelper().createSignature("SHA256withECDSA").getProvider().getName());
        assertEquals("SunJCE", Cipher.getInstance("AES/GCM/NoPadding").getProvider().getName());
        Provider[] providers = Security.getProviders();
        assertNotEquals("BC", providers[0].getName(), "BC must never be inserted at position 1");
        assertFalse(List.of(providers).stream().anyMatch(p -> p instanceof BouncyCastleJsseProvider),
                "BCJSSE is passed by object, not registered");
        try (TlsClientContext client = TlsClientContext.open(TlsOptions.builder().trust(root).build());
                Loopback.Pair pair = loop.connect(server, client, "localhost")) {
            assertTrue(pair.client().facts().cipherSuite().matches("TLS_AES_(128|256)_GCM_SHA(256|384)"));
        }
    }

    @Test
    void onlyTls13AndTls12AndKnownSuitesAreAccepted() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> TlsOptions.builder().protocols("TLSv1.3", "TLSv1.1").build());
        assertTrue(e.getMessage().contains("protocols") && e.getMessage().contains("TLSv1.1"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> TlsOptions.builder().cipherSuites("TLS_AES_128_GCM_SHA256", "ECDHE-FOO-BAR").build());
        assertTrue(e.getMessage().contains("cipherSuites") && e.getMessage().contains("ECDHE-FOO-BAR"), e.getMessage());
        assertFalse(TlsOptions.DEFAULT_CIPHER_SUITES.stream().anyMatch(s -> s.contains("CHACHA20")));
    }
}
