package org.ioswitch.server.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.ioswitch.common.wire.Direction;
import org.junit.jupiter.api.Test;

/** A re-announced block is kept when it matches and replaced, with its listeners told, when it does not. */
class NetworkReplaceTest {
    private static final class Recording implements BlockSubscriber {
        final List<String> heard = new CopyOnWriteArrayList<>();

        @Override
        public void snapshot(byte[] image) {
            heard.add("snapshot " + image.length);
        }

        @Override
        public void removed() {
            heard.add("removed");
        }
    }

    @Test
    void sameSizeAndDirectionKeepsTheBlockAndItsListeners() {
        Network n = new Network("home", null);
        Block b = n.announce("gina3.home", "exp", Direction.UP, 32, false);
        Recording r = new Recording();
        b.listen(r);
        assertSame(b, n.announce("gina3.home", "exp", Direction.UP, 32, false));
        b.publish(new byte[32]);
        assertEquals(List.of("snapshot 32", "snapshot 32"), r.heard);
    }

    @Test
    void otherSizeOrDirectionReplacesTheBlockAndTellsItsListenersOnce() {
        Network n = new Network("home", null);
        Block b = n.announce("gina3.home", "exp", Direction.UP, 32, false);
        Recording r = new Recording();
        b.listen(r);
        Block bigger = n.announce("gina3.home", "exp", Direction.UP, 48, false);
        assertNotSame(b, bigger);
        assertTrue(b.retired());
        assertEquals(List.of("snapshot 32", "removed"), r.heard);
        b.publish(new byte[32]);
        assertEquals(List.of("snapshot 32", "removed"), r.heard, "nothing more after removed");

        Recording late = new Recording();
        b.listen(late);
        assertEquals(List.of("removed"), late.heard, "listening to a dropped block is told at once");

        Recording down = new Recording();
        bigger.listen(down);
        n.announce("gina3.home", "exp", Direction.DOWN, 48, false);
        assertEquals(List.of("snapshot 48", "removed"), down.heard, "another direction replaces too");
    }
}
