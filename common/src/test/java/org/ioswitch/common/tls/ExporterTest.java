package org.ioswitch.common.tls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.bouncycastle.jsse.BCSSLSocket;
import org.ioswitch.certs.ca.OrgCa;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Records a fact pairing depends on: BCJSSE 1.84 offers no keying-material exporter after the handshake. The session
 * method is not implemented and the connection's "tls-exporter" channel binding fails because BC clears the exporter
 * secret in notifyHandshakeComplete. When this test fails, BC has grown the exporter and TlsConnection can offer it.
 */
class ExporterTest {
    @TempDir
    Path dir;

    @Test
    void bcjsse184ClearsTheExporterSecretAfterTheHandshake() throws Exception {
        Pki pki = new Pki(dir);
        OrgCa home = OrgCa.create("pekkahome");
        Path root = pki.cert("root.crt", home.certificate());
        try (Loopback loop = new Loopback();
                TlsServerContext server = TlsServerContext.open(pki.server("s", Pki.server(home, "myserver"))
                        .requiredLevel(SecurityLevel.TLS).build());
                TlsClientContext client = TlsClientContext.open(TlsOptions.builder().trust(root).build());
                Loopback.Pair pair = loop.connect(server, client, "localhost")) {
            BCSSLSocket socket = (BCSSLSocket) pair.client().socket();
            byte[] context = "gina*.pekkahome".getBytes(StandardCharsets.UTF_8);
            assertThrows(UnsupportedOperationException.class,
                    () -> socket.getBCSession().exportKeyingMaterialData("EXPORTER-ioswitch-pairing", context, 32));
            IllegalStateException e = assertThrows(IllegalStateException.class,
                    () -> socket.getConnection().getChannelBinding("tls-exporter"));
            assertTrue(e.getMessage().contains("notifyHandshakeComplete"), e.getMessage());
            assertEquals("TLSv1.3", pair.client().facts().protocol());
            // What pairing can bind to instead: the server leaf, as the client saw it and as the server sent it.
            assertEquals(pair.server().localChain().get(0), pair.client().facts().peerChain().get(0));
            assertEquals(List.of(), pair.client().localChain());
        }
    }
}
