package org.ioswitch.server.session;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.ioswitch.common.link.LinkOptions;
import org.ioswitch.common.wire.Ack;
import org.ioswitch.common.wire.BlockAnnounce;
import org.ioswitch.common.wire.Close;
import org.ioswitch.common.wire.CloseCode;
import org.ioswitch.common.wire.Data;
import org.ioswitch.common.wire.DeviceList;
import org.ioswitch.common.wire.Direction;
import org.ioswitch.common.wire.HelloAck;
import org.ioswitch.common.wire.ListDevices;
import org.ioswitch.common.wire.Role;
import org.ioswitch.common.wire.Subscribe;
import org.ioswitch.common.wire.WireLimits;
import org.ioswitch.server.account.AccountKind;
import org.ioswitch.server.account.BlockRules;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HomeServerTest {
    @TempDir
    Path dir;
    private ServerFixture f;

    @BeforeEach
    void setUp() throws Exception {
        f = new ServerFixture(dir)
                .account("home", "gina3", AccountKind.DEVICE, "dev-pw")
                .account("home", "alice", AccountKind.USER, "alice-pw")
                .account("home", "viewer", AccountKind.USER, "view-pw", new BlockRules(List.of("*.*"), List.of()))
                .account("other", "mallory", AccountKind.ADMIN, "mal-pw");
    }

    @org.junit.jupiter.api.AfterEach
    void tearDown() {
        f.close();
    }

    private static byte[] image(int size, int value) {
        byte[] b = new byte[size];
        b[0] = (byte) value;
        b[size - 1] = (byte) (value + 1);
        return b;
    }

    /** Logs gina3 in and announces exp (id 0, UP) and imp (id 1, DOWN); returns the peer after imp's resync. */
    private ScriptedPeer device() throws Exception {
        ScriptedPeer d = ScriptedPeer.login(f, Role.DEVICE, "home", "gina3.home", "dev-pw");
        d.send(new BlockAnnounce(0, "gina3.home", "exp", Direction.UP, 32, 0));
        d.send(new BlockAnnounce(1, "gina3.home", "imp", Direction.DOWN, 32, 0));
        return d;
    }

    @Test
    void deviceDataReachesOperatorAndOperatorWriteReachesDeviceAndSurvivesReconnect() throws Exception {
        f.start();
        try (ScriptedPeer d = device();
             ScriptedPeer op = ScriptedPeer.login(f, Role.OPERATOR, "home", "alice", "alice-pw")) {
            assertArrayEquals(new byte[32], d.snapshot(1, 32), "imp starts as zeros");
            d.publish(0, image(32, 7));

            op.send(new ListDevices());
            DeviceList list = op.expect(DeviceList.class);
            assertEquals(1, list.devices().size());
            assertEquals("gina3.home", list.devices().get(0).deviceId());
            assertTrue(list.devices().get(0).online());

            op.send(new Subscribe("gina3.home", "exp"));
            BlockAnnounce exp = op.expect(BlockAnnounce.class);
            assertEquals(Direction.UP, exp.direction());
            assertArrayEquals(image(32, 7), op.snapshotUntil(exp.blockId(), image(32, 7)));

            op.send(new Subscribe("gina3.home", "imp"));
            BlockAnnounce imp = op.expect(BlockAnnounce.class);
            op.expect(Data.class);
            long seq = op.publish(imp.blockId(), image(32, 42));
            Ack ack = op.expectSkippingData(Ack.class);
            assertTrue(ack.accepted(), ack.text());
            assertEquals(seq, ack.snapshotSeq());
            assertArrayEquals(image(32, 42), d.snapshot(1, 32));
        }
        try (ScriptedPeer again = device()) {
            assertArrayEquals(image(32, 42), again.snapshot(1, 32),
                    "a reconnecting device gets the imp written meanwhile");
        }
    }

    @Test
    void wrongPasswordIsRefused() throws Exception {
        f.start();
        try (ScriptedPeer p = ScriptedPeer.connect(f)) {
            p.hello(Role.DEVICE, "home");
            p.expect(HelloAck.class);
            p.auth("gina3.home", "wrong");
            assertEquals(CloseCode.AUTH_FAILED, p.expectClose().code());
        }
        try (ScriptedPeer p = ScriptedPeer.connect(f)) {
            p.hello(Role.OPERATOR, "home");
            p.expect(HelloAck.class);
            p.auth("gina3", "dev-pw");
            Close c = p.expectClose();
            assertEquals(CloseCode.AUTH_FAILED, c.code(), "a device account cannot log in as an operator");
        }
    }

    @Test
    void unknownNetworkIsRefused() throws Exception {
        f.start();
        try (ScriptedPeer p = ScriptedPeer.connect(f)) {
            p.hello(Role.OPERATOR, "nowhere");
            Close c = p.expectClose();
            assertEquals(CloseCode.UNKNOWN_NETWORK, c.code());
            assertTrue(c.text().contains("nowhere"), c.text());
        }
    }

    @Test
    void userWithoutWriteRightIsRefusedAndNothingChanges() throws Exception {
        f.start();
        try (ScriptedPeer d = device();
             ScriptedPeer op = ScriptedPeer.login(f, Role.OPERATOR, "home", "viewer", "view-pw")) {
            d.expect(Data.class);
            op.send(new Subscribe("gina3.home", "imp"));
            BlockAnnounce imp = op.expect(BlockAnnounce.class);
            op.expect(Data.class);
            op.publish(imp.blockId(), image(32, 9));
            Ack ack = op.expectSkippingData(Ack.class);
            assertEquals(Ack.NOT_AUTHORIZED, ack.status());
            assertTrue(ack.text().contains("gina3.home.imp"), ack.text());
            assertEquals(0, f.server.registry().network("home").block("gina3.home", "imp").orElseThrow()
                    .image()[0], "a refused write changes nothing");
        }
    }

    @Test
    void otherNetworkCanNeitherSeeNorWriteBlocks() throws Exception {
        f.start();
        try (ScriptedPeer d = device();
             ScriptedPeer op = ScriptedPeer.login(f, Role.OPERATOR, "other", "mallory", "mal-pw")) {
            d.expect(Data.class);
            op.send(new ListDevices());
            assertTrue(op.expect(DeviceList.class).devices().isEmpty(), "home's devices must be invisible");
            op.send(new Subscribe("gina3.home", "imp"));
            Ack ack = op.expect(Ack.class);
            assertEquals(Ack.NOT_AUTHORIZED, ack.status());
            op.publish(1, image(32, 5));
            assertEquals(Ack.UNKNOWN_BLOCK, op.expect(Ack.class).status());
            assertEquals(0, f.server.registry().network("home").block("gina3.home", "imp").orElseThrow()
                    .image()[0]);
        }
        try (ScriptedPeer p = ScriptedPeer.connect(f)) {
            p.hello(Role.OPERATOR, "home");
            p.expect(HelloAck.class);
            p.auth("mallory", "mal-pw");
            assertEquals(CloseCode.AUTH_FAILED, p.expectClose().code(), "other's account does not log into home");
        }
    }

    @Test
    void malformedFrameClosesOnlyThatConnection() throws Exception {
        f.start();
        try (ScriptedPeer good = ScriptedPeer.login(f, Role.OPERATOR, "home", "alice", "alice-pw");
             ScriptedPeer bad = ScriptedPeer.login(f, Role.OPERATOR, "home", "viewer", "view-pw")) {
            bad.raw(new byte[] {(byte) 0xEE, 0, 0, 0, 0, 4, 1, 2, 3, 4});
            Close c = bad.expectClose();
            assertEquals(CloseCode.PROTOCOL_ERROR, c.code());
            good.send(new ListDevices());
            good.expect(DeviceList.class);
        }
    }

    @Test
    void oversizedBlockIsRefusedNamingTheLimit() throws Exception {
        f.start();
        try (ScriptedPeer d = ScriptedPeer.login(f, Role.DEVICE, "home", "gina3.home", "dev-pw")) {
            d.send(new BlockAnnounce(0, "gina3.home", "exp", Direction.UP, WireLimits.DEFAULT.maxBlockSize() + 1, 0));
            Close c = d.expectClose();
            assertTrue(c.text().contains("size") && c.text().contains(String.valueOf(WireLimits.DEFAULT.maxBlockSize())),
                    c.text());
        }
        try (ScriptedPeer d = ScriptedPeer.login(f, Role.DEVICE, "home", "gina3.home", "dev-pw")) {
            d.send(new BlockAnnounce(0, "gina3.home", "exp", Direction.UP, WireLimits.DEFAULT.maxBlockSize(), 0));
            d.send(new ListDevices());
            assertEquals(CloseCode.PROTOCOL_ERROR, d.expectClose().code(), "the largest block is accepted; then "
                    + "LIST_DEVICES, which a device may not send, proves the announce was taken");
        }
    }

    @Test
    void deviceCannotAnnounceAnotherDevicesBlocks() throws Exception {
        f.start();
        try (ScriptedPeer d = ScriptedPeer.login(f, Role.DEVICE, "home", "gina3.home", "dev-pw")) {
            d.send(new BlockAnnounce(0, "gina4.home", "exp", Direction.UP, 32, 0));
            assertEquals(CloseCode.NOT_AUTHORIZED, d.expectClose().code());
        }
    }

    @Test
    void silentPeerIsDroppedAfterTheDeadPeerTimeout() throws Exception {
        f.start(f.options().link(new LinkOptions(Duration.ofMillis(200), Duration.ofMillis(800),
                LinkOptions.DEFAULT_CREDIT_WINDOW, WireLimits.DEFAULT)).build());
        try (ScriptedPeer quiet = ScriptedPeer.login(f, Role.OPERATOR, "home", "alice", "alice-pw");
             ScriptedPeer alive = ScriptedPeer.login(f, Role.OPERATOR, "home", "viewer", "view-pw")) {
            quiet.silent();
            Close c = quiet.expectClose();
            assertEquals(CloseCode.TIMEOUT, c.code());
            alive.send(new ListDevices());
            alive.expect(DeviceList.class);
        }
    }

    @Test
    void peerThatSendsNoHelloIsDropped() throws Exception {
        f.start(f.options().helloTimeout(Duration.ofMillis(300)).build());
        try (ScriptedPeer p = ScriptedPeer.connect(f)) {
            p.expectEnd();
        }
    }

    @Test
    void accountAddedWhileRunningLogsInWithoutRestart() throws Exception {
        f.start();
        try (ScriptedPeer p = ScriptedPeer.connect(f)) {
            p.hello(Role.OPERATOR, "home");
            p.expect(HelloAck.class);
            p.auth("bob", "bob-pw");
            assertEquals(CloseCode.AUTH_FAILED, p.expectClose().code());
        }
        org.ioswitch.server.account.AccountStore.open(dir).add(org.ioswitch.server.account.Account.create(
                "home", "bob", AccountKind.USER, "bob-pw".toCharArray()));
        try (ScriptedPeer p = ScriptedPeer.login(f, Role.OPERATOR, "home", "bob", "bob-pw")) {
            p.send(new ListDevices());
            p.expect(DeviceList.class);
        }
    }

    @Test
    void restartKeepsAccounts() throws Exception {
        f.start();
        f.server.close();
        f.start();
        try (ScriptedPeer p = ScriptedPeer.login(f, Role.OPERATOR, "home", "alice", "alice-pw")) {
            p.send(new ListDevices());
            p.expect(DeviceList.class);
        }
    }

    @Test
    void shutdownTellsPeersWhy() throws Exception {
        f.start();
        try (ScriptedPeer p = ScriptedPeer.login(f, Role.OPERATOR, "home", "alice", "alice-pw")) {
            p.send(new ListDevices());
            p.expect(DeviceList.class);
            f.server.close();
            assertEquals(CloseCode.SHUTDOWN, p.expectClose().code());
        }
    }
}
