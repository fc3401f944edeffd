package org.ioswitch.device.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.ioswitch.common.block.DeviceId;
import org.ioswitch.common.block.MemoryBlock;
import org.ioswitch.common.block.Signal;
import org.ioswitch.common.block.SignalMap;
import org.ioswitch.common.block.Snapshot;
import org.ioswitch.common.link.CloseReason;
import org.ioswitch.common.testing.TestOrg;
import org.ioswitch.common.tls.SecurityLevel;
import org.ioswitch.common.tls.TlsServerContext;
import org.ioswitch.common.wire.Ack;
import org.ioswitch.common.wire.BlockAnnounce;
import org.ioswitch.common.wire.CloseCode;
import org.ioswitch.common.wire.CredentialKind;
import org.ioswitch.common.wire.Direction;
import org.ioswitch.common.wire.Subscribe;
import org.ioswitch.device.simulator.SimulatedBoard;
import org.ioswitch.device.state.DeviceState;
import org.ioswitch.device.testing.RecordingListener;
import org.ioswitch.device.testing.ScriptedServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DeviceTest {
    static final String ID = "gina3.pekkahome";
    @TempDir
    Path dir;
    TestOrg org;
    TlsServerContext serverTls;
    ScriptedServer server;
    Device device;
    final SignalMap map = SimulatedBoard.signalMap();
    final RecordingListener events = new RecordingListener();

    @BeforeEach
    void setUp() throws Exception {
        org = TestOrg.create(dir, "pekkahome");
        serverTls = TlsServerContext.open(org.listener(org.server(dir, "server", "localhost")).build());
        server = new ScriptedServer(serverTls, "pw");
    }

    @AfterEach
    void tearDown() throws Exception {
        if (device != null) {
            device.close();
        }
        server.close();
        serverTls.close();
    }

    private Device.Builder builder(String password) {
        return Device.builder().id(ID).server(server.address()).tls(org.trusting().build()).signalMap(map)
                .password(password).boardType("simulator").backoff(Duration.ofMillis(50), Duration.ofMillis(200));
    }

    private Device start(Device.Builder b) throws Exception {
        device = b.build();
        device.addListener(events);
        device.start();
        return device;
    }

    private Signal sig(String block, String name) {
        return map.block(block).signal(name);
    }

    @Test
    void announcesBlocksAndPublishesExp() throws Exception {
        start(builder("pw"));
        ScriptedServer.Peer peer = server.peers.poll(10, TimeUnit.SECONDS);
        assertNotNull(peer, "device connected");
        assertEquals(ID, peer.identity);
        assertEquals("simulator", server.auths.poll().boardType());
        assertNotNull(peer.await("info", s -> true), "info arrives");
        BlockAnnounce exp = peer.announced.get("exp");
        assertEquals(Direction.UP, exp.direction());
        assertEquals(Direction.DOWN, peer.announced.get("imp").direction());
        assertEquals(BlockAnnounce.STATIC, peer.announced.get("info").flags());

        device.block("exp").signal("counter").set(42L);
        device.block("exp").publish();
        Snapshot s = peer.await("exp", x -> x.getLong(sig("exp", "counter")) == 42);
        assertNotNull(s, "exp.counter 42 reached the server");
        assertTrue(s.state(sig("exp", "counter")).ok());
    }

    @Test
    void infoBlockCarriesTheSignalMap() throws Exception {
        start(builder("pw"));
        ScriptedServer.Peer peer = server.peers.poll(10, TimeUnit.SECONDS);
        Snapshot info = peer.await("info", s -> true);
        assertNotNull(info);
        String json = new String(info.bytes(), StandardCharsets.UTF_8).replace("\0", "");
        assertEquals(map, SignalMap.parse(json, "info"));
    }

    @Test
    void impWriteIsAppliedAndTheBoardMirrorsTheLed() throws Exception {
        start(builder("pw"));
        SimulatedBoard board = new SimulatedBoard(device.block("exp"), device.block("imp"), 1);
        CountDownLatch applied = new CountDownLatch(1);
        device.block("imp").signal("led").addListener((h, snap) -> applied.countDown());
        ScriptedServer.Peer peer = server.peers.poll(10, TimeUnit.SECONDS);
        assertNotNull(peer.await("exp", s -> true));

        peer.write("imp", impImage(true, 20.5));
        assertTrue(applied.await(10, TimeUnit.SECONDS), "imp listener fired");
        assertTrue(device.block("imp").signals().getBoolean("led"));
        assertEquals(20.5, device.block("imp").signals().getDouble("setpoint"), 1e-6);
        assertNotNull(peer.await("exp", s -> s.getBoolean(sig("exp", "led_state"))), "exp.led_state became true");
        board.close();
    }

    @Test
    void reconnectsAfterTheConnectionIsLostResyncsUpBlocksAndKeepsTheImageItHolds() throws Exception {
        start(builder("pw"));
        ScriptedServer.Peer first = server.peers.poll(10, TimeUnit.SECONDS);
        assertNotNull(first.await("exp", s -> true));
        CountDownLatch applied = new CountDownLatch(1);
        device.block("imp").addListener((b, prev, cur) -> applied.countDown());
        long version = first.write("imp", impImage(true, 7.25));
        assertTrue(applied.await(10, TimeUnit.SECONDS), "imp applied");
        Ack ack = first.acks.poll(10, TimeUnit.SECONDS);
        assertNotNull(ack, "the device answers the version");
        assertEquals(version, ack.snapshotSeq());
        assertEquals(Ack.ACCEPTED, ack.status(), ack.toString());
        device.block("exp").signal("counter").set(5L);
        device.block("exp").publish();
        assertNotNull(first.await("exp", s -> s.getLong(sig("exp", "counter")) == 5));

        CountDownLatch resynced = new CountDownLatch(1);
        device.block("imp").addListener((b, prev, cur) -> resynced.countDown());
        first.kill();
        device.block("exp").signal("counter").set(6L);
        device.block("exp").publish();

        ScriptedServer.Peer second = server.peers.poll(10, TimeUnit.SECONDS);
        assertNotNull(second, "device reconnected");
        assertNotNull(second.await("exp", s -> s.getLong(sig("exp", "counter")) == 6),
                "the whole exp block arrives again, with the change made while offline");
        assertNotNull(second.await("imp", s -> s.seq() == version), "the device offers the imp image it holds");
        Ack again = second.acks.poll(10, TimeUnit.SECONDS);
        assertNotNull(again, "the device answers the server's resync");
        assertEquals(version, again.snapshotSeq(), "it holds that version already");
        // The answer comes after any apply on the same thread: nothing was applied again, no output was touched.
        assertEquals(1, resynced.getCount(), "an image the device holds is not applied again");
        assertEquals(7.25, device.block("imp").signals().getDouble("setpoint"), 1e-6);
        assertTrue(device.block("imp").signals().getBoolean("led"));
    }

    @Test
    void wrongPasswordIsRefusedWithTheReasonAndRetried() throws Exception {
        start(builder("wrong"));
        String first = events.next().line();
        assertNotNull(first);
        assertTrue(first.startsWith("failed") && first.contains("AUTH_FAILED") && first.contains("wrong password"), first);
        String second = events.next().line();
        assertNotNull(second, "the device keeps retrying");
        assertTrue(second.contains("AUTH_FAILED"), second);
        assertTrue(server.auths.size() >= 2);
        assertFalse(device.connected());
    }

    @Test
    void passwordIsNotSentToAnUnverifiedServer() throws Exception {
        start(builder("pw").tls(org.trusting().requiredLevel(SecurityLevel.TLS).trusted(java.util.List.of())
                .build()));
        String event = events.next().line();
        assertNotNull(event);
        assertTrue(event.contains("not sending the password"), event);
        assertTrue(server.auths.isEmpty(), "no AUTH frame reached the server");
    }

    @Test
    void closeSendsShutdownAndStopsReconnecting() throws Exception {
        start(builder("pw"));
        ScriptedServer.Peer peer = server.peers.poll(10, TimeUnit.SECONDS);
        assertNotNull(peer);
        device.close();
        CloseReason reason = peer.closed.get(10, TimeUnit.SECONDS);
        assertEquals(CloseCode.SHUTDOWN, reason.code());
        assertFalse(device.connected());
    }

    @Test
    void wildcardIdGetsANumberThatIsKept() throws Exception {
        Path state = dir.resolve("state");
        start(builder(null).password(null).id("gina*.pekkahome").stateDir(state).secret(null).password("pw"));
        ScriptedServer.Peer peer = server.peers.poll(10, TimeUnit.SECONDS);
        assertEquals("gina7.pekkahome", peer.identity);
        assertEquals("connected gina7.pekkahome", events.next().line());
        assertEquals("gina7.pekkahome", DeviceState.bare(state).assignedId().orElseThrow());
        assertTrue(java.nio.file.Files.exists(state.resolve(DeviceState.SECRET)),
                "the device secret is made at first start even when a password authenticates");
    }

    @Test
    void deviceSecretFromTheStateDirIsUsedWithoutPassword() throws Exception {
        Path state = dir.resolve("state");
        device = Device.builder().id(ID).server(server.address()).tls(org.trusting().build()).signalMap(map)
                .stateDir(state).build();
        device.start();
        var auth = server.auths.poll(10, TimeUnit.SECONDS);
        assertNotNull(auth);
        assertEquals(CredentialKind.DEVICE_SECRET, auth.kind());
        assertEquals(DeviceState.SECRET_BYTES, auth.credential().length);
    }

    private byte[] impImage(boolean led, double setpoint) throws Exception {
        MemoryBlock imp = new MemoryBlock(DeviceId.parse(ID), map.block("imp"), Direction.DOWN);
        imp.signal("led").set(led);
        imp.signal("setpoint").set(setpoint);
        return imp.publish().bytes();
    }

    @Test
    void aFrameADeviceMustNotReceiveClosesTheLinkWithAProtocolErrorNamingFrameAndState() throws Exception {
        start(builder("pw"));
        ScriptedServer.Peer peer = server.peers.poll(10, TimeUnit.SECONDS);
        assertNotNull(peer, "device connected");
        peer.send(new Subscribe("gina3.pekkahome", "exp"));
        CloseReason reason = peer.closed.get(10, TimeUnit.SECONDS);
        assertEquals(CloseCode.PROTOCOL_ERROR, reason.code());
        assertEquals("SUBSCRIBE is not allowed in state LIVE (device)", reason.text());
    }
}
