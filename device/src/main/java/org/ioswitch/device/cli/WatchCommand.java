package org.ioswitch.device.cli;

import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.ioswitch.device.operator.OperatorClient;
import org.ioswitch.device.operator.SignalValue;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code device watch DEVICE}: live values. On a terminal a table refreshed in place (ANSI); otherwise one plain line
 * per change, {@code exp.counter 42 ok}, so the output can be piped and read by scripts.
 */
@Command(name = "watch", mixinStandardHelpOptions = true,
        description = "Print a device's live values: a table refreshed in place on a terminal, plain lines otherwise.")
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

    @Option(names = "--table", negatable = true, description = "table refreshed in place (default: when stdout is a"
            + " terminal)")
    Boolean table;

    @Mixin
    OperatorMixin operator;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        if (count < 0 || seconds < 0) {
            throw new IllegalArgumentException("--count and --seconds must be >= 0");
        }
        boolean asTable = table != null ? table : System.console() != null;
        PrintWriter out = spec.commandLine().getOut();
        BlockingQueue<SignalValue> changes = new LinkedBlockingQueue<>();
        long deadline = seconds == 0 ? Long.MAX_VALUE : System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        try (OperatorClient client = operator.connect(device)) {
            // Ctrl-C ends a watch: say goodbye with a close frame instead of vanishing.
            Thread hook = new Thread(client::close, "ioswitch-watch shutdown");
            Runtime.getRuntime().addShutdownHook(hook);
            try {
                watch(client, changes, asTable, deadline, out);
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

    private void watch(OperatorClient client, BlockingQueue<SignalValue> changes, boolean asTable, long deadline,
                       PrintWriter out) throws Exception {
        {
            client.subscribe(device, changes::add);
            Map<String, SignalValue> latest = new LinkedHashMap<>();
            int shown = 0;
            while (count == 0 || shown < count) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    break;
                }
                SignalValue v = changes.poll(Math.min(left, TimeUnit.SECONDS.toNanos(1)), TimeUnit.NANOSECONDS);
                if (client.closed().isDone()) {
                    throw new java.io.IOException("connection closed: " + client.closed().get());
                }
                if (v == null) {
                    continue;
                }
                if (!asTable) {
                    out.println(v.name() + " " + v);
                    out.flush();
                    shown++;
                    continue;
                }
                latest.put(v.name(), v);
                // Draw once per burst: the values of one snapshot arrive together.
                for (SignalValue more = changes.poll(); more != null; more = changes.poll()) {
                    latest.put(more.name(), more);
                }
                draw(out, latest);
                shown++;
            }
        }
    }

    private void draw(PrintWriter out, Map<String, SignalValue> latest) {
        StringBuilder b = new StringBuilder(HOME_AND_CLEAR);
        b.append(device).append('\n');
        b.append(String.format("%-24s %-16s %s%n", "SIGNAL", "VALUE", "STATE"));
        for (SignalValue v : latest.values()) {
            b.append(String.format("%-24s %-16s %s%n", v.name(), v.valueText(), v.stateText()));
        }
        out.print(b);
        out.flush();
    }
}
