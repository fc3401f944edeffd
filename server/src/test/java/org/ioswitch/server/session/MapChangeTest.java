package org.ioswitch.server.session;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.ioswitch.common.wire.Ack;
import org.ioswitch.common.wire.BlockAnnounce;
import org.ioswitch.common.wire.Data;
import org.ioswitch.common.wire.Frame;
import org.ioswitch.common.wire.BlockRemove;
import org.ioswitch.common.wire.Direction;
import org.ioswitch.common.wire.Role;
import org.ioswitch.common.wire.Subscribe;
import org.ioswitch.server.account.AccountKind;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A device whose signal map no longer matches what the server holds (new firmware: a block of another size) replaces
 * the server's copy; an operator then sees the new layout, never a mix of old and new bytes.
 */
class MapChangeTest {
    @TempDir
    Path dir;

    @Test
    void reannouncedBlockOfAnotherSizeReplacesTheOldOne() throws Exception {
        try (ServerFixture f = new ServerFixture(dir).account("home", "gina3", AccountKind.DEVICE, "dev-pw")
                .account("home", "alice", AccountKind.USER, "alice-pw").start()) {
            byte[] old = filled(32, 7);
            try (ScriptedPeer d = ScriptedPeer.login(f, Role.DEVICE, "home", "gina3.home", "dev-pw")) {
                d.send(new BlockAnnounce(0, "gina3.home", "exp", Direction.UP, 32, 0));
                d.publish(0, old);
                try (ScriptedPeer op = ScriptedPeer.login(f, Role.OPERATOR, "home", "alice", "alice-pw")) {
                    op.send(new Subscribe("gina3.home", "exp"));
                    BlockAnnounce a = op.expect(BlockAnnounce.class);
                    assertEquals(32, a.size());
                    assertArrayEquals(old, op.snapshotUntil(a.blockId(), old));
                }
            }
            byte[] fresh = filled(48, 9);
            try (ScriptedPeer d = ScriptedPeer.login(f, Role.DEVICE, "home", "gina3.home", "dev-pw")) {
                d.send(new BlockAnnounce(0, "gina3.home", "exp", Direction.UP, 48, 0));
                d.publish(0, fresh);
                try (ScriptedPeer op = ScriptedPeer.login(f, Role.OPERATOR, "home", "alice", "alice-pw")) {
                    op.send(new Subscribe("gina3.home", "exp"));
                    BlockAnnounce a = op.expect(BlockAnnounce.class);
                    assertEquals(48, a.size(), "the new map's size, not the old one");
                    assertArrayEquals(fresh, op.snapshotUntil(a.blockId(), fresh));
                }
            }
        }
    }

    @Test
    void subscribedOperatorIsToldBlockRemoveWhenTheBlockIsReplacedAndNotWhenItIsKept() throws Exception {
        try (ServerFixture f = new ServerFixture(dir).account("home", "gina3", AccountKind.DEVICE, "dev-pw")
                .account("home", "alice", AccountKind.USER, "alice-pw").start();
             ScriptedPeer op = ScriptedPeer.login(f, Role.OPERATOR, "home", "alice", "alice-pw")) {
            byte[] info = filled(16, 1);
            BlockAnnounce infoAnnounce;
            BlockAnnounce oldExp;
            try (ScriptedPeer d = ScriptedPeer.login(f, Role.DEVICE, "home", "gina3.home", "dev-pw")) {
                d.send(new BlockAnnounce(0, "gina3.home", "info", Direction.UP, 16, 0));
                d.send(new BlockAnnounce(1, "gina3.home", "exp", Direction.UP, 32, 0));
                d.publish(0, info);
                d.publish(1, filled(32, 7));
                infoAnnounce = subscribeOnceAnnounced(op, "gina3.home", "info");
                assertArrayEquals(info, op.snapshotUntil(infoAnnounce.blockId(), info));
                op.send(new Subscribe("gina3.home", "exp"));
                oldExp = op.expectSkippingData(BlockAnnounce.class);
                assertEquals(32, oldExp.size());
            }
            // New firmware: info keeps its size (kept, no BLOCK_REMOVE), exp grows (replaced: BLOCK_REMOVE).
            try (ScriptedPeer d = ScriptedPeer.login(f, Role.DEVICE, "home", "gina3.home", "dev-pw")) {
                d.send(new BlockAnnounce(0, "gina3.home", "info", Direction.UP, 16, 0));
                d.send(new BlockAnnounce(1, "gina3.home", "exp", Direction.UP, 48, 0));
                BlockRemove removed = op.expectSkippingData(BlockRemove.class);
                assertEquals(oldExp.blockId(), removed.blockId(), "the replaced exp, not the kept info");
                byte[] info2 = filled(16, 2);
                d.publish(0, info2);
                assertArrayEquals(info2, op.snapshotUntil(infoAnnounce.blockId(), info2),
                        "the kept info block still reaches its subscriber");
                byte[] fresh = filled(48, 9);
                d.publish(1, fresh);
                op.send(new Subscribe("gina3.home", "exp"));
                BlockAnnounce newExp = op.expectSkippingData(BlockAnnounce.class);
                assertEquals(48, newExp.size());
                assertNotEquals(oldExp.blockId(), newExp.blockId(), "a new id for the new block");
                assertArrayEquals(fresh, op.snapshotUntil(newExp.blockId(), fresh));
            }
        }
    }

    /** Subscribes until the server knows the block: the device's announcement travels on another connection. */
    private static BlockAnnounce subscribeOnceAnnounced(ScriptedPeer op, String device, String block)
            throws Exception {
        long deadline = System.nanoTime() + ScriptedPeer.WAIT.toNanos();
        while (true) {
            op.send(new Subscribe(device, block));
            Frame f = op.next();
            while (f instanceof Data) {
                f = op.next();
            }
            if (f instanceof BlockAnnounce a) {
                return a;
            }
            assertTrue(f instanceof Ack ack && ack.status() == Ack.UNKNOWN_BLOCK, "unexpected " + f);
            assertTrue(System.nanoTime() < deadline, device + "." + block + " not announced within " + ScriptedPeer.WAIT);
        }
    }

    private static byte[] filled(int size, int value) {
        byte[] b = new byte[size];
        java.util.Arrays.fill(b, (byte) value);
        return b;
    }
}
