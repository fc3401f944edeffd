package org.ioswitch.device.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.ioswitch.common.thread.Threads;
import org.ioswitch.server.console.ConsoleClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The console's API against the real home server with a real simulated device over TLS: the device is listed online
 * with its TLS facts, its values arrive live, an admin approves a pending device by the code it shows, a write reaches
 * the device and its own report confirms it, a user without write rights is refused.
 */
class ConsoleEndToEndTest {
    @TempDir
    Path serverDir;
    @TempDir
    Path newDeviceDir;
    ConsoleRig rig;
    ConsoleClient admin;
    final BlockingQueue<String> lines = new LinkedBlockingQueue<>();

    @BeforeEach
    void setUp() throws Exception {
        rig = new ConsoleRig(serverDir);
        admin = rig.login("root", "rootpw");
    }

    @AfterEach
    void tearDown() {
        rig.close();
    }

    @Test
    void theDeviceIsListedOnlineWithHowItCameIn() throws Exception {
        JsonObject gina = ConsoleRig.await(() -> admin.get("api/v1/devices").json().getAsJsonArray("devices").get(0)
                .getAsJsonObject(), d -> d.get("online").getAsBoolean());
        assertEquals("gina3.pekkahome", gina.get("id").getAsString());
        assertEquals("direct", gina.get("route").getAsString());
        assertEquals("simulator", gina.get("boardType").getAsString(), "the board type of its login");
        assertTrue(gina.get("tls").getAsString().startsWith("TLSv1.3"), gina.toString());
        JsonObject detail = ConsoleRig.await(() -> admin.get("api/v1/devices/gina3.pekkahome").json(),
                d -> signal(d, "exp", "counter") != null);
        assertEquals("uint", signal(detail, "exp", "counter").get("type").getAsString());
        assertTrue(signal(detail, "imp", "led").get("writable").getAsBoolean());
        assertEquals("unset", signal(detail, "imp", "setpoint").get("state").getAsString(), "nobody wrote it: "
                + detail);
    }

    @Test
    void valuesArriveLiveAndTheDeviceAppliesOrRejectsAWrite() throws Exception {
        HttpResponse<Stream<String>> stream = admin.stream("api/v1/devices/gina3.pekkahome/events");
        assertEquals(200, stream.statusCode());
        assertEquals("text/event-stream; charset=utf-8", stream.headers().firstValue("Content-Type").orElseThrow());
        Threads.start("sse-reader", () -> stream.body().forEach(lines::add));
        try {
            JsonObject live = nextEvent(d -> signal(d, "exp", "counter") != null
                    && signal(d, "exp", "counter").get("state").getAsString().equals("ok"));
            long first = Long.parseLong(value(live, "exp", "counter"));
            nextEvent(d -> Long.parseLong(value(d, "exp", "counter")) > first);

            JsonObject set = new JsonObject();
            set.addProperty("signal", "imp.led");
            set.addProperty("value", "true");
            ConsoleClient.Response r = admin.send("POST", "api/v1/devices/gina3.pekkahome/values", set);
            assertEquals(200, r.status(), r.body());
            assertEquals("applied", r.json().get("status").getAsString(), r.body());
            JsonObject confirmed = nextEvent(d -> value(d, "exp", "led_state").equals("true"));
            assertEquals("true", value(confirmed, "imp", "led"));

            set.addProperty("signal", "imp.setpoint");
            set.addProperty("value", "40");
            ConsoleClient.Response refused = admin.send("POST", "api/v1/devices/gina3.pekkahome/values", set);
            assertEquals(200, refused.status(), refused.body());
            assertEquals("rejected", refused.json().get("status").getAsString(), refused.body());
            assertTrue(refused.json().get("message").getAsString().contains("setpoint"), refused.body());
        } finally {
            stream.body().close();
        }
    }

    @Test
    void aDeviceThatStopsIsListedOfflineWithCauseAndLastSeen() throws Exception {
        ConsoleRig.await(() -> admin.get("api/v1/devices").json(), d -> entry(d).get("online").getAsBoolean());
        rig.device.close();
        JsonObject gone = entry(ConsoleRig.await(() -> admin.get("api/v1/devices").json(),
                d -> !entry(d).get("online").getAsBoolean()));
        assertEquals("closed by the device", gone.get("offlineCause").getAsString(), gone.toString());
        assertTrue(!gone.get("lastSeen").getAsString().isEmpty(), gone.toString());
        JsonObject detail = admin.get("api/v1/devices/gina3.pekkahome").json();
        assertEquals("stale", signal(detail, "exp", "counter").get("state").getAsString(), "its last value: " + detail);
        assertEquals("unset", signal(detail, "imp", "setpoint").get("state").getAsString(), detail.toString());
    }

    private static JsonObject entry(JsonObject devices) {
        for (var e : devices.getAsJsonArray("devices")) {
            if (e.getAsJsonObject().get("id").getAsString().equals("gina3.pekkahome")) {
                return e.getAsJsonObject();
            }
        }
        throw new AssertionError("gina3.pekkahome not listed: " + devices);
    }

    @Test
    void aWriteIsCheckedAgainstTypeAndRights() throws Exception {
        ConsoleRig.await(() -> admin.get("api/v1/devices/gina3.pekkahome").json(), d -> signal(d, "imp", "led") != null);
        JsonObject set = new JsonObject();
        set.addProperty("signal", "imp.setpoint");
        set.addProperty("value", "warm");
        ConsoleClient.Response bad = admin.send("POST", "api/v1/devices/gina3.pekkahome/values", set);
        assertEquals(400, bad.status());
        assertEquals("value", bad.json().get("field").getAsString());
        assertTrue(bad.json().get("error").getAsString().contains("expected a number"), bad.body());
        set.addProperty("signal", "exp.counter");
        set.addProperty("value", "1");
        assertEquals(400, admin.send("POST", "api/v1/devices/gina3.pekkahome/values", set).status(),
                "an UP block is the device's to write");

        ConsoleClient bob = rig.login("bob", "bobpw");
        set.addProperty("signal", "imp.led");
        set.addProperty("value", "true");
        ConsoleClient.Response refused = bob.send("POST", "api/v1/devices/gina3.pekkahome/values", set);
        assertEquals(403, refused.status(), refused.body());
        assertTrue(refused.json().get("error").getAsString().contains("not authorized to write"));
        assertEquals(403, bob.get("api/v1/pairing").status());
    }

    @Test
    void anAdminApprovesAPendingDeviceByTheCodeItShows() throws Exception {
        JsonObject open = new JsonObject();
        open.addProperty("minutes", 10);
        assertEquals(200, admin.send("POST", "api/v1/pairing/open", open).status());
        String code = rig.startNewDevice(newDeviceDir);
        JsonObject pending = admin.get("api/v1/pairing").json().getAsJsonArray("pending").get(0).getAsJsonObject();
        assertEquals("gina*.pekkahome", pending.get("requestedId").getAsString());
        assertEquals("pi4", pending.get("boardType").getAsString());
        assertTrue(!pending.has("code"), "the page never shows the code: the admin types what the device shows");

        JsonObject approve = new JsonObject();
        approve.addProperty("name", "gina*.pekkahome");
        approve.addProperty("code", wrong(code));
        ConsoleClient.Response refused = admin.send("POST", "api/v1/pairing/approve", approve);
        assertEquals(403, refused.status(), refused.body());
        assertEquals("code", refused.json().get("field").getAsString());
        approve.addProperty("code", code);
        ConsoleClient.Response ok = admin.send("POST", "api/v1/pairing/approve", approve);
        assertEquals(200, ok.status(), ok.body());
        assertEquals("gina4.pekkahome", ok.json().get("id").getAsString());
        assertEquals("connected gina4.pekkahome", rig.events.poll(20, TimeUnit.SECONDS));
        JsonObject listed = ConsoleRig.await(() -> find(admin.get("api/v1/devices").json(), "gina4.pekkahome"),
                d -> d != null && d.get("online").getAsBoolean());
        assertEquals("pi4", listed.get("boardType").getAsString());
        String audit = java.nio.file.Files.readString(serverDir.resolve("audit.log"));
        assertTrue(audit.contains("user=console:root action=approve target=gina*.pekkahome result=ok approved "
                + "gina4.pekkahome"), audit);
    }

    private static String wrong(String code) {
        char last = code.charAt(code.length() - 1);
        return code.substring(0, code.length() - 1) + (last == '9' ? '0' : (char) (last + 1));
    }

    /** The next "device" event that passes {@code test}, within 20 s. */
    private JsonObject nextEvent(Predicate<JsonObject> test) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        String event = "";
        while (System.nanoTime() < deadline) {
            String line = lines.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
            if (line == null) {
                break;
            }
            if (line.startsWith("event: ")) {
                event = line.substring(7);
            } else if (line.startsWith("data: ") && event.equals("device")) {
                JsonObject d = JsonParser.parseString(line.substring(6)).getAsJsonObject();
                if (test.test(d)) {
                    return d;
                }
            }
        }
        throw new AssertionError("no matching live event within 20 s");
    }

    private static JsonObject find(JsonObject list, String id) {
        for (JsonElement e : list.getAsJsonArray("devices")) {
            if (e.getAsJsonObject().get("id").getAsString().equals(id)) {
                return e.getAsJsonObject();
            }
        }
        return null;
    }

    static JsonObject signal(JsonObject detail, String block, String name) {
        if (!detail.has("blocks")) {
            return null;
        }
        for (JsonElement b : detail.getAsJsonArray("blocks")) {
            if (b.getAsJsonObject().get("name").getAsString().equals(block)) {
                for (Iterator<JsonElement> it = b.getAsJsonObject().getAsJsonArray("signals").iterator();
                     it.hasNext();) {
                    JsonObject s = it.next().getAsJsonObject();
                    if (s.get("name").getAsString().equals(name)) {
                        return s;
                    }
                }
            }
        }
        return null;
    }

    static String value(JsonObject detail, String block, String name) {
        JsonObject s = signal(detail, block, name);
        return s == null ? "" : s.get("value").getAsString();
    }
}
