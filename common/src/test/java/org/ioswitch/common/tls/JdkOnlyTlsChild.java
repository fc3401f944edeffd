package org.ioswitch.common.tls;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.Security;
import java.time.Duration;
import java.util.List;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.ioswitch.certs.ca.CertSpec;
import org.ioswitch.certs.ca.KeyKind;
import org.ioswitch.certs.ca.OrgCa;
import org.ioswitch.certs.ca.Validity;

/**
 * Run by {@link JdkOnlyTlsTest} in a JVM of its own ({@link TlsProviders#jdkOnly()} is for the whole process): real
 * handshakes over loopback with an RSA and an EC server, and one refused server; prints one line per fact.
 */
public final class JdkOnlyTlsChild {
    private JdkOnlyTlsChild() {
    }

    public static void main(String[] args) throws Exception {
        TlsProviders.jdkOnly();
        Path dir = Files.createTempDirectory("jdk-only-tls");
        Pki pki = new Pki(dir);
        for (KeyKind kind : List.of(KeyKind.RSA_2048, KeyKind.EC_P256)) {
            OrgCa ca = OrgCa.create("pekkahome", kind, Validity.days(30));
            Path root = pki.cert(kind + "-root.crt", ca.certificate());
            var issued = ca.issue(CertSpec.server("localhost").dns("localhost").ip("127.0.0.1").keyKind(kind).build());
            try (TlsServerContext server = TlsServerContext.open(pki.server(kind + "-server", issued, root).requiredLevel(SecurityLevel.TLS).build());
                    TlsClientContext client = TlsClientContext.open(pki.client(kind + "-client", null, root).build());
                    Loopback loopback = new Loopback();
                    Loopback.Pair pair = loopback.connect(server, client, "localhost")) {
                TlsFacts facts = pair.client().facts();
                System.out.println("HANDSHAKE " + kind + " " + facts.protocol() + " " + facts.cipherSuite());
            }
            // A client trusting another organization's root refuses this server: chain checks are unchanged.
            Path stranger = pki.cert(kind + "-stranger.crt", OrgCa.create("stranger", kind, Validity.days(30)).certificate());
            try (TlsServerContext server = TlsServerContext.open(pki.server(kind + "-server2", issued, root).requiredLevel(SecurityLevel.TLS).build());
                    TlsClientContext client = TlsClientContext.open(pki.client(kind + "-client2", null, stranger).build());
                    Loopback loopback = new Loopback()) {
                var accepted = loopback.acceptOne(server);
                try {
                    client.connect("localhost", loopback.port(), Duration.ofSeconds(10)).close();
                    System.out.println("ACCEPTED-A-STRANGER " + kind);
                } catch (java.io.IOException e) {
                    System.out.println("REFUSED " + kind + " " + e.getMessage().replace('\n', ' '));
                }
                try {
                    accepted.get(10, TimeUnit.SECONDS);
                } catch (Exception expected) {
                    // the server side of the refused handshake
                }
            }
        }
        System.out.println("SUITES " + new TreeSet<>(BcTls.supportedSuites()));
        System.out.println("BC-REGISTERED " + (Security.getProvider("BC") != null));
        System.out.println("DONE");
    }
}
