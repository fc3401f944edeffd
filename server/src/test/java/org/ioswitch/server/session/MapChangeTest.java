package org.ioswitch.server.session;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import org.ioswitch.common.wire.BlockAnnounce;
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

    private static byte[] filled(int size, int value) {
        byte[] b = new byte[size];
        java.util.Arrays.fill(b, (byte) value);
        return b;
    }
}
