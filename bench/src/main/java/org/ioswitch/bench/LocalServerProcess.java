package org.ioswitch.bench;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * An outside server program a bench compares against (mosquitto, stunnel, {@code openssl s_server}), started on a
 * loopback port: found on the PATH, started, awaited until it accepts TCP connections, and stopped (TERM, then KILL
 * after 10 s). One mechanism for every outside process the benches run.
 */
final class LocalServerProcess implements AutoCloseable {
    /** How long a program may take to start listening. */
    private static final long START_SECONDS = 10;

    private final String name;
    private final Process process;
    private final int port;

    private LocalServerProcess(String name, Process process, int port) {
        this.name = name;
        this.process = process;
        this.port = port;
    }

    /** The first of {@code names} that is an executable on the PATH or in one of {@code moreDirs}. */
    static Optional<String> find(List<String> names, List<String> moreDirs) {
        String path = System.getenv().getOrDefault("PATH", "/usr/bin:/bin");
        for (String exe : names) {
            for (String dir : (path + ":" + String.join(":", moreDirs)).split(":")) {
                if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, exe))) {
                    return Optional.of(Path.of(dir, exe).toString());
                }
            }
        }
        return Optional.empty();
    }

    /** A loopback port free right now (the program binds it a moment later). */
    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    /**
     * Starts {@code command} and waits until 127.0.0.1:{@code port} accepts a connection (a probe the programs here
     * shrug off). {@code output}, if not null, is where the command's output goes and is quoted when it fails.
     */
    static LocalServerProcess start(String name, ProcessBuilder command, int port, Path output) throws IOException {
        if (output != null) {
            command.redirectErrorStream(true).redirectOutput(output.toFile());
        }
        Process p = command.start();
        LocalServerProcess started = new LocalServerProcess(name, p, port);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(START_SECONDS);
        while (true) {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 1000);
                return started;
            } catch (IOException e) {
                if (!p.isAlive() || System.nanoTime() > deadline) {
                    String said = output != null && Files.exists(output) ? ": " + Files.readString(output).trim() : "";
                    started.close();
                    throw new IOException(name + " did not listen on 127.0.0.1:" + port + " within " + START_SECONDS
                            + " s" + (p.isAlive() ? "" : " (exited " + p.exitValue() + ")") + said, e);
                }
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
            }
        }
    }

    /**
     * The line starting with {@code prefix} that {@code exe flag} prints (exit status ignored: some programs exit
     * non-zero after printing their version), or "{@code name} (version unknown)".
     */
    static String versionLine(String exe, String flag, String prefix, String name) {
        try {
            Process v = new ProcessBuilder(exe, flag).redirectErrorStream(true).start();
            v.getOutputStream().close();
            String text = new String(v.getInputStream().readAllBytes());
            v.waitFor(10, TimeUnit.SECONDS);
            for (String line : text.split("\\R")) {
                if (line.startsWith(prefix)) {
                    return line.trim();
                }
            }
            return name + " (version unknown)";
        } catch (IOException | InterruptedException e) {
            return name + " (version unknown: " + e.getMessage() + ")";
        }
    }

    int port() {
        return port;
    }

    /** The process id, for its CPU time. */
    long pid() {
        return process.pid();
    }

    /** The running process (e.g. to read its output when it was not redirected). */
    Process process() {
        return process;
    }

    @Override
    public String toString() {
        return name + " on 127.0.0.1:" + port;
    }

    /** TERM, then KILL if it has not ended within 10 s. */
    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
