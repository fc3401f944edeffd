package org.ioswitch.common.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.ioswitch.common.block.SignalMap;
import org.ioswitch.common.block.SignalMapException;
import org.ioswitch.common.config.ConfigException;
import org.ioswitch.common.config.ConfigFile;
import org.ioswitch.common.tls.TlsOptions;
import org.ioswitch.common.tunnel.TunnelCodec;
import org.ioswitch.common.wire.Frame;
import org.ioswitch.common.wire.FrameReader;
import org.ioswitch.common.wire.WireLimits;

/**
 * Coverage-guided fuzzing (Jazzer) of every parser in common that reads outside input: the frame codec, the tunnel
 * codec, config JSON with its {@code tls} block, and {@code signals.json}. A parser may refuse input only with its own
 * checked exception (WireException and other IOExceptions, ConfigException, SignalMapException); anything else that
 * escapes (IndexOutOfBounds, NegativeArraySize, OutOfMemory, a stack overflow, an endless loop) is a finding. In the
 * normal test run each target replays its seed corpus ({@code src/test/resources/.../ParsersFuzzTestInputs/NAME/});
 * {@code mvn -Pfuzz} fuzzes each for a given time.
 */
class ParsersFuzzTest {
    /** Inputs run per target in this JVM, printed at the end: the executions figure of a fuzzing run. */
    private static final java.util.Map<String, java.util.concurrent.atomic.LongAdder> RUNS =
            new java.util.concurrent.ConcurrentSkipListMap<>();

    private static void count(String target) {
        RUNS.computeIfAbsent(target, t -> new java.util.concurrent.atomic.LongAdder()).increment();
    }

    @org.junit.jupiter.api.AfterAll
    static void printRuns() {
        RUNS.forEach((target, n) -> System.out.println("ParsersFuzzTest#" + target + ": " + n.sum() + " inputs run, no finding"));
    }
    @FuzzTest(maxDuration = "60s")
    void frames(byte[] input) {
        count("frames");
        FrameReader reader = new FrameReader(new ByteArrayInputStream(input), WireLimits.DEFAULT);
        try {
            FrameReader.readHello(new ByteArrayInputStream(input), WireLimits.DEFAULT);
        } catch (IOException refused) {
            // a bad hello is refused with a reason
        }
        try {
            for (Frame f = reader.next(); f != null; f = reader.next()) {
                f.type();
            }
        } catch (IOException refused) {
            // WireException (bad frame) or EOF (truncated): refused with a reason
        }
    }

    @FuzzTest(maxDuration = "60s")
    void tunnelFrames(byte[] input) {
        count("tunnelFrames");
        ByteArrayInputStream in = new ByteArrayInputStream(input);
        try {
            while (in.available() > 0) {
                TunnelCodec.read(in, WireLimits.DEFAULT_FRAME_SIZE);
            }
        } catch (IOException refused) {
            // refused with a reason
        }
    }

    @FuzzTest(maxDuration = "60s")
    void configJson(byte[] input) {
        count("configJson");
        String text = new String(input, StandardCharsets.UTF_8);
        try {
            ConfigFile file = ConfigFile.parse(Path.of("config.json"), text);
            if (file.root().has("tls")) {
                TlsOptions.fromConfig(file.root().object("tls"));
            }
        } catch (ConfigException refused) {
            // names file, key and what was expected
        }
    }

    @FuzzTest(maxDuration = "60s")
    void signalsJson(byte[] input) {
        count("signalsJson");
        try {
            SignalMap.parse(new String(input, StandardCharsets.UTF_8), "signals.json");
        } catch (SignalMapException refused) {
            // names the signal and what is wrong
        }
    }
}
