package org.ioswitch.device.e2e;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.ioswitch.common.link.LinkOptions;
import org.ioswitch.common.tunnel.TunnelOptions;
import org.ioswitch.common.wire.WireLimits;
import org.ioswitch.device.operator.OperatorClient;
import org.ioswitch.device.operator.OperatorOptions;
import org.ioswitch.device.operator.SignalValue;
import org.ioswitch.device.runtime.Device;
import org.ioswitch.device.simulator.SimulatedBoard;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Finding 5 of the abuse review: a hung server (here: a proxy that stops forwarding, as a SIGSTOPped process looks)
 * must not leave an operator showing frozen values as {@code ok}. The client's link turns suspect after one and a
 * half keepalives and every value it shows turns {@code disconnected}, long before the dead-peer time; once the server
 * is heard again the values come back with their real state.
 */
class SilentServerTest {
    static final String ID = "gina3.pekkahome";
    @TempDir
    Path dir;
    HomeFixture home;
    Device device;
    SimulatedBoard board;

    @AfterEach
    void tearDown() {
        if (board != null) {
            board.close();
        }
        if (device != null) {
            device.close();
        }
        if (home != null) {
            home.close();
        }
    }

    @Test
    void defaultsFindAHungPeerWithin15Seconds() {
        assertTrue(LinkOptions.defaults().deadPeer().compareTo(Duration.ofSeconds(15)) <= 0);
        assertTrue(TunnelOptions.DEFAULT.keepaliveTimeout().compareTo(Duration.ofSeconds(15)) <= 0);
        assertTrue(LinkOptions.defaults().suspectAfter().compareTo(LinkOptions.defaults().deadPeer()) < 0);
    }

    @Test
    void valuesTurnDisconnectedWhileTheServerIsSilentAndComeBackAfter() throws Exception {
        home = new HomeFixture(dir).start();
        device = Device.builder().server(home.address()).tls(home.clientTls()).id(ID)
                .signalMap(SimulatedBoard.signalMap()).password("devpw").boardType(SimulatedBoard.BOARD_TYPE)
                .build();
        device.start();
        board = new SimulatedBoard(device.block("exp"), device.block("imp"), 7);
        board.step();
        BlockingQueue<SignalValue> values = new LinkedBlockingQueue<>();
        // Ping every 200 ms (suspect after 300 ms); dead only after 60 s, so only the suspicion can mark values.
        LinkOptions link = new LinkOptions(Duration.ofMillis(200), Duration.ofSeconds(60),
                LinkOptions.DEFAULT_CREDIT_WINDOW, WireLimits.DEFAULT);
        try (PausableProxy proxy = new PausableProxy(Integer.parseInt(home.address().split(":")[1]));
             OperatorClient op = OperatorClient.connect(OperatorOptions.builder().server(proxy.address())
                     .network("pekkahome").user("alice").password("alicepw").tls(home.clientTls()).link(link)
                     .build())) {
            awaitOnline(op);
            op.subscribe(ID, values::add);
            assertNotNull(await(values, "exp.counter", v -> v.stateText().equals("ok")), "live value first");

            proxy.freeze(true);
            assertNotNull(await(values, "exp.counter", v -> v.stateText().equals("disconnected")),
                    "the frozen value is marked while the link is silent");

            proxy.freeze(false);
            assertNotNull(await(values, "exp.counter", v -> v.stateText().equals("ok")),
                    "and shown live again once the server is heard");
        }
    }

    private static void awaitOnline(OperatorClient op) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (System.nanoTime() < deadline) {
            if (op.listDevices().stream().anyMatch(e -> e.deviceId().equals(ID) && e.online()
                    && e.blocks().stream().anyMatch(b -> b.name().equals("info")))) {
                return;
            }
        }
        throw new AssertionError(ID + " not online within 20 s");
    }

    private static SignalValue await(BlockingQueue<SignalValue> q, String name, Predicate<SignalValue> test)
            throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (System.nanoTime() < deadline) {
            SignalValue v = q.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
            if (v != null && v.name().equals(name) && test.test(v)) {
                return v;
            }
        }
        return null;
    }
}
