package org.ioswitch.device.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.ioswitch.common.terminal.Terminal;
import org.ioswitch.common.thread.Threads;
import org.ioswitch.common.wire.DeviceList;
import org.ioswitch.device.operator.OperatorClient;
import org.ioswitch.device.operator.OperatorException;
import org.ioswitch.device.operator.SignalValue;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code device watch DEVICE}: live values. On a terminal a table refreshed in place (ANSI) with a status line;
 * otherwise one plain line per change on stdout, {@code exp.counter 42 ok}, so the output can be piped and read by
 * scripts, and the connection state as {@code watch: …} lines on stderr. The watch reconnects after the link drops and
 * waits for a device that is not online yet.
 */
@Command(name = "watch", mixinStandardHelpOptions = true,
        description = "Print a device's live values: a table refreshed in place on a terminal, plain lines otherwise."
                + " Reconnects after the connection drops and waits for the device to come online.")
final class WatchCommand implements Callable<Integer> {
    private static final String HOME_AND_CLEAR = "\u001b[H\u001b[2J";

    @Parameters(index = "0", paramLabel = "DEVICE", description = "device id, e.g. gina3.pekkahome")
    String device;

    @Option(names = "--count", paramLabel = "N",
            description = "stop after N changes (plain) or N refreshes (table); 0 = no limit", defaultValue = "0")
    int count;

    @Option(names = "--seconds", paramLabel = "N", description = "stop after N seconds; 0 = no limit",
            defaultValue = "0")
    long seconds;

    @Option(names = "--wait", paramLabel = "N", defaultValue = "30",
            description = "fail when the server does not know DEVICE at all within N seconds (default 30); a known"
                    + " device that is offline shows its last values stale (or, never seen since the server started,"
                    + " is waited for) until --seconds or --count ends the watch")
    long waitSeconds;

    @Option(names = "--table", negatable = true, description = "table refreshed in place (default: when stdout is a"
            + " terminal)")
    Boolean table;

    @Mixin
    OperatorMixin operator;

    @Spec
    CommandSpec spec;

    private String status = "";

    @Override
    public Integer call() throws Exception {
        if (count < 0 || seconds < 0 || waitSeconds < 0) {
            throw new IllegalArgumentException("--count, --seconds and --wait must be >= 0");
        }
        boolean asTable = table != null ? table : Terminal.isAttached();
        PrintWriter out = spec.commandLine().getOut();
        // Values (SignalValue) and connection states (String) in the order they happened.
        BlockingQueue<Object> events = new LinkedBlockingQueue<>();
        long deadline = seconds == 0 ? Long.MAX_VALUE : System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        try (OperatorClient client = operator.connect(device, true)) {
            // Ctrl-C ends a watch: say goodbye with a close frame instead of vanishing.
            Thread hook = Threads.onShutdown("ioswitch-watch shutdown", client::close);
            try {
                client.onStatus(events::add);
                if (awaitKnown(client, events, asTable, deadline, out)) {
                    client.subscribe(device, events::add);
                    watch(events, asTable, deadline, out);
                }
            } finally {
                try {
                    Runtime.getRuntime().removeShutdownHook(hook);
                } catch (IllegalStateException e) {
                    // shutting down already: the hook closes the client
                }
            }
        }
        return 0;
    }

    /**
     * Waits until the server lists the device online, or offline with its signal map (its last values then show
     * stale, with the cause, until it is back); false when --seconds ended the wait first.
     *
     * @throws OperatorException when the server does not know the device at all within --wait
     */
    private boolean awaitKnown(OperatorClient client, BlockingQueue<Object> events, boolean asTable, long deadline,
                               PrintWriter out) throws Exception {
        long unknownDeadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(waitSeconds);
        boolean known = false;
        boolean told = false;
        while (true) {
            DeviceList.DeviceEntry entry = null;
            boolean answered = false;
            try {
                entry = client.listDevices().stream().filter(e -> e.deviceId().equals(device)).findFirst()
                        .orElse(null);
                answered = true;
            } catch (IOException e) {
                if (client.connected()) {
                    throw e;
                }
                // Disconnected: the client reconnects and says so; ask again then.
            }
            if (entry != null && (entry.online() || entry.blocks().stream().anyMatch(b -> b.name().equals("info")))) {
                return true;
            }
            known |= entry != null;
            if (answered && !known && System.nanoTime() - unknownDeadline > 0) {
                throw new OperatorException("device " + device + " is not known to the server (not seen within --wait "
                        + waitSeconds + " s)");
            }
            if (!told) {
                told = true;
                events.add("waiting for " + device + " to come online…");
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            // Show what happened meanwhile, then ask again within a second.
            Object e = events.poll(Math.min(left, TimeUnit.SECONDS.toNanos(1)), TimeUnit.NANOSECONDS);
            for (; e != null; e = events.poll()) {
                if (e instanceof String line) {
                    showStatus(line, asTable, out, Map.of());
                }
            }
        }
    }

    private void watch(BlockingQueue<Object> events, boolean asTable, long deadline, PrintWriter out)
            throws InterruptedException {
        Map<String, SignalValue> latest = new LinkedHashMap<>();
        int shown = 0;
        while (count == 0 || shown < count) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                break;
            }
            Object e = events.poll(Math.min(left, TimeUnit.SECONDS.toNanos(1)), TimeUnit.NANOSECONDS);
            if (e instanceof String line) {
                showStatus(line, asTable, out, latest);
                continue;
            }
            if (!(e instanceof SignalValue v)) {
                continue;
            }
            if (!asTable) {
                out.println(v.name() + " " + v.valueText() + " " + v.stateText());
                out.flush();
                shown++;
                continue;
            }
            latest.put(v.name(), v);
            // Draw once per burst: the values of one snapshot arrive together.
            for (Object more = events.peek(); more instanceof SignalValue m; more = events.peek()) {
                events.poll();
                latest.put(m.name(), m);
            }
            draw(out, latest);
            shown++;
        }
    }

    /** A connection state: the table's status line on a terminal, else a line on stderr (stdout stays values). */
    private void showStatus(String line, boolean asTable, PrintWriter out, Map<String, SignalValue> latest) {
        if (line.equals(status)) {
            return;
        }
        status = line;
        if (asTable) {
            draw(out, latest);
        } else {
            PrintWriter err = spec.commandLine().getErr();
            err.println("watch: " + line);
            err.flush();
        }
    }

    private void draw(PrintWriter out, Map<String, SignalValue> latest) {
        StringBuilder b = new StringBuilder(HOME_AND_CLEAR);
        b.append(device).append('\n');
        b.append(status).append('\n');
        b.append(String.format("%-24s %-16s %s%n", "SIGNAL", "VALUE", "STATE"));
        for (SignalValue v : latest.values()) {
            b.append(String.format("%-24s %-16s %s%n", v.name(), v.valueText(), v.stateText()));
        }
        out.print(b);
        out.flush();
    }
}
