package org.ioswitch.bench;

import java.time.Duration;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Entry point of the benchmark jar: {@code java -jar ioswitch-bench.jar NAME [--option value ...]}, also reachable as
 * {@code ./ioswitch bench NAME}. Exit 2 on a usage error, 1 when the benchmark fails.
 */
public final class BenchMain {
    // Held strongly: java.util.logging keeps loggers weakly and would forget the level.
    private static final Logger BCJSSE_LOG = Logger.getLogger("org.bouncycastle.jsse");

    private static final String USAGE = String.join("\n",
            "usage: ioswitch bench NAME [options]",
            "  tls-bulk        [--seconds 2] [--rounds 5]     BCJSSE and SunJSSE bulk vs OpenSSL",
            "  signal-latency  [--updates 100000] [--rounds 5] [--legs 0]  device -> server -> operator vs raw TLS relay vs"
                    + " mosquitto; --legs 1 also times device -> server and server -> operator",
            "  snapshots       [--seconds 3] [--rounds 5]     64-byte block snapshots/s vs raw TLS relay messages/s",
            "  block-bulk      [--seconds 3] [--rounds 5]     1 MiB block changed entirely vs raw TLS bulk",
            "  relay           [--seconds 3] [--rounds 3] [--updates 20000] [--signals 1] [--threads 0]  switchbox vs"
                    + " direct vs stunnel; CPU per hop (--threads 1: per thread); --signals 0 skips the signal part",
            "  cluster         [--seconds 3] [--rounds 3] [--updates 20000] [--claims 10000]  switchbox cluster:"
                    + " forwarded vs same-node relay, claims/s into etcd, watched copy memory, lookup latency",
            "  relay-memory    [--tunnels 100] [--streams 10000] [--heap-mib 1024] [--java PATH]  heap per idle relayed"
                    + " stream (switchbox in a child JVM run by PATH, default: this java)",
            "  fleet           [--devices 1000] [--heap-mib 1024] [--java PATH] [--storm-seconds 120]  simulated devices"
                    + " on one home server in a child JVM: handshakes/s vs openssl, heap/RSS/threads per device, reconnect"
                    + " storm; above 1500 devices run on Java 21+",
            "  device-footprint [--rounds 3] [--settle-seconds 10] [--install DIR]  simulated device through the"
                    + " installed launcher: shipped Pi settings vs JVM defaults vs an idle JVM (RSS, threads, heap, start"
                    + " to authenticated, classes loaded); DIR: an unpacked tarball, default: dist/target's, unpacked");

    private BenchMain() {
    }

    /** Runs the named benchmark. */
    public static void main(String[] args) {
        if (args.length == 0) {
            usage("missing benchmark name");
        }
        String name = args[0];
        // Other modules' jars carry their own tinylog.properties; the benchmark's table must not drown in log lines.
        System.setProperty("tinylog.configuration", "tinylog-bench.properties");
        // BCJSSE logs 3 INFO lines per connection through java.util.logging; its WARNINGs only say that it skips
        // JDK disabledAlgorithms entries it cannot parse.
        BCJSSE_LOG.setLevel(Level.SEVERE);
        // common.tls lowers that logger to WARNING again when it loads; the console handler is the lasting filter.
        for (java.util.logging.Handler h : Logger.getLogger("").getHandlers()) {
            h.setLevel(Level.SEVERE);
        }
        try {
            Args a = new Args(name, args, 1);
            Runnable bench = switch (name) {
                case "tls-bulk" -> {
                    int seconds = a.integer("seconds", 2, 1);
                    int rounds = a.integer("rounds", 5, 1);
                    yield () -> call(() -> new TlsBulkBench(Duration.ofSeconds(seconds), rounds, System.out).run());
                }
                case "signal-latency" -> {
                    int updates = a.integer("updates", 100_000, 1);
                    int rounds = a.integer("rounds", 5, 1);
                    boolean legs = a.integer("legs", 0, 0) != 0;
                    yield () -> call(() -> new SignalLatencyBench(updates, rounds, legs, System.out).run());
                }
                case "snapshots" -> {
                    int seconds = a.integer("seconds", 3, 1);
                    int rounds = a.integer("rounds", 5, 1);
                    yield () -> call(() -> new SnapshotsBench(Duration.ofSeconds(seconds), rounds, System.out).run());
                }
                case "block-bulk" -> {
                    int seconds = a.integer("seconds", 3, 1);
                    int rounds = a.integer("rounds", 5, 1);
                    yield () -> call(() -> new BlockBulkBench(Duration.ofSeconds(seconds), rounds, System.out).run());
                }
                case "relay" -> {
                    int seconds = a.integer("seconds", 3, 1);
                    int rounds = a.integer("rounds", 3, 1);
                    int updates = a.integer("updates", 20_000, 1);
                    boolean signals = a.integer("signals", 1, 0) != 0;
                    boolean threads = a.integer("threads", 0, 0) != 0;
                    yield () -> call(() -> new RelayBench(Duration.ofSeconds(seconds), rounds, updates, signals,
                            threads, System.out).run());
                }
                case "cluster" -> {
                    int seconds = a.integer("seconds", 3, 1);
                    int rounds = a.integer("rounds", 3, 1);
                    int updates = a.integer("updates", 20_000, 1);
                    int claims = a.integer("claims", 10_000, 1000);
                    yield () -> call(() -> new ClusterBench(Duration.ofSeconds(seconds), rounds, updates, claims,
                            System.out).run());
                }
                case "relay-memory" -> {
                    int tunnels = a.integer("tunnels", 100, 1);
                    int streams = a.integer("streams", 10_000, 0);
                    int heap = a.integer("heap-mib", 1024, 64);
                    String java = a.string("java", ProcessHandle.current().info().command().orElse("java"));
                    yield () -> call(() -> new RelayMemoryBench(tunnels, streams, heap, java, System.out).run());
                }
                case "device-footprint" -> {
                    int rounds = a.integer("rounds", 3, 1);
                    int settle = a.integer("settle-seconds", 10, 1);
                    String install = a.string("install", "");
                    yield () -> call(() -> new DeviceFootprintBench(Installation.find(install), rounds,
                            Duration.ofSeconds(settle), System.out).run());
                }
                case "fleet" -> {
                    int devices = a.integer("devices", 1000, 1);
                    int heap = a.integer("heap-mib", 1024, 64);
                    String java = a.string("java", ProcessHandle.current().info().command().orElse("java"));
                    int storm = a.integer("storm-seconds", 120, 1);
                    yield () -> call(() -> new FleetBench(devices, heap, java, storm, System.out).run());
                }
                default -> throw new Args.UsageException("unknown benchmark '" + name + "'");
            };
            a.checkAllUsed();
            bench.run();
        } catch (Args.UsageException e) {
            usage(e.getMessage());
        }
        System.exit(0);
    }

    private interface Body {
        void run() throws Exception;
    }

    private static void call(Body body) {
        try {
            body.run();
        } catch (Exception e) {
            System.err.println("bench: failed: " + e);
            e.printStackTrace();
            System.exit(1);
        }
    }

    private static void usage(String problem) {
        System.err.println("bench: " + problem);
        System.err.println(USAGE);
        System.exit(2);
    }
}
