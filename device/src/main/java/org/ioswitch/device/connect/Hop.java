package org.ioswitch.device.connect;

import java.util.Objects;
import org.ioswitch.common.tls.TlsFacts;

/**
 * One TLS session on the way to the home server, with what it negotiated and verified: one hop for a direct
 * connection, two through a switchbox (to the switchbox, then end to end to the home server).
 *
 * @param name  who the hop reaches, e.g. {@code switchbox 127.0.0.1:6372} or {@code home server pekkahome}
 * @param facts protocol, cipher suite, security level and peer of that session
 */
public record Hop(String name, TlsFacts facts) {
    public Hop {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(facts, "facts");
    }

    @Override
    public String toString() {
        return name + ": " + facts.describe();
    }
}
