package org.ioswitch.device.e2e;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.ioswitch.common.block.Signal;
import org.ioswitch.common.block.SignalMap;
import org.ioswitch.common.block.Snapshot;
import org.ioswitch.common.wire.WriteOutcome;
import org.ioswitch.device.operator.OperatorClient;
import org.ioswitch.device.operator.OperatorException;
import org.ioswitch.device.operator.SetResult;
import org.ioswitch.device.operator.SignalValue;
import org.ioswitch.device.runtime.Device;
import org.ioswitch.device.simulator.SimulatedBoard;
import org.ioswitch.server.registry.Block;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * No restart ever changes an output nobody wrote: the home server (clean stop, and a crash that loses what it had not
 * saved yet) and the device (clean stop while the server is away, and a kill) restart, with writes before, during and
 * after; afterwards device, server and operator agree on the last accepted write, and the device never applied zeros
 * or an older image (every applied image is recorded).
 */
class RestartTest {
    static final String ID = HomeFixture.DEVICE_ID;
    static final Duration ANSWER = Duration.ofSeconds(20);
    @TempDir
    Path dir;
    HomeFixture home;
    Path deviceDir;
    Device device;
    /** Every imp image any run of the device applied, in order, with its version. */
    final List<Snapshot> applied = new CopyOnWriteArrayList<>();
    /** Per run of the device: the version it started from (kept on disk) and what it applied. */
    record Run(long startVersion, List<Snapshot> applied) {
    }

    final List<Run> runs = new CopyOnWriteArrayList<>();
    final ConnectionEvents events = new ConnectionEvents();

    @BeforeEach
    void setUp() throws Exception {
        home = new HomeFixture(dir.resolve("home")).start();
        deviceDir = Files.createDirectories(dir.resolve("device"));
    }

    @AfterEach
    void tearDown() {
        if (device != null) {
            device.close();
        }
        home.close();
    }

    Device startDevice(SignalMap map) throws Exception {
        device = home.device().signalMap(map).stateDir(deviceDir).build();
        Run run = new Run(device.block("imp").snapshot().seq(), new CopyOnWriteArrayList<>());
        runs.add(run);
        device.block("imp").addListener((b, previous, current) -> {
            applied.add(current);
            run.applied().add(current);
        });
        device.addListener(events);
        device.start();
        return device;
    }

    OperatorClient operator() throws Exception {
        return home.operator();
    }

    /** Writes each {@code signal, value} pair as alice and checks the device applied it. */
    void writeApplied(String... signalValues) throws Exception {
        try (OperatorClient op = operator()) {
            for (int i = 0; i < signalValues.length; i += 2) {
                SetResult r = op.set(ID, signalValues[i], signalValues[i + 1], ANSWER);
                assertTrue(r.applied(), signalValues[i] + " " + signalValues[i + 1] + ": " + r);
            }
        }
    }

    /**
     * Stops the home server (a crash that loses what it had not saved yet, or a clean stop that flushes), waits until
     * the device noticed, starts it again on the same port and waits until the device is back.
     */
    void restartServer(boolean crash) throws Exception {
        if (crash) {
            home.server.registry().store().orElseThrow().abandon();
        }
        home.stop();
        events.await("disconnected");
        home.start();
        events.await("connected");
    }

    Block serverImp() {
        return home.server.registry().network("pekkahome").block(ID, "imp").orElseThrow();
    }

    static double setpoint(byte[] image) {
        return Snapshot.of(1, image).getDouble(signal("setpoint"));
    }

    static boolean led(byte[] image) {
        return Snapshot.of(1, image).getBoolean(signal("led"));
    }

    static Signal signal(String name) {
        return SimulatedBoard.signalMap().block("imp").signal(name);
    }

    /**
     * Device, server and a fresh operator agree on {@code led} and {@code setpoint}, once the device is online again
     * and the server holds what the device holds (one round trip at a time, no sleep).
     */
    void assertAgree(boolean led, double setpoint) throws Exception {
        try (OperatorClient op = operator()) {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (true) {
                boolean online = op.listDevices().stream().anyMatch(e -> e.deviceId().equals(ID) && e.online()
                        && e.blocks().stream().anyMatch(b -> b.name().equals("info")));
                Snapshot held = device.block("imp").snapshot();
                long serverVersion = home.server.registry().network("pekkahome").block(ID, "imp").map(Block::version)
                        .orElse(-1L); // a server that never saved imp knows it only once the device announced it
                if (online && serverVersion == held.seq() && led(held.bytes()) == led
                        && setpoint(held.bytes()) == setpoint) {
                    break;
                }
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("no agreement within 20 s: device version " + held.seq() + " led "
                            + led(held.bytes()) + " setpoint " + setpoint(held.bytes()) + ", server version "
                            + serverVersion + ", online " + online);
                }
            }
            assertArrayEquals(device.block("imp").snapshot().bytes(), serverImp().image(), "server image = device");
            SignalValue l = op.get(ID, "imp.led");
            SignalValue sp = op.get(ID, "imp.setpoint");
            assertEquals(led, l.value(), "the operator's led: " + l);
            assertEquals(setpoint, (Double) sp.value(), 1e-6, "the operator's setpoint: " + sp);
            assertTrue(l.unset() || l.stateText().equals("ok"), "live, not stale: " + l);
        }
    }

    /** Applied images only ever get newer, and none is all zeros (nobody wrote zeros here). */
    void assertNoZerosOrOlderApplied() {
        long last = 0;
        for (Snapshot s : applied) {
            assertTrue(s.seq() > last, "an older or equal version " + s.seq() + " was applied after " + last
                    + ": " + applied);
            assertTrue(led(s.bytes()) || setpoint(s.bytes()) != 0, "zeros were applied: " + s);
            last = s.seq();
        }
    }

    @Test
    void serverRestartKeepsTheOutputsAndPushesNoZeros() throws Exception {
        startDevice(SimulatedBoard.signalMap());
        events.await("connected");
        writeApplied("imp.led", "true", "imp.setpoint", "22.5");
        restartServer(false); // SIGTERM-like: sessions get SHUTDOWN, images are flushed
        assertAgree(true, 22.5);
        assertEquals(2, applied.size(), "only the two writes were ever applied: " + applied);
        assertNoZerosOrOlderApplied();
    }

    @Test
    void serverCrashThatLostTheLastWriteAdoptsTheDevicesNewerImage() throws Exception {
        startDevice(SimulatedBoard.signalMap());
        events.await("connected");
        writeApplied("imp.led", "true", "imp.setpoint", "30");
        // Dies without saving what the coalescing writer still held (the second write, within its second).
        restartServer(true);
        assertAgree(true, 30);
        assertNoZerosOrOlderApplied();
    }

    @Test
    void deviceRestartWhileTheServerIsAwayComesBackWithItsOutputs() throws Exception {
        startDevice(SimulatedBoard.signalMap());
        events.await("connected");
        writeApplied("imp.setpoint", "18", "imp.led", "true");
        long version = device.block("imp").snapshot().seq();
        home.stop();
        device.close();
        applied.clear();
        startDevice(SimulatedBoard.signalMap()); // the server is down: the device starts from what it kept
        assertEquals(version, device.block("imp").snapshot().seq());
        assertTrue(led(device.block("imp").snapshot().bytes()));
        assertEquals(18.0, setpoint(device.block("imp").snapshot().bytes()), 1e-6);
        home.start();
        events.await("connected");
        assertAgree(true, 18);
        assertEquals(List.of(), applied, "the server had nothing newer: nothing was applied again");
    }

    @Test
    void killedDeviceGetsTheWritesItLostAndWritesMadeWhileItWasAway() throws Exception {
        startDevice(SimulatedBoard.signalMap());
        events.await("connected");
        try (OperatorClient op = operator()) {
            assertTrue(op.set(ID, "imp.setpoint", "10", ANSWER).applied());
            assertTrue(op.set(ID, "imp.setpoint", "11", ANSWER).applied());
            device.kill(); // its file may still hold 10, or nothing newer than 10
            SetResult away = op.set(ID, "imp.setpoint", "12", ANSWER);
            assertEquals(WriteOutcome.PENDING, away.outcome(), away.toString());
        }
        home.stop(); // and the server restarts meanwhile: the pending write is kept on disk
        home.start();
        startDevice(SimulatedBoard.signalMap());
        events.await("connected");
        assertAgree(false, 12);
        assertEquals(12.0, setpoint(applied.get(applied.size() - 1).bytes()), 1e-6);
        assertNoZerosOrOlderApplied();
    }

    @Test
    void aResetOutputStartsFromItsDefaultAndTheServerAdoptsIt() throws Exception {
        SignalMap map = SignalMap.parse(SimulatedBoard.signalMap().toJson().replace(
                "{\"name\":\"setpoint\",\"type\":\"float\"}", "{\"name\":\"setpoint\",\"type\":\"float\",\"reset\":true}"),
                "reset map");
        assertTrue(map.block("imp").signal("setpoint").reset(), map.toJson());
        startDevice(map);
        events.await("connected");
        writeApplied("imp.led", "true", "imp.setpoint", "25");
        device.close();
        startDevice(map);
        events.await("connected");
        assertAgree(true, 0);
    }

    @Test
    void aResetBlockStartsWhollyFromItsDefaultsAndTheServerAdoptsThem() throws Exception {
        String json = SimulatedBoard.signalMap().toJson();
        assertTrue(json.contains("{\"name\":\"imp\","), json);
        SignalMap map = SignalMap.parse(json.replace("{\"name\":\"imp\",", "{\"name\":\"imp\",\"reset\":true,"),
                "reset block map");
        assertTrue(map.block("imp").reset(), map.toJson());
        startDevice(map);
        events.await("connected");
        writeApplied("imp.led", "true", "imp.setpoint", "25");
        device.close();
        startDevice(map);
        events.await("connected");
        assertAgree(false, 0);
    }

    @Test
    void randomInterleavingOfWritesAndRestartsKeepsEveryoneOnTheLastAcceptedWrite() throws Exception {
        long seed = Long.getLong("restart.seed", System.nanoTime());
        java.util.Random random = new java.util.Random(seed);
        List<String> steps = new ArrayList<>();
        startDevice(SimulatedBoard.signalMap());
        events.await("connected");
        boolean led = false;
        double setpoint = 0;
        boolean serverUp = true;
        boolean deviceUp = true;
        // Whether the server holds the imp block while the device is away: it learns it from the device and keeps
        // it through a clean stop, but a crash may lose a block it never saved. A write to a block the server does
        // not know is refused ("no block"), rightly, so the model writes only where the block is certainly known.
        boolean serverKnowsImp = true;
        // The server has the device's map (its info block) before anything happens: writes need it.
        assertAgreeQuietly(led, setpoint, seed, steps);
        for (int i = 0; i < 24; i++) {
            int action = random.nextInt(6);
            if (action <= 2 && serverUp && (deviceUp || serverKnowsImp)) {
                boolean writeLed = random.nextBoolean();
                String value = writeLed ? Boolean.toString(random.nextBoolean())
                        : Integer.toString(5 + random.nextInt(31));
                try (OperatorClient op = operator()) {
                    SetResult r = setQuietly(op, writeLed ? "imp.led" : "imp.setpoint", value, seed, steps);
                    steps.add((writeLed ? "led " : "setpoint ") + value + " -> " + r);
                    assertTrue(r.outcome() != WriteOutcome.REJECTED, r.toString());
                    if (r.outcome() == WriteOutcome.PENDING && deviceUp) {
                        throw new AssertionError("pending while the device is up: " + r + " after " + steps);
                    }
                }
                if (writeLed) {
                    led = Boolean.parseBoolean(value);
                } else {
                    setpoint = Double.parseDouble(value);
                }
            } else if (action == 3) {
                if (serverUp) {
                    // A crash only where the device holds every accepted write; a clean stop anywhere.
                    boolean crash = deviceUp && random.nextBoolean();
                    if (crash) {
                        home.server.registry().store().orElseThrow().abandon();
                        serverKnowsImp = false;
                    }
                    home.stop();
                    steps.add(crash ? "server crash" : "server stop");
                } else {
                    home.start();
                    steps.add("server start");
                }
                serverUp = !serverUp;
            } else if (action >= 4) {
                if (deviceUp) {
                    boolean kill = serverUp && random.nextBoolean();
                    if (kill) {
                        device.kill();
                    } else {
                        device.close();
                    }
                    steps.add(kill ? "device kill" : "device stop");
                } else {
                    startDevice(SimulatedBoard.signalMap());
                    steps.add("device start");
                }
                deviceUp = !deviceUp;
            }
            if (serverUp && deviceUp) {
                // Let the two meet before the next step, so a crash finds the device holding every write.
                assertAgreeQuietly(led, setpoint, seed, steps);
                serverKnowsImp = true;
            }
        }
        if (!serverUp) {
            home.start();
        }
        if (!deviceUp) {
            startDevice(SimulatedBoard.signalMap());
        }
        assertAgreeQuietly(led, setpoint, seed, steps);
        assertNoZerosOrOlderAppliedAfterFirstWrite(seed, steps);
    }

    private SetResult setQuietly(OperatorClient op, String signal, String value, long seed, List<String> steps)
            throws Exception {
        try {
            return op.set(ID, signal, value, ANSWER);
        } catch (OperatorException e) {
            throw new AssertionError("seed " + seed + " (-Drestart.seed=" + seed + "), steps " + steps + ": set "
                    + signal + " = " + value + " refused: " + e.getMessage(), e);
        }
    }

    private void assertAgreeQuietly(boolean led, double setpoint, long seed, List<String> steps) throws Exception {
        try {
            assertAgree(led, setpoint);
        } catch (AssertionError e) {
            throw new AssertionError("seed " + seed + " (-Drestart.seed=" + seed + "), steps " + steps + ": "
                    + e.getMessage(), e);
        }
    }

    /**
     * Each run of the device starts from the image it kept and applies only newer versions after it: never zeros,
     * never anything older than what it started with. (A run killed within a second of a faster, coalesced write may
     * have kept the write before it; the next run then gets the newer one from the server: newer than its start.)
     */
    private void assertNoZerosOrOlderAppliedAfterFirstWrite(long seed, List<String> steps) {
        for (Run r : runs) {
            long last = r.startVersion();
            for (Snapshot s : r.applied()) {
                assertTrue(s.seq() > last, "seed " + seed + ", steps " + steps + ": a run that started at version "
                        + r.startVersion() + " applied " + s.seq() + " after " + last);
                assertTrue(s.seq() > 0, "zeros applied: " + s);
                last = s.seq();
            }
        }
    }
}
