package org.ioswitch.device.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.nio.file.Path;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.ioswitch.device.operator.OperatorClient;
import org.ioswitch.device.operator.OperatorOptions;
import org.ioswitch.server.console.ConsoleClient;
import org.ioswitch.server.console.Promtool;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code /metrics} of a switchbox (its own HTTPS listener) and of the home server that publishes through it (its
 * console listener), while an operator is relayed end to end: the tunnel, its stream and its bytes, the uplink, and
 * promtool finds both texts valid.
 */
class MetricsEndToEndTest {
    @TempDir
    Path dir;
    RelayFixture relay;

    @BeforeEach
    void setUp() throws Exception {
        relay = new RelayFixture(dir).withMetrics().startSwitchbox().startHome();
    }

    @AfterEach
    void tearDown() {
        relay.close();
    }

    @Test
    void switchboxAndHomeServerExportWhatTheyRelay() throws Exception {
        try (OperatorClient operator = OperatorClient.connect(OperatorOptions.builder().network("pekkahome")
                .user("alice").password("alicepw").tls(relay.homeTls()).viaSwitchbox(relay.route()).build())) {
            operator.listDevices();
            ConsoleClient box = new ConsoleClient(URI.create("https://127.0.0.1:"
                    + relay.switchbox.metricsAddress().orElseThrow().getPort() + "/"), relay.cloudRoot);
            String boxText = await(box, t -> value(t, "ioswitch_connections{role=\"client\"}") == 1);
            assertEquals(1, value(boxText, "ioswitch_relay_tunnels"), boxText);
            assertEquals(1, value(boxText, "ioswitch_connections{role=\"publisher\"}"));
            Matcher bytes = Pattern.compile("(?m)^ioswitch_relay_tunnel_bytes_total\\{tunnel=\"pekka@[^\"]+\","
                    + "direction=\"in\"} (\\d+)$").matcher(boxText);
            assertTrue(bytes.find() && Long.parseLong(bytes.group(1)) > 0, boxText);
            Promtool.Result boxCheck = Promtool.check(boxText);
            assertEquals(0, boxCheck.exit(), boxCheck.output() + "\n" + boxText);

            ConsoleClient home = new ConsoleClient(URI.create(relay.server.console().orElseThrow().url()),
                    relay.homeRoot);
            String homeText = await(home, t -> value(t, "ioswitch_connections{role=\"operator\"}") == 1);
            assertEquals(1, value(homeText, "ioswitch_uplink_published"), homeText);
            assertEquals(1, value(homeText, "ioswitch_uplink_relayed_streams"), homeText);
            assertTrue(value(homeText, "ioswitch_wire_frames_total{direction=\"in\"}") > 0);
            Promtool.Result homeCheck = Promtool.check(homeText);
            assertEquals(0, homeCheck.exit(), homeCheck.output() + "\n" + homeText);
        }
    }

    private static String await(ConsoleClient client, Predicate<String> test) throws Exception {
        return ConsoleRig.await(() -> {
            ConsoleClient.Response r = client.get("metrics");
            assertEquals(200, r.status(), r.body());
            return r.body();
        }, test);
    }

    private static double value(String text, String sample) {
        Matcher m = Pattern.compile("(?m)^" + Pattern.quote(sample) + " (\\S+)$").matcher(text);
        return m.find() ? Double.parseDouble(m.group(1)) : -1;
    }
}
