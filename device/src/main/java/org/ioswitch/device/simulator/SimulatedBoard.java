package org.ioswitch.device.simulator;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Objects;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.ioswitch.common.block.MemoryBlock;
import org.ioswitch.common.block.SignalHandle;
import org.ioswitch.common.block.SignalMap;
import org.ioswitch.common.thread.Threads;
import org.ioswitch.device.runtime.Device;
import org.ioswitch.device.runtime.WriteCheck;

/**
 * A board without hardware, so everything can be tried: inputs {@code exp.counter} (uint32, +1 every tick),
 * {@code exp.temperature} (float, drifting), {@code exp.button} (bool, toggles now and then) and {@code exp.led_state}
 * (bool, mirrors {@code imp.led} once applied); outputs {@code imp.led} (bool) and {@code imp.setpoint} (float), whose
 * "hardware" takes only {@value #SETPOINT_MIN}..{@value #SETPOINT_MAX}: the board refuses other setpoints
 * ({@link #writeCheck()}), so an operator sees {@code rejected: setpoint 40.0 outside 5..35}.
 */
public final class SimulatedBoard implements AutoCloseable {
    /** The interval between two ticks. */
    public static final Duration TICK = Duration.ofMillis(100);
    /** The board type announced by a simulated device. */
    public static final String BOARD_TYPE = "simulator";
    private static final String MAP_RESOURCE = "signals.json";
    /** Smallest setpoint the simulated hardware takes. */
    public static final double SETPOINT_MIN = 5;
    /** Largest setpoint the simulated hardware takes. */
    public static final double SETPOINT_MAX = 35;

    private final MemoryBlock exp;
    private final SignalHandle counter;
    private final SignalHandle temperature;
    private final SignalHandle button;
    private final SignalHandle ledState;
    private final SignalHandle led;
    private final SignalHandle setpoint;
    private final Random random;
    private final CountDownLatch stop = new CountDownLatch(1);
    private final AtomicLong count = new AtomicLong();
    /** Tick thread only. */
    private double temp = 21.5;
    private Thread thread;

    /**
     * A board driving {@code exp} and following {@code imp}, both laid out by {@link #signalMap()}.
     *
     * @param seed seed of the drift and the button, so a run can be repeated
     */
    public SimulatedBoard(MemoryBlock exp, MemoryBlock imp, long seed) {
        this.exp = Objects.requireNonNull(exp, "exp");
        Objects.requireNonNull(imp, "imp");
        this.counter = exp.signal("counter");
        this.temperature = exp.signal("temperature");
        this.button = exp.signal("button");
        this.ledState = exp.signal("led_state");
        this.led = imp.signal("led");
        this.setpoint = imp.signal("setpoint");
        this.random = new Random(seed);
        counter.set(0L);
        temperature.set(temp);
        button.set(false);
        // An output kept across a restart (or set before the board started) is what the "hardware" shows.
        ledState.set(imp.signal("led").getBoolean());
        exp.publish();
        // The output takes effect when the snapshot is applied; the input reports what the "hardware" now shows.
        led.addListener((signal, snapshot) -> {
            ledState.set(snapshot.getBoolean(signal.signal()));
            exp.publish();
        });
    }

    /** A board on a device's {@code exp} and {@code imp}, its {@link #writeCheck()} added to the device. */
    public static SimulatedBoard on(Device device, long seed) {
        SimulatedBoard board = new SimulatedBoard(device.block("exp"), device.block("imp"), seed);
        device.addWriteCheck(board.writeCheck());
        return board;
    }

    /** Refuses a write that changes the setpoint to a value outside 5..35 (what the simulated hardware takes). */
    public WriteCheck writeCheck() {
        return (block, current, proposed) -> {
            if (block != setpoint.block()) {
                return null;
            }
            double now = current.getDouble(setpoint.signal());
            double next = proposed.getDouble(setpoint.signal());
            if (next == now || next >= SETPOINT_MIN && next <= SETPOINT_MAX) {
                return null;
            }
            return "setpoint " + next + " outside " + (int) SETPOINT_MIN + ".." + (int) SETPOINT_MAX;
        };
    }

    /** The simulated board's signal map, shipped as an iocom {@code signals.json} resource. */
    public static SignalMap signalMap() {
        try (InputStream in = SimulatedBoard.class.getResourceAsStream(MAP_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("resource " + MAP_RESOURCE + " missing from the device jar");
            }
            return SignalMap.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8), MAP_RESOURCE);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read the simulator's " + MAP_RESOURCE + ": " + e.getMessage(), e);
        }
    }

    /** Starts ticking every {@link #TICK} on its own thread. */
    public synchronized void start() {
        if (thread == null) {
            thread = Threads.start("ioswitch-simulator", this::run);
        }
    }

    /** One tick: counter +1, temperature drifts, the button sometimes toggles; then one publish of all of it. */
    public synchronized void step() {
        counter.set(count.incrementAndGet() & 0xFFFF_FFFFL);
        temp += (random.nextDouble() - 0.5) * 0.2 + (21.5 - temp) * 0.01;
        temperature.set(Math.round(temp * 100) / 100.0);
        if (random.nextInt(50) == 0) {
            button.set(!button.getBoolean());
        }
        exp.publish();
    }

    private void run() {
        try {
            while (!stop.await(TICK.toMillis(), TimeUnit.MILLISECONDS)) {
                step();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Stops ticking. */
    @Override
    public void close() {
        stop.countDown();
    }
}
