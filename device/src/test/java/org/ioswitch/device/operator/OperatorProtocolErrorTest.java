package org.ioswitch.device.operator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.ioswitch.common.link.CloseReason;
import org.ioswitch.common.testing.TestOrg;
import org.ioswitch.common.tls.TlsServerContext;
import org.ioswitch.common.wire.CloseCode;
import org.ioswitch.common.wire.Subscribe;
import org.ioswitch.device.testing.ScriptedServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The operator client refuses a frame it must not receive: PROTOCOL_ERROR naming frame and state, sent back. */
class OperatorProtocolErrorTest {
    @TempDir
    Path dir;
    TestOrg org;
    TlsServerContext serverTls;
    ScriptedServer server;

    @BeforeEach
    void setUp() throws Exception {
        org = TestOrg.create(dir, "pekkahome");
        serverTls = TlsServerContext.open(org.listener(org.server(dir, "server", "localhost")).build());
        server = new ScriptedServer(serverTls, "alicepw");
    }

    @AfterEach
    void tearDown() throws Exception {
        server.close();
        serverTls.close();
    }

    @Test
    void aSubscribeFromTheServerClosesTheOperatorsLinkWithAProtocolError() throws Exception {
        try (OperatorClient client = OperatorClient.connect(OperatorOptions.builder().server(server.address())
                .network("pekkahome").user("alice").password("alicepw").tls(org.trusting().build())
                .reconnect(false).build())) {
            ScriptedServer.Peer peer = server.peers.poll(10, TimeUnit.SECONDS);
            assertNotNull(peer, "operator connected");
            peer.send(new Subscribe("gina3.pekkahome", "exp"));
            CloseReason reason = peer.closed.get(10, TimeUnit.SECONDS);
            assertEquals(CloseCode.PROTOCOL_ERROR, reason.code());
            assertEquals("SUBSCRIBE is not allowed in state LIVE (operator client)", reason.text());
        }
    }
}
