package org.ioswitch.device.e2e;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.ioswitch.common.clock.ClockFloor;
import org.ioswitch.common.tls.ExpiryPolicy;
import org.ioswitch.common.tls.TlsOptions;
import org.ioswitch.device.connect.ServerAddress;
import org.ioswitch.device.runtime.ConnectionListener;
import org.ioswitch.device.runtime.Device;
import org.ioswitch.device.simulator.SimulatedBoard;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A device whose clock says 1970 (no real-time clock) connects to a server whose certificate is valid today. */
class ClockFloorEndToEndTest {
    static final InstantSource NINETEEN_SEVENTY = InstantSource.fixed(Instant.parse("1970-01-01T00:00:42Z"));
    @TempDir
    Path dir;
    HomeFixture home;
    Device device;
    final BlockingQueue<String> events = new LinkedBlockingQueue<>();

    @BeforeEach
    void setUp() throws Exception {
        home = new HomeFixture(dir.resolve("server")).start();
    }

    @AfterEach
    void tearDown() {
        if (device != null) {
            device.close();
        }
        home.close();
    }

    private void start(TlsOptions tls) throws Exception {
        device = Device.builder().id("gina3.pekkahome").server(home.address()).tls(tls)
                .signalMap(SimulatedBoard.signalMap()).password("devpw")
                .backoff(Duration.ofMillis(100), Duration.ofMillis(400)).build();
        device.addListener(new ConnectionListener() {
            @Override
            public void connected(ServerAddress s, String identity) {
                events.add("connected");
            }

            @Override
            public void failed(ServerAddress s, String reason) {
                events.add("failed " + reason);
            }
        });
        device.start();
    }

    private String nextEvent() throws InterruptedException {
        String e = events.poll(20, TimeUnit.SECONDS);
        assertNotNull(e, "a connection event within 20 s");
        return e;
    }

    @Test
    void deviceBootedIn1970ConnectsWithTheWallTimeItSavedBefore() throws Exception {
        Path state = dir.resolve("device");
        // An earlier run with a good clock (e.g. NTP before the power cut) saved its wall time.
        ClockFloor.start(state, InstantSource.system()).close();
        // Rebooted without a real-time clock: the clock says 1970, the floor says "at least then".
        try (ClockFloor floor = ClockFloor.start(state, NINETEEN_SEVENTY)) {
            start(floor.applyTo(home.clientTls().toBuilder().clock(NINETEEN_SEVENTY).expiry(ExpiryPolicy.ENFORCE)
                    .build()));
            String event = nextEvent();
            assertTrue(event.equals("connected"), event);
        }
    }

    @Test
    void withoutTheFloorTheSame1970ClockRefusesTheServer() throws Exception {
        start(home.clientTls().toBuilder().clock(NINETEEN_SEVENTY).expiry(ExpiryPolicy.ENFORCE).build());
        String event = nextEvent();
        assertTrue(event.startsWith("failed") && event.contains("is not valid before")
                && event.contains("1970-01-01T00:00:42Z"), event);
    }
}
