package org.ioswitch.server.uplink;

import java.io.IOException;
import java.net.Socket;

/**
 * Receives each client relayed through the switchbox, exactly as a listener hands over an accepted TCP socket.
 * With {@link RelayedClient#endToEnd()} the socket carries the client's inner TLS (run the server handshake first,
 * as on the TLS listener); otherwise (RELAY_CLEAR) it starts with the client's HELLO, as on a plain listener.
 */
@FunctionalInterface
public interface StreamAcceptor {
    /**
     * Takes over one relayed client. The calling thread belongs to this stream, so the client may be served on it;
     * the acceptor owns the socket from now on and closes it when done.
     *
     * @param streamSocket the stream as a socket; its remote address is the client's as the switchbox saw it
     * @param client who the client is and what it asked for
     */
    void accept(Socket streamSocket, RelayedClient client) throws IOException;
}
