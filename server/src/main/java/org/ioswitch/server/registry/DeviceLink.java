package org.ioswitch.server.registry;

import java.time.Instant;
import org.ioswitch.common.tls.TlsFacts;

/**
 * How a connected device reached this server, for people who look at it (the web console, metrics).
 *
 * @param route {@code direct} or {@code switchbox}
 * @param tls the TLS facts ({@code TLSv1.3 TLS_AES_128_GCM_SHA256 TLS}), or {@code PLAIN}
 * @param since when the session began
 * @param boardType the board type the device announced when it logged in (empty if none)
 */
public record DeviceLink(String route, String tls, Instant since, String boardType) {
    /** The facts of a session that came in directly or {@code relayed} through the switchbox. */
    public static DeviceLink of(boolean relayed, TlsFacts facts, Instant since, String boardType) {
        return new DeviceLink(relayed ? "switchbox" : "direct", facts == null ? "PLAIN" : facts.describe(), since,
                boardType == null ? "" : boardType);
    }
}
