package org.ioswitch.device.e2e;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.ioswitch.common.thread.Threads;
import org.ioswitch.common.tls.ClientCertificates;
import org.ioswitch.common.tls.SecurityLevel;
import org.ioswitch.common.tls.TlsOptions;
import org.ioswitch.server.session.HomeServer;
import org.ioswitch.server.session.ServerOptions;
import org.ioswitch.server.uplink.UplinkOptions;

/**
 * A real home server in a process of its own, so a test can kill it with SIGKILL (no shutdown hook, no flush, no
 * close frames) and start it again on the same directory and port. {@link #main} serves a directory laid out like
 * {@link HomeFixture}'s or {@link RelayFixture}'s home and prints {@code LISTENING <port>}.
 */
final class ChildServer implements AutoCloseable {
    private final Process process;
    private final int port;

    private ChildServer(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    /**
     * Starts {@code java -cp <this test's class path> ChildServer ARGS} and waits until it listens.
     *
     * @param args {@code dir port root [switchboxPort cloudRoot uplinkPassword]}
     */
    static ChildServer start(String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), ChildServer.class.getName()));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        CompletableFuture<Integer> listening = new CompletableFuture<>();
        StringBuilder output = new StringBuilder();
        Threads.start("child-server output", () -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(),
                    StandardCharsets.UTF_8))) {
                for (String line = r.readLine(); line != null; line = r.readLine()) {
                    synchronized (output) {
                        output.append(line).append('\n');
                    }
                    if (line.startsWith("LISTENING ")) {
                        listening.complete(Integer.parseInt(line.substring("LISTENING ".length()).trim()));
                    }
                }
            } catch (IOException e) {
                // the process ended
            }
            listening.completeExceptionally(new AssertionError("child server ended before listening"));
        });
        try {
            return new ChildServer(p, listening.get(60, TimeUnit.SECONDS));
        } catch (Exception e) {
            p.destroyForcibly();
            synchronized (output) {
                throw new AssertionError("child server did not start: " + e + "\n" + output, e);
            }
        }
    }

    int port() {
        return port;
    }

    /** SIGKILL: the process ends at once, saving nothing and telling nobody. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            throw new AssertionError("child server did not die within 30 s");
        }
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            kill();
        }
    }

    /** The child's entry point: {@code dir port root [switchboxPort cloudRoot uplinkPassword]}. */
    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        TlsOptions tls = TlsOptions.builder().certificate(dir.resolve("server.crt")).privateKey(dir.resolve("server.key"))
                .trust(Path.of(args[2])).clientCertificates(ClientCertificates.OPTIONAL)
                .requiredLevel(SecurityLevel.TLS).build();
        ServerOptions.Builder b = ServerOptions.builder().dir(dir).listen("127.0.0.1", Integer.parseInt(args[1]))
                .tls(tls).helloTimeout(Duration.ofSeconds(5)).authTimeout(Duration.ofSeconds(5));
        if (args.length > 3) {
            b.uplink(UplinkOptions.builder().host("127.0.0.1").port(Integer.parseInt(args[3]))
                    .tls(TlsOptions.builder().trust(Path.of(args[4])).build()).account("pekka").password(args[5])
                    .networks("pekkahome").reconnectMin(Duration.ofMillis(100)).reconnectMax(Duration.ofMillis(500))
                    .connectTimeout(Duration.ofSeconds(5)).build());
        }
        HomeServer server = HomeServer.start(b.build());
        System.out.println("LISTENING " + server.address().getPort());
        System.out.flush();
        Thread.currentThread().join(); // until killed
    }
}
