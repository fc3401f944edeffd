package org.ioswitch.common.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Ports for servers a test stops and starts again on the same address.
 *
 * <p>Port 0 hands out a port from the kernel's ephemeral range, the same range every outgoing connection on the
 * machine takes its local port from; between a stop and a restart another socket may take it ("Address already in
 * use"). A port below that range is never handed out by the kernel, so only a server that binds it explicitly can
 * take it.
 */
public final class Ports {

    private static final Path RANGE = Path.of("/proc/sys/net/ipv4/ip_local_port_range");
    private static final int LOWEST = 10_000;

    private Ports() {
    }

    /** A loopback port that is free now and lies below the ephemeral range: safe to stop and start again on. */
    public static int restartable() {
        int below = ephemeralLow();
        for (int attempt = 0; attempt < 200; attempt++) {
            int port = ThreadLocalRandom.current().nextInt(LOWEST, below);
            try (ServerSocket probe = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
                return port;
            } catch (IOException taken) {
                // another server holds it; draw again
            }
        }
        throw new IllegalStateException("no free loopback port between " + LOWEST + " and " + below);
    }

    private static int ephemeralLow() {
        try {
            int low = Integer.parseInt(Files.readString(RANGE).trim().split("\\s+")[0]);
            return Math.max(low, LOWEST + 1_000);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + RANGE, e);
        }
    }
}
