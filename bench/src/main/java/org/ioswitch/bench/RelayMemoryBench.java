package org.ioswitch.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.io.Writer;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import org.ioswitch.common.auth.PasswordHash;
import org.ioswitch.common.thread.Threads;
import org.ioswitch.common.tls.TlsClientContext;
import org.ioswitch.common.tls.TlsConnection;
import org.ioswitch.common.wire.FrameWriter;
import org.ioswitch.common.wire.Hello;
import org.ioswitch.common.wire.Role;
import org.ioswitch.common.wire.WireLimits;
import org.ioswitch.server.uplink.Uplink;
import org.ioswitch.server.uplink.UplinkOptions;
import org.ioswitch.switchbox.account.PublisherAccount;
import org.ioswitch.switchbox.account.Accounts;

/**
 * Heap per idle relayed stream at the switchbox, and how many fit in its heap. The switchbox runs alone in a child
 * JVM with {@code -Xmx}; this process runs {@code tunnels} real uplinks (one network each) and opens {@code streams}
 * idle relayed client connections spread evenly over them (TLS to the switchbox and a RELAY_CLEAR hello: the
 * switchbox relays bytes either way, so an inner session would change nothing there but the setup time). The child's
 * heap is read after full GCs at checkpoints; the slope is the heap per stream.
 */
final class RelayMemoryBench {
    private static final String PASSWORD = "bench-uplink-pw";
    private static final Duration STEP = Duration.ofSeconds(30);

    private final int tunnels;
    private final int streams;
    private final int heapMib;
    private final String java;
    private final PrintStream out;

    RelayMemoryBench(int tunnels, int streams, int heapMib, String java, PrintStream out) {
        this.tunnels = tunnels;
        this.streams = streams;
        this.heapMib = heapMib;
        this.java = java;
        this.out = out;
    }

    /** One reading of the child. */
    private record Heap(int streams, long used, long max, int threads, long rssKiB, int relays, int tunnels,
                        int fds) {
        static Heap parse(int streams, String line) throws IOException {
            String[] f = line.split(" ");
            if (f.length != 9 || !f[0].equals("HEAP")) {
                throw new IOException("switchbox child: expected 'HEAP used committed max threads rss relays tunnels"
                        + " fds', got '" + line + "'");
            }
            return new Heap(streams, Long.parseLong(f[1]), Long.parseLong(f[3]), Integer.parseInt(f[4]),
                    Long.parseLong(f[5]), Integer.parseInt(f[6]), Integer.parseInt(f[7]), Integer.parseInt(f[8]));
        }
    }

    void run() throws Exception {
        long start = System.nanoTime();
        Machine.header(out, "relay-memory");
        Path dir = Files.createTempDirectory("ioswitch-bench-memory");
        List<AutoCloseable> cleanup = new ArrayList<>();
        ConcurrentLinkedQueue<Socket> homeSides = new ConcurrentLinkedQueue<>();
        ConcurrentLinkedQueue<TlsConnection> clients = new ConcurrentLinkedQueue<>();
        AtomicInteger opened = new AtomicInteger();
        Process child = null;
        try {
            Pki cloud = new Pki(dir, "iocafe", "switchbox");
            Path accountsFile = dir.resolve("accounts.json");
            Accounts.writeEmpty(accountsFile);
            List<String> networks = new ArrayList<>();
            for (int i = 0; i < tunnels; i++) {
                networks.add("net" + i);
            }
            Accounts.load(accountsFile).put(new PublisherAccount("bench",
                    PasswordHash.create(PASSWORD.toCharArray()), null,
                    networks));
            child = startChild(dir);
            BlockingQueue<String> lines = readLines(child);
            String ready = poll(lines, "READY");
            int port = Integer.parseInt(ready.substring("READY ".length()).trim());
            Writer toChild = new java.io.OutputStreamWriter(child.getOutputStream(), StandardCharsets.UTF_8);
            Heap empty = heap(toChild, lines, 0);
            out.printf("switchbox child: %s -Xmx%dm, max heap %d MiB; empty: heap %.1f MiB, %d threads, RSS %d MiB%n",
                    java, heapMib, empty.max >> 20, empty.used / 1048576.0, empty.threads, empty.rssKiB >> 10);

            long t0 = System.nanoTime();
            for (String network : networks) {
                Uplink u = new Uplink(UplinkOptions.builder().host("127.0.0.1").port(port)
                        .tls(cloud.clientOptions()).account("bench").password(PASSWORD).networks(network)
                        .connectTimeout(STEP).build(), (socket, client) -> {
                            // Hold the stream open, idle; the stream's thread is not needed for that.
                            homeSides.add(socket);
                            opened.incrementAndGet();
                        });
                cleanup.add(0, u);
                u.start();
            }
            for (AutoCloseable c : cleanup) {
                ((Uplink) c).awaitStatus(Uplink.Status::published, STEP);
            }
            Heap base = heap(toChild, lines, 0);
            out.printf("%d tunnels published in %.1f s: heap %.1f MiB, %d threads, RSS %d MiB%n", base.tunnels,
                    (System.nanoTime() - t0) / 1e9, base.used / 1048576.0, base.threads, base.rssKiB >> 10);

            List<Heap> readings = new ArrayList<>(List.of(base));
            TlsClientContext tls = TlsClientContext.open(cloud.clientOptions());
            cleanup.add(tls);
            ExecutorService connectors = Executors.newFixedThreadPool(4,
                    Threads.daemonFactory("relay-memory-connect"));
            int step = Math.max(1, streams / 10);
            int held = 0;
            String stopped = null;
            long c0 = System.nanoTime();
            try {
                while (held < streams && stopped == null) {
                    int batch = Math.min(step, streams - held);
                    List<Future<?>> fs = new ArrayList<>();
                    for (int i = 0; i < batch; i++) {
                        String network = networks.get((held + i) % tunnels);
                        fs.add(connectors.submit(() -> {
                            clients.add(openIdle(tls, port, network));
                            return null;
                        }));
                    }
                    for (Future<?> f : fs) {
                        try {
                            f.get(120, TimeUnit.SECONDS);
                        } catch (java.util.concurrent.ExecutionException e) {
                            stopped = String.valueOf(e.getCause());
                        }
                    }
                    int want = clients.size();
                    awaitOpened(opened, want);
                    held = want;
                    Heap h = heap(toChild, lines, held);
                    readings.add(h);
                    out.printf("%6d streams (%d relays at the switchbox): heap %7.1f MiB, %5d threads, RSS %5d MiB,"
                            + " %.0f s%n", held, h.relays, h.used / 1048576.0, h.threads, h.rssKiB >> 10,
                            (System.nanoTime() - c0) / 1e9);
                }
            } finally {
                connectors.shutdownNow();
            }
            print(readings, stopped);
        } finally {
            clients.forEach(TlsConnection::close);
            homeSides.forEach(s -> {
                try {
                    s.close();
                } catch (IOException e) {
                    // best effort
                }
            });
            for (AutoCloseable c : cleanup) {
                try {
                    c.close();
                } catch (Exception e) {
                    // best effort
                }
            }
            if (child != null) {
                // After the uplinks: a switchbox that left first would have them retrying, and saying so.
                try {
                    child.getOutputStream().write("quit\n".getBytes(StandardCharsets.UTF_8));
                    child.getOutputStream().flush();
                } catch (IOException e) {
                    // already gone
                }
                if (!child.waitFor(10, TimeUnit.SECONDS)) {
                    child.destroy();
                }
                if (!child.waitFor(10, TimeUnit.SECONDS)) {
                    child.destroyForcibly();
                }
            }
            Pki.deleteTree(dir);
        }
        Machine.footer(out, "relay-memory", start);
    }

    private static TlsConnection openIdle(TlsClientContext tls, int port, String network) throws IOException {
        TlsConnection c = tls.connect("127.0.0.1", port, STEP);
        FrameWriter w = new FrameWriter(c.socket().getOutputStream());
        w.writeHello(new Hello(Hello.VERSION, Role.OPERATOR, network, Hello.RELAY_CLEAR, WireLimits.DEFAULT_FRAME_SIZE));
        w.flush();
        return c;
    }

    private void print(List<Heap> readings, String stopped) {
        Heap base = readings.get(0);
        Heap last = readings.get(readings.size() - 1);
        double perStream = last.streams == 0 ? Double.NaN : (last.used - base.used) / (double) last.streams;
        double rssPerStream = last.streams == 0 ? Double.NaN : (last.rssKiB - base.rssKiB) * 1024.0 / last.streams;
        out.println();
        out.printf("Idle relayed streams at the switchbox (child JVM %s, -Xmx%dm), %d tunnels%n", java, heapMib,
                tunnels);
        out.printf("streams held: %d of %d asked%s%n", last.streams, streams,
                stopped == null ? "" : " (stopped: " + stopped + ")");
        out.printf("heap per idle relayed stream: %.0f bytes (%.1f KiB), from %.1f MiB with %d tunnels and no stream"
                + " to %.1f MiB with %d streams%n", perStream, perStream / 1024, base.used / 1048576.0, tunnels,
                last.used / 1048576.0, last.streams);
        out.printf("RSS per stream (heap, thread stacks, native TLS and socket state): %.1f KiB; threads %d -> %d;"
                + " descriptors %d -> %d (%.2f per stream)%n", rssPerStream / 1024, base.threads, last.threads,
                base.fds, last.fds, last.streams == 0 ? Double.NaN : (last.fds - base.fds) / (double) last.streams);
        out.printf("streams that fit in the %d MiB heap at that rate: about %.0f (goal: 10,000 over 100 tunnels)%n",
                last.max >> 20, (last.max - base.used) / perStream);
    }

    private Process startChild(Path dir) throws IOException {
        List<String> cmd = List.of(java, "-Xmx" + heapMib + "m", "-cp", System.getProperty("java.class.path"),
                SwitchboxChild.class.getName(), dir.toString());
        return new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT).start();
    }

    private static BlockingQueue<String> readLines(Process child) {
        BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        Daemon.start("switchbox-child-stdout", () -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(child.getInputStream(),
                    StandardCharsets.UTF_8))) {
                for (String l = r.readLine(); l != null; l = r.readLine()) {
                    lines.add(l);
                }
            } catch (IOException e) {
                // the child ended
            }
            lines.add("EOF");
        });
        return lines;
    }

    private static String poll(BlockingQueue<String> lines, String prefix) throws IOException, InterruptedException {
        String l = lines.poll(120, TimeUnit.SECONDS);
        if (l == null || !l.startsWith(prefix)) {
            throw new IOException("switchbox child: expected a line starting '" + prefix + "' within 120 s, got "
                    + (l == null ? "nothing" : "'" + l + "'"));
        }
        return l;
    }

    private static Heap heap(Writer toChild, BlockingQueue<String> lines, int streams) throws Exception {
        toChild.write("heap\n");
        toChild.flush();
        return Heap.parse(streams, poll(lines, "HEAP"));
    }

    private static void awaitOpened(AtomicInteger opened, int want) throws IOException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (opened.get() < want) {
            if (System.nanoTime() > deadline) {
                throw new IOException("only " + opened.get() + " of " + want + " relayed streams reached the home"
                        + " side within 60 s");
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(10));
        }
    }
}
