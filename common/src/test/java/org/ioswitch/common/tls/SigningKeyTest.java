package org.ioswitch.common.tls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.security.PrivateKey;
import javax.net.ssl.X509KeyManager;
import org.ioswitch.certs.ca.CertSpec;
import org.ioswitch.certs.ca.Issued;
import org.ioswitch.certs.ca.KeyKind;
import org.ioswitch.certs.ca.OrgCa;
import org.ioswitch.common.log.PeerLog;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.io.TempDir;

/**
 * Where handshakes run on BouncyCastle's crypto (server, switchbox and test processes), this side signs with
 * BouncyCastle's own key class: given a JDK key, BC's ECDSA rebuilds the curve's generator and its multiplication
 * table at every signature (three times the CPU of a server's CertificateVerify). The handshake works as before with
 * EC and RSA keys alike.
 */
class SigningKeyTest {
    @TempDir
    Path dir;

    @ParameterizedTest
    @EnumSource(value = KeyKind.class, names = {"EC_P256", "RSA_2048"})
    void theServerSignsWithBouncyCastlesKeyAndHandshakesAsBefore(KeyKind kind) throws Exception {
        Pki pki = new Pki(dir);
        OrgCa home = OrgCa.create("pekkahome");
        Path root = pki.cert("root.crt", home.certificate());
        Issued serverCert = home.issue(CertSpec.server("myserver").dns("localhost").keyKind(kind).build());
        TlsOptions options = pki.server("s", serverCert, root).requiredLevel(SecurityLevel.TLS).build();

        try (Loopback loop = new Loopback(); TlsServerContext server = TlsServerContext.open(options);
                TlsClientContext client = TlsClientContext.open(pki.client("c", null, root).build());
                Loopback.Pair pair = loop.connect(server, client, "localhost")) {
            assertEquals(SecurityLevel.VERIFIED, pair.client().facts().level());
            assertEquals(serverCert.certificate(), pair.client().facts().peerChain().get(0));
        }

        X509KeyManager keys = (X509KeyManager) TlsMaterial.load(options, true, new PeerLog()).keyManagers[0];
        PrivateKey key = keys.getPrivateKey("own"); // TlsMaterial's alias for this side's key
        assertTrue(key.getClass().getName().startsWith("org.bouncycastle."), key.getClass().getName());
        assertEquals(serverCert.privateKey().getAlgorithm().replace("ECDSA", "EC"),
                key.getAlgorithm().replace("ECDSA", "EC"));
    }
}
