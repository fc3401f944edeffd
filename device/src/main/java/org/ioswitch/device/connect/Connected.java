package org.ioswitch.device.connect;

import java.util.List;

import org.ioswitch.common.tls.TlsConnection;
import org.ioswitch.common.wire.AuthOk;
import org.ioswitch.common.wire.FrameReader;
import org.ioswitch.common.wire.FrameWriter;
import org.ioswitch.common.wire.HelloAck;

/**
 * A connection past hello and authentication, ready to be handed to a {@code Link}.
 *
 * @param connection the TLS connection
 * @param reader frame reader on it (our frame limit in force)
 * @param writer frame writer on it (the server's frame limit in force)
 * @param helloAck what the server said to the hello
 * @param authOk the identity as the server assigned it, and its privileges
 * @param peer the server for logs: address and identity
 */
public record Connected(TlsConnection connection, FrameReader reader, FrameWriter writer, HelloAck helloAck,
                        AuthOk authOk, String peer, List<Hop> hops) {
}
