package org.ioswitch.common.tls;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.UnaryOperator;
import org.ioswitch.certs.ca.CertSpec;
import org.ioswitch.certs.ca.OrgCa;
import org.ioswitch.common.thread.Threads;
import org.ioswitch.common.tunnel.TunnelCodec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * TLS inside TLS (end to end through a relay), with the outer session's records read off the TCP stream between
 * client and relay: through {@link InnerRecordOutput} every inner record travels in one outer record; written
 * straight to the inner socket, each 16 KiB inner record needs a second, tiny outer one.
 */
class InnerRecordOutputTest {
    private static final int APPLICATION_DATA = 23;
    private static final int WRITE = 64 * 1024;
    private static final int WRITES = 16;

    @TempDir
    Path dir;
    private final ExecutorService executor = Executors.newCachedThreadPool(Threads.daemonFactory("inner-record-test"));

    @AfterEach
    void stop() {
        executor.shutdownNow();
    }

    // Besides the data, a handful of small records: the inner handshake's last flight and the closing alerts.
    private static final int SMALL_OTHERS = 8;

    @Test
    void innerRecordsFitOneOuterRecordEach() throws Exception {
        List<Integer> records = outerRecordLengths(InnerRecordOutput::new);
        long small = records.stream().filter(n -> n < 100).count();
        assertTrue(small <= SMALL_OTHERS, "tiny outer records: " + small + " of " + records.size());
        // per 64 KiB write: four pieces of 16,345 bytes and one of 156, each one outer record
        assertTrue(records.size() <= WRITES * 5 + 2 * SMALL_OTHERS, "records: " + records.size());
    }

    @Test
    void aPieceInItsInnerRecordAndTunnelFrameFitsOneTunnelRecord() {
        int tls12Overhead = 5 + 8 + 16;
        int tls13Overhead = 5 + 1 + 16;
        int frameOverhead = TunnelCodec.HEADER_LENGTH + TunnelCodec.DATA_OVERHEAD;
        assertEquals(16_384, InnerRecordOutput.MAX_PIECE + tls12Overhead + frameOverhead);
        assertTrue(InnerRecordOutput.MAX_PIECE + tls13Overhead + frameOverhead <= 16_384);
    }

    @Test
    void writtenStraightToTheInnerSocketEachInnerRecordIsSplitInTwo() throws Exception {
        List<Integer> records = outerRecordLengths(UnaryOperator.identity());
        long small = records.stream().filter(n -> n < 100).count();
        assertTrue(small >= WRITES * 4, "a tiny outer record per inner record: " + small + " of " + records.size());
    }

    /** Lengths of the outer application-data records the client sent while writing WRITES x WRITE bytes. */
    private List<Integer> outerRecordLengths(UnaryOperator<OutputStream> wrap) throws Exception {
        Pki pki = new Pki(dir);
        OrgCa cloud = OrgCa.create("iocafe");
        OrgCa home = OrgCa.create("pekkahome");
        Path cloudRoot = pki.cert("cloud.crt", cloud.certificate());
        Path homeRoot = pki.cert("home.crt", home.certificate());
        try (ServerSocket relayPort = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
                ServerSocket tapPort = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
                TlsServerContext relay = TlsServerContext.open(pki.server("relay", Pki.server(cloud, "switchbox"))
                        .requiredLevel(SecurityLevel.TLS).build());
                TlsServerContext homeServer = TlsServerContext.open(pki.server("home", home.issue(
                        CertSpec.server("myserver").dns("myserver.pekkahome").build()))
                        .requiredLevel(SecurityLevel.TLS).build());
                TlsClientContext toRelay = TlsClientContext.open(TlsOptions.builder().trust(cloudRoot).build());
                TlsClientContext toHome = TlsClientContext.open(TlsOptions.builder().trust(homeRoot).build())) {
            // the relay decrypts the outer session and hands its stream to the home server's TLS, which drains it
            Future<Long> drained = executor.submit(() -> {
                try (TlsConnection outer = relay.accept(relayPort.accept(), Loopback.TIMEOUT);
                        TlsConnection inner = homeServer.accept(outer.socket(), Loopback.TIMEOUT)) {
                    InputStream in = inner.socket().getInputStream();
                    byte[] buf = new byte[64 * 1024];
                    long total = 0;
                    while (total < (long) WRITES * WRITE) {
                        int n = in.read(buf);
                        if (n < 0) {
                            break;
                        }
                        total += n;
                    }
                    return total;
                }
            });
            // a tap between client and relay: forwards bytes and notes each application-data record's length
            List<Integer> lengths = new ArrayList<>();
            Future<?> tap = executor.submit(() -> {
                try (Socket client = tapPort.accept();
                        Socket toRelaySocket = new Socket(InetAddress.getLoopbackAddress(), relayPort.getLocalPort())) {
                    executor.submit(() -> pump(toRelaySocket.getInputStream(), client.getOutputStream()));
                    DataInputStream in = new DataInputStream(client.getInputStream());
                    OutputStream out = toRelaySocket.getOutputStream();
                    byte[] header = new byte[5];
                    while (true) {
                        in.readFully(header);
                        int length = ((header[3] & 0xFF) << 8) | (header[4] & 0xFF);
                        byte[] body = new byte[length];
                        in.readFully(body);
                        if (header[0] == APPLICATION_DATA) {
                            synchronized (lengths) {
                                lengths.add(length);
                            }
                        }
                        out.write(header);
                        out.write(body);
                    }
                } catch (IOException e) {
                    return null; // the client closed (EOF), or the relay did: the transfer is over either way
                }
            });
            try (TlsConnection outer = toRelay.connect("localhost", tapPort.getLocalPort(), Loopback.TIMEOUT);
                    TlsConnection end2end = toHome.wrap(outer.socket(), "myserver.pekkahome", 6369,
                            Loopback.TIMEOUT)) {
                OutputStream out = wrap.apply(end2end.socket().getOutputStream());
                byte[] chunk = new byte[WRITE];
                for (int i = 0; i < WRITES; i++) {
                    out.write(chunk);
                }
                out.flush();
                assertEquals((long) WRITES * WRITE, drained.get(30, SECONDS));
            }
            tap.get(30, SECONDS);
            synchronized (lengths) {
                return List.copyOf(lengths);
            }
        }
    }

    private static Void pump(InputStream in, OutputStream out) throws IOException {
        byte[] buf = new byte[16 * 1024];
        int n;
        while ((n = in.read(buf)) >= 0) {
            out.write(buf, 0, n);
        }
        return null;
    }
}
