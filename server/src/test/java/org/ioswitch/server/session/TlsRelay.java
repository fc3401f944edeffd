package org.ioswitch.server.session;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.ioswitch.certs.ca.CertSpec;
import org.ioswitch.common.testing.IssuedPem;
import org.ioswitch.common.testing.TestOrg;
import org.ioswitch.common.thread.Threads;
import org.ioswitch.common.tls.ClientCertificates;
import org.ioswitch.common.tls.SecurityLevel;
import org.ioswitch.common.tls.TlsClientContext;
import org.ioswitch.common.tls.TlsConnection;
import org.ioswitch.common.tls.TlsOptions;
import org.ioswitch.common.tls.TlsServerContext;

/**
 * A man in the middle: terminates the device's TLS with its own certificate (issued by {@code org}, e.g. the
 * organization's own, so that a device in bootstrap accepts it), opens its own TLS session to the server
 * and copies the plaintext both ways. One connection at a time is enough for the tests. Shared with the device's
 * end-to-end tests through this module's test jar.
 */
public final class TlsRelay implements AutoCloseable {
    private final ServerSocket listener;
    private final TlsServerContext inbound;
    private final TlsClientContext outbound;

    private TlsRelay(int serverPort, TestOrg org, String name) throws Exception {
        Path dir = Files.createTempDirectory("relay");
        IssuedPem leaf = name == null ? org.server(dir, "relay", "localhost")
                : TestOrg.write(dir, "relay", org.ca().issue(CertSpec.server(name).dns(name).build()));
        inbound = TlsServerContext.open(leaf.options().trust(org.root())
                .clientCertificates(ClientCertificates.NONE).requiredLevel(SecurityLevel.TLS).build());
        outbound = TlsClientContext.open(TlsOptions.builder().requiredLevel(SecurityLevel.TLS).build());
        listener = new ServerSocket();
        listener.bind(new InetSocketAddress("127.0.0.1", 0));
        Threads.start("mitm-relay", () -> acceptLoop(serverPort));
    }

    /** A relay with a certificate from an organization of its own, which nobody trusts. */
    public static TlsRelay start(int serverPort) throws Exception {
        return start(serverPort, TestOrg.create(Files.createTempDirectory("mitm"), "mitm"));
    }

    /** A relay whose certificate {@code org} issued for localhost and 127.0.0.1. */
    public static TlsRelay start(int serverPort, TestOrg org) throws Exception {
        return new TlsRelay(serverPort, org, null);
    }

    /** A relay whose certificate names only {@code name} (not localhost or 127.0.0.1). */
    public static TlsRelay start(int serverPort, TestOrg org, String name) throws Exception {
        return new TlsRelay(serverPort, org, name);
    }

    /** The port the relay listens on (127.0.0.1). */
    public int port() {
        return listener.getLocalPort();
    }

    private void acceptLoop(int serverPort) {
        while (!listener.isClosed()) {
            try {
                Socket tcp = listener.accept();
                TlsConnection device = inbound.accept(tcp, Duration.ofSeconds(10));
                TlsConnection server = outbound.connect("127.0.0.1", serverPort, Duration.ofSeconds(10));
                pipe(device.socket().getInputStream(), server.socket().getOutputStream(), server, device);
                pipe(server.socket().getInputStream(), device.socket().getOutputStream(), device, server);
            } catch (IOException e) {
                // The listener closed, or one relayed connection failed; the test sees it on its side.
            }
        }
    }

    private static void pipe(InputStream in, OutputStream out, TlsConnection a, TlsConnection b) {
        Threads.start("mitm-pipe", () -> {
            byte[] buf = new byte[8192];
            try {
                int n;
                while ((n = in.read(buf)) > 0) {
                    out.write(buf, 0, n);
                    out.flush();
                }
            } catch (IOException e) {
                // Either side went away.
            } finally {
                a.close();
                b.close();
            }
        });
    }

    @Override
    public void close() throws IOException {
        listener.close();
        inbound.close();
        outbound.close();
    }
}
