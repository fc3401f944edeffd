package org.ioswitch.common.clock;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.time.format.DateTimeParseException;
import java.util.Objects;
import java.util.Properties;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.ioswitch.common.files.AtomicFiles;
import org.ioswitch.common.thread.Threads;
import org.ioswitch.common.tls.TlsOptions;
import org.tinylog.Logger;

/**
 * The earliest instant it can be now (DESIGN §4, §5): a Pi without a real-time clock boots in 1970, when every
 * certificate is "not yet valid". The floor is the later of the build time recorded in the jar and the wall time this
 * process last saved in its state directory, plus the time this process has been running (a monotonic clock, so it
 * holds while the wall clock is wrong). Certificate validity is checked against max(clock, floor).
 *
 * <p>The wall time is saved to {@code STATE_DIR/clock.floor} at start, every {@link #SAVE_INTERVAL} and at
 * {@link #close()}; it only ever moves forward (a 1970 clock never lowers it), and writes are coalesced so an SD
 * card does not wear out. Thread-safe: {@link #get()} is called from TLS handshakes on any thread.
 */
public final class ClockFloor implements Supplier<Instant>, AutoCloseable {
    /** The file in the state directory that holds the last saved wall time (ISO-8601, one line). */
    public static final String FILE = "clock.floor";
    /** How often the wall time is saved while running. */
    public static final Duration SAVE_INTERVAL = Duration.ofMinutes(10);
    private static final String BUILD_PROPERTIES = "build.properties";

    private final Path file;
    private final InstantSource clock;
    private final Instant base;
    private final long startNanos = System.nanoTime();
    private final ScheduledExecutorService saver;
    /** The last instant written to {@link #file}; guarded by {@code this}. */
    private Instant saved;

    private ClockFloor(Path file, InstantSource clock, Instant base, boolean saveRegularly) {
        this.file = file;
        this.clock = clock;
        this.base = base;
        this.saved = base;
        if (file != null && saveRegularly) {
            saver = Executors.newSingleThreadScheduledExecutor(Threads.daemonFactory("ioswitch-clock-floor"));
            long every = SAVE_INTERVAL.toMillis();
            saver.scheduleWithFixedDelay(this::save, every, every, TimeUnit.MILLISECONDS);
        } else {
            saver = null;
        }
    }

    /**
     * Reads the floor of the process whose state directory is {@code stateDir}, saves the wall time now (when it is
     * later) and every {@link #SAVE_INTERVAL} until closed.
     */
    public static ClockFloor start(Path stateDir, InstantSource clock) {
        Objects.requireNonNull(stateDir, "stateDir");
        Path file = stateDir.resolve(FILE);
        Instant build = buildTime();
        Instant last = read(file);
        ClockFloor floor = new ClockFloor(file, Objects.requireNonNull(clock, "clock"), later(build, last), true);
        floor.save();
        return floor;
    }

    /** {@link #start(Path, InstantSource)} with the system clock. */
    public static ClockFloor start(Path stateDir) {
        return start(stateDir, InstantSource.system());
    }

    /** A floor without a state directory (an operator command): the build time plus the time running. */
    public static ClockFloor buildTimeOnly() {
        return new ClockFloor(null, InstantSource.system(), buildTime(), false);
    }

    /** The floor now: max(build time, last saved wall time) plus the time since this process read it. */
    @Override
    public Instant get() {
        return base.plusNanos(System.nanoTime() - startNanos);
    }

    /** {@code tls} checking validity against this floor too (the later of this floor and the one it had). */
    public TlsOptions applyTo(TlsOptions tls) {
        Supplier<Instant> previous = tls.clockFloor();
        return tls.toBuilder().clockFloor(() -> later(previous.get(), get())).build();
    }

    /** Saves max(wall clock, floor) when it is later than what was saved; failures are logged, never thrown. */
    public synchronized void save() {
        if (file == null) {
            return;
        }
        Instant now = later(clock.instant(), get());
        if (!now.isAfter(saved)) {
            return;
        }
        try {
            AtomicFiles.write(file, (now + "\n").getBytes(StandardCharsets.US_ASCII), false);
            saved = now;
        } catch (IOException e) {
            Logger.warn("cannot save the wall time to {} (the clock floor after a reboot stays older): {}", file,
                    e.getMessage());
        }
    }

    /** Saves once more and stops saving. */
    @Override
    public void close() {
        if (saver != null) {
            saver.shutdownNow();
        }
        save();
    }

    /** The build time written into the jar by Maven, or {@link Instant#EPOCH} when it cannot be read. */
    public static Instant buildTime() {
        try (InputStream in = ClockFloor.class.getResourceAsStream(BUILD_PROPERTIES)) {
            if (in == null) {
                return Instant.EPOCH;
            }
            Properties p = new Properties();
            p.load(in);
            return Instant.parse(p.getProperty("buildTime", "").trim());
        } catch (IOException | DateTimeParseException e) {
            return Instant.EPOCH;
        }
    }

    private static Instant read(Path file) {
        try {
            return Instant.parse(Files.readString(file, StandardCharsets.US_ASCII).trim());
        } catch (NoSuchFileException e) {
            return Instant.EPOCH;
        } catch (IOException | DateTimeParseException e) {
            Logger.warn("{}: not a saved wall time ({}), ignored", file, e.getMessage());
            return Instant.EPOCH;
        }
    }

    private static Instant later(Instant a, Instant b) {
        return a.isAfter(b) ? a : b;
    }
}
