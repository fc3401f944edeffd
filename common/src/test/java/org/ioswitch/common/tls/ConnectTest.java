package org.ioswitch.common.tls;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.ioswitch.certs.ca.CertSpec;
import org.ioswitch.certs.ca.OrgCa;
import org.ioswitch.common.thread.Threads;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One connect deadline whose timeout names its step; TLS inside an existing stream (end-to-end through a relay). */
class ConnectTest {
    @TempDir
    Path dir;
    ExecutorService executor = Executors.newCachedThreadPool(Threads.daemonFactory("connect-test"));

    @AfterEach
    void stop() {
        executor.shutdownNow();
    }

    @Test
    void aSilentServerTimesOutInTheTlsStep() throws Exception {
        Pki pki = new Pki(dir);
        Path root = pki.cert("root.crt", OrgCa.create("pekkahome").certificate());
        try (ServerSocket silent = new ServerSocket(0, 5, InetAddress.getLoopbackAddress());
                TlsClientContext client = TlsClientContext.open(TlsOptions.builder().trust(root).build())) {
            // The kernel completes the TCP handshake from the backlog; nobody ever answers the ClientHello.
            assertTrue(silent.isBound());
            SocketTimeoutException e = assertThrows(SocketTimeoutException.class,
                    () -> client.connect("localhost", silent.getLocalPort(), Duration.ofSeconds(1)));
            assertTrue(e.getMessage().contains("TLS handshake timed out (connect timeout PT1S)"), e.getMessage());
        }
    }

    @Test
    void aClosedPortFailsInTheTcpStep() throws Exception {
        Pki pki = new Pki(dir);
        Path root = pki.cert("root.crt", OrgCa.create("pekkahome").certificate());
        int port;
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = probe.getLocalPort();
        }
        try (TlsClientContext client = TlsClientContext.open(TlsOptions.builder().trust(root).build())) {
            IOException e = assertThrows(IOException.class, () -> client.connect("127.0.0.1", port, Duration.ofSeconds(5)));
            assertTrue(e.getMessage().startsWith("TCP connect to 127.0.0.1:" + port), e.getMessage());
        }
    }

    @Test
    void aSilentClientTimesOutOnTheServer() throws Exception {
        Pki pki = new Pki(dir);
        OrgCa home = OrgCa.create("pekkahome");
        try (Loopback loop = new Loopback();
                TlsServerContext server = TlsServerContext.open(pki.server("s", Pki.server(home, "myserver"))
                        .requiredLevel(SecurityLevel.TLS).build());
                Socket silent = new Socket(InetAddress.getLoopbackAddress(), loop.port())) {
            Future<TlsConnection> accepted = executor.submit(() -> server.accept(loop.listener().accept(), Duration.ofSeconds(1)));
            ExecutionException e = assertThrows(ExecutionException.class, () -> accepted.get(10, SECONDS));
            assertTrue(e.getCause() instanceof SocketTimeoutException, String.valueOf(e.getCause()));
            assertTrue(e.getCause().getMessage().contains("TLS handshake timed out"), e.getCause().getMessage());
        }
    }

    @Test
    void tlsInsideAnExistingTlsStreamVerifiesTheInnerServer() throws Exception {
        Pki pki = new Pki(dir);
        OrgCa cloud = OrgCa.create("iocafe");
        OrgCa home = OrgCa.create("pekkahome");
        Path cloudRoot = pki.cert("cloud.crt", cloud.certificate());
        Path homeRoot = pki.cert("home.crt", home.certificate());
        try (Loopback loop = new Loopback();
                TlsServerContext relay = TlsServerContext.open(pki.server("relay", Pki.server(cloud, "switchbox"))
                        .requiredLevel(SecurityLevel.TLS).build());
                TlsServerContext homeServer = TlsServerContext.open(pki.server("home", home.issue(
                        CertSpec.server("myserver").dns("myserver.pekkahome").build())).requiredLevel(SecurityLevel.TLS).build());
                TlsClientContext toRelay = TlsClientContext.open(TlsOptions.builder().trust(cloudRoot).build());
                TlsClientContext toHome = TlsClientContext.open(TlsOptions.builder().trust(homeRoot).build())) {
            // The "relay" end hands its decrypted stream straight to the home server's TLS: the inner session is end to end.
            Future<TlsConnection> inner = executor.submit(() -> {
                TlsConnection outer = relay.accept(loop.listener().accept(), Loopback.TIMEOUT);
                TlsConnection in = homeServer.accept(outer.socket(), Loopback.TIMEOUT);
                in.socket().getOutputStream().write(in.socket().getInputStream().read());
                in.socket().getOutputStream().flush();
                return in;
            });
            TlsConnection outer = toRelay.connect("localhost", loop.port(), Loopback.TIMEOUT);
            try (TlsConnection end2end = toHome.wrap(outer.socket(), "myserver.pekkahome", 6369, Loopback.TIMEOUT)) {
                Loopback.ping(end2end);
                assertEquals(SecurityLevel.VERIFIED, end2end.facts().level());
                assertTrue(end2end.facts().peerSubject().contains("CN=myserver"));
                assertTrue(outer.facts().peerSubject().contains("CN=switchbox"));
                inner.get(10, SECONDS).close();
            }
        }
    }
}
