package org.ioswitch.device.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.google.gson.JsonObject;
import java.nio.file.Path;
import java.time.Duration;
import org.ioswitch.common.log.PeerLog;
import org.ioswitch.common.testing.LogLines;
import org.ioswitch.common.testing.MovableClock;
import org.ioswitch.device.operator.OperatorClient;
import org.ioswitch.device.runtime.Device;
import org.ioswitch.server.console.ConsoleClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bob may read but not write: a flood of his refused console writes costs the server's log {@link PeerLog#DEFAULT_LINES_PER_WINDOW} lines and a summary a minute (the
 * server's clock, which the test moves); alice's write from the same address still reaches the device.
 */
class WriteRefusalLogTest {
    private static final int FLOOD = 8;
    private static final String SUMMARY = "… and " + (FLOOD - PeerLog.DEFAULT_LINES_PER_WINDOW)
            + " more from 127.0.0.1 in the last minute";

    @TempDir
    Path dir;
    final MovableClock clock = new MovableClock();
    HomeFixture home;
    Device device;

    @BeforeEach
    void setUp() throws Exception {
        home = new HomeFixture(dir);
        home.clock = clock;
        home.startWithConsole();
        device = home.device().build();
        device.start();
        try (OperatorClient alice = home.operator()) {
            HomeFixture.awaitListed(alice, HomeFixture.READY);
        }
    }

    @AfterEach
    void tearDown() {
        if (device != null) {
            device.close();
        }
        home.close();
    }

    @Test
    void refusedConsoleWritesAreThreeLinesAndASummary() throws Exception {
        ConsoleClient bob = login("bob", "bobpw");
        JsonObject set = new JsonObject();
        set.addProperty("signal", "imp.led");
        set.addProperty("value", "true");
        String values = "api/v1/devices/" + HomeFixture.DEVICE_ID + "/values";
        String refused = "console: write to gina3.pekkahome.imp.led refused: bob.pekkahome has no write right";
        try (LogLines log = LogLines.capture()) {
            for (int i = 0; i < FLOOD; i++) {
                assertEquals(403, bob.send("POST", values, set).status());
            }
            assertEquals(PeerLog.DEFAULT_LINES_PER_WINDOW, log.containing(refused).size(),
                    String.join("\n", log.containing("127.0.0.1")));
            clock.advance(Duration.ofSeconds(61));
            assertEquals(403, bob.send("POST", values, set).status());
            assertEquals(1, log.containing(SUMMARY).size(), String.join("\n", log.containing("127.0.0.1")));
            assertEquals(PeerLog.DEFAULT_LINES_PER_WINDOW + 1, log.containing(refused).size());
        }
        ConsoleClient.Response ok = login("alice", "alicepw").send("POST", values, set);
        assertEquals(200, ok.status(), ok.body());
    }

    private ConsoleClient login(String user, String password) throws Exception {
        ConsoleClient c = new ConsoleClient(home.consoleUri(), home.root);
        assertEquals(200, c.login(user, password).status());
        return c;
    }
}
