package org.ioswitch.device.e2e;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import org.ioswitch.common.link.LinkOptions;
import org.ioswitch.common.tunnel.TunnelOptions;
import org.ioswitch.common.wire.WireLimits;
import org.ioswitch.device.operator.OperatorClient;
import org.ioswitch.device.operator.SignalValue;
import org.ioswitch.device.runtime.Device;
import org.ioswitch.device.simulator.SimulatedBoard;
import org.ioswitch.device.testing.SignalValues;
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
        device = home.device().build();
        device.start();
        board = new SimulatedBoard(device.block("exp"), device.block("imp"), 7);
        board.step();
        BlockingQueue<SignalValue> values = new LinkedBlockingQueue<>();
        // Ping every 200 ms (suspect after 300 ms); dead only after 60 s, so only the suspicion can mark values.
        LinkOptions link = new LinkOptions(Duration.ofMillis(200), Duration.ofSeconds(60),
                LinkOptions.DEFAULT_CREDIT_WINDOW, WireLimits.DEFAULT);
        try (PausableProxy proxy = new PausableProxy(Integer.parseInt(home.address().split(":")[1]));
             OperatorClient op = OperatorClient.connect(home.operatorOptions().server(proxy.address()).link(link)
                     .build())) {
            HomeFixture.awaitListed(op, HomeFixture.READY);
            op.subscribe(HomeFixture.DEVICE_ID, values::add);
            assertNotNull(SignalValues.awaitValue(values, "exp.counter", v -> v.stateText().equals("ok")), "live value first");

            proxy.freeze(true);
            assertNotNull(SignalValues.awaitValue(values, "exp.counter", v -> v.stateText().equals("disconnected")),
                    "the frozen value is marked while the link is silent");

            proxy.freeze(false);
            assertNotNull(SignalValues.awaitValue(values, "exp.counter", v -> v.stateText().equals("ok")),
                    "and shown live again once the server is heard");
        }
    }
}
