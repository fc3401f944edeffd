package org.ioswitch.switchbox.cluster;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.ioswitch.common.link.Deadline;
import org.ioswitch.common.wire.CloseCode;
import org.ioswitch.common.wire.WireException;

/**
 * The first bytes each way on a node-to-node link, after TLS: {@code "IOSWPEER" | version u8}. The dialer writes first.
 * Nothing else starts this way: a node link is never mistaken for a client hello, and a client's hello on the peer
 * port is refused by its first byte. After it the link carries tunnel frames, streams opened by both nodes.
 */
final class PeerPreamble {
    static final int VERSION = 1;
    private static final byte[] MAGIC = "IOSWPEER".getBytes(StandardCharsets.US_ASCII);

    private PeerPreamble() {}

    static void write(OutputStream out) throws IOException {
        byte[] b = Arrays.copyOf(MAGIC, MAGIC.length + 1);
        b[MAGIC.length] = VERSION;
        out.write(b);
        out.flush();
    }

    /** Reads and checks the other side's preamble within what is left of {@code deadline}. */
    static void read(Socket socket, String peer, Deadline deadline) throws IOException {
        try {
            deadline.arm(socket, "node link preamble");
        } catch (SocketTimeoutException e) {
            throw new WireException(CloseCode.TIMEOUT, "peer " + peer + ": " + e.getMessage());
        }
        InputStream in = socket.getInputStream();
        byte[] got = new byte[MAGIC.length + 1];
        int n = 0;
        try {
            while (n < got.length) {
                int r = in.read(got, n, got.length - n);
                if (r < 0) {
                    throw new WireException(CloseCode.PROTOCOL_ERROR, "peer " + peer + ": ended after " + n
                            + " bytes of the node link preamble");
                }
                n += r;
            }
        } catch (SocketTimeoutException e) {
            throw new WireException(CloseCode.TIMEOUT, "peer " + peer + ": no node link preamble within "
                    + deadline.total().toMillis() + " ms");
        }
        if (!Arrays.equals(got, 0, MAGIC.length, MAGIC, 0, MAGIC.length)) {
            throw new WireException(CloseCode.PROTOCOL_ERROR, "peer " + peer + ": not a switchbox node link (no"
                    + " IOSWPEER preamble)");
        }
        if (got[MAGIC.length] != VERSION) {
            throw new WireException(CloseCode.UNSUPPORTED_VERSION, "peer " + peer + ": node link version "
                    + got[MAGIC.length] + ", this node speaks " + VERSION);
        }
        socket.setSoTimeout(0);
    }
}
