package org.ioswitch.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.ioswitch.common.tls.TlsClientContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The signal-latency bench's mosquitto row: the broker it starts over TLS, and the Paho probe that measures it. */
class MosquittoTest {
    @TempDir
    Path dir;

    private static javax.net.ssl.SSLContext trusting(Pki pki) throws Exception {
        return TlsClientContext.open(pki.clientOptions().toBuilder().verifyHostname(false).build()).sslContext();
    }

    @Test
    void configHasOneTls13ListenerOnLoopbackWithTheBenchCertificate() {
        String c = Mosquitto.config(4711, Path.of("/x/s.crt"), Path.of("/x/s.key"), Path.of("/x/m.log"));
        assertTrue(c.contains("listener 4711 127.0.0.1\n"), c);
        assertTrue(c.contains("certfile /x/s.crt\nkeyfile /x/s.key\n"), c);
        assertTrue(c.contains("tls_version tlsv1.3\n"), c);
        assertTrue(c.contains("ciphers_tls1.3 TLS_AES_128_GCM_SHA256\n"), c);
        assertTrue(c.contains("set_tcp_nodelay true\n"), c);
    }

    @Test
    void stampedMessagesTravelPublisherToBrokerToSubscriberOverTls() throws Exception {
        Pki pki = new Pki(dir, "benchorg", "broker");
        String exe = Mosquitto.find().orElseThrow(() -> new AssertionError(Mosquitto.installHint()));
        try (Mosquitto m = Mosquitto.start(exe, dir, pki.serverCert, pki.serverKey);
             MqttProbe probe = new MqttProbe(m.port(), trusting(pki), "test")) {
            assertTrue(m.version().startsWith("mosquitto version"), m.version());
            for (int i = 0; i < 3; i++) {
                long ns = probe.once();
                assertTrue(ns > 0, "latency " + ns);
            }
        }
    }

    @Test
    void aClientTrustingAnotherRootIsRefused() throws Exception {
        Pki pki = new Pki(dir, "benchorg", "broker");
        Pki other = new Pki(Files.createDirectories(dir.resolve("other")), "otherorg", "broker");
        String exe = Mosquitto.find().orElseThrow(() -> new AssertionError(Mosquitto.installHint()));
        try (Mosquitto m = Mosquitto.start(exe, dir, pki.serverCert, pki.serverKey)) {
            MqttException e = assertThrows(MqttException.class, () -> new MqttProbe(m.port(), trusting(other), "test"));
            assertEquals(MqttException.REASON_CODE_CLIENT_EXCEPTION, e.getReasonCode(), e.toString());
        }
    }
}
