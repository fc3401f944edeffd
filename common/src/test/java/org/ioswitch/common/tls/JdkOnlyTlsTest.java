package org.ioswitch.common.tls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.ioswitch.common.testing.OwnThread;
import org.junit.jupiter.api.Test;

/**
 * A process on the JDK's providers plus RSA-PSS names ({@link TlsProviders#jdkOnly()}, what a small device runs) keeps
 * the TLS of a process with BouncyCastle's provider: TLS 1.3 with an RSA server (RSA-PSS) and an EC server, the same
 * supported cipher suites, and a server of an untrusted organization refused.
 */
class JdkOnlyTlsTest {
    @Test
    void jdkOnlyProcessHandshakesWithRsaAndEcServersAndRefusesAStranger() throws Exception {
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
                System.getProperty("java.class.path"), JdkOnlyTlsChild.class.getName()).redirectErrorStream(true).start();
        CompletableFuture<String> output = CompletableFuture.supplyAsync(() -> {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            try {
                p.getInputStream().transferTo(out);
            } catch (java.io.IOException e) {
                // the process ended
            }
            return out.toString(StandardCharsets.UTF_8);
        }, OwnThread.EXECUTOR);
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "child did not finish in 120 s");
        String said = output.get(10, TimeUnit.SECONDS);
        assertEquals(0, p.exitValue(), said);
        List<String> lines = said.lines().toList();
        assertTrue(lines.contains("DONE"), said);
        assertTrue(lines.contains("BC-REGISTERED false"), said);
        for (String kind : List.of("RSA_2048", "EC_P256")) {
            assertTrue(lines.stream().anyMatch(l -> l.startsWith("HANDSHAKE " + kind + " TLSv1.3 TLS_AES_")), said);
            assertTrue(lines.stream().anyMatch(l -> l.startsWith("REFUSED " + kind + " ")), said);
        }
        // This JVM runs with BouncyCastle's provider (the default): the child supports exactly the same suites.
        assertEquals("SUITES " + new TreeSet<>(BcTls.supportedSuites()),
                lines.stream().filter(l -> l.startsWith("SUITES ")).findFirst().orElse("no SUITES line: " + said));
    }

    @Test
    void choosingJdkOnlyAfterTlsIsSetUpWithBouncyCastleIsRefused() {
        BcTls.supportedSuites(); // sets up TLS in this JVM with BouncyCastle's provider
        IllegalStateException e = assertThrows(IllegalStateException.class, TlsProviders::jdkOnly);
        assertTrue(e.getMessage().contains("already set up"), e.getMessage());
    }
}
