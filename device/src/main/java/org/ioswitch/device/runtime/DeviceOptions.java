package org.ioswitch.device.runtime;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import org.ioswitch.common.block.SignalMap;
import org.ioswitch.common.link.Backoff;
import org.ioswitch.common.link.LinkOptions;
import org.ioswitch.common.tls.TlsOptions;
import org.ioswitch.common.wire.CredentialKind;
import org.ioswitch.device.connect.ServerAddress;
import org.ioswitch.device.connect.Switchbox;
import org.ioswitch.device.state.DeviceState;

/**
 * The settings of a {@link Device}, checked: what {@code Device.builder()...build()} resolved (the network from the
 * id, the credential from a password, a secret or the state directory, an assigned number for a {@code gina*} id).
 *
 * @param id the device id, {@code gina3.pekkahome} (a {@code gina*} id once the server assigned its number)
 * @param network the network part of the id
 * @param servers home servers to dial directly, in order; may be empty with a switchbox
 * @param tls TLS settings that verify the home server, directly or end to end
 * @param switchbox the switchbox tried after the servers, or null
 * @param signalMap the blocks and signals
 * @param credentialKind PASSWORD or DEVICE_SECRET
 * @param credential the password's UTF-8 bytes or the device secret
 * @param state the state directory (device secret, assigned id, trust bundle), or null
 * @param boardType announced at authentication
 * @param link keepalive, credit window and limits
 * @param backoffInitial first reconnect delay (jittered, doubling)
 * @param backoffMax largest reconnect delay
 * @param connectTimeout TCP, TLS, hello and authentication together
 */
public record DeviceOptions(String id, String network, List<ServerAddress> servers, TlsOptions tls,
        Switchbox switchbox, SignalMap signalMap, CredentialKind credentialKind, byte[] credential,
        DeviceState state, String boardType, LinkOptions link, Duration backoffInitial, Duration backoffMax,
        Duration connectTimeout) {

    /** Checks every field and names the one that is wrong. */
    public DeviceOptions {
        require(id, "id");
        require(network, "network");
        require(tls, "tls");
        require(signalMap, "signalMap");
        servers = List.copyOf(servers);
        if (servers.isEmpty() && switchbox == null) {
            throw new IllegalArgumentException("device: a server HOST:PORT or a switchbox is required");
        }
        require(credentialKind, "credentialKind");
        credential = Objects.requireNonNull(credential, "credential").clone();
        require(boardType, "boardType");
        require(link, "link");
        Objects.requireNonNull(backoffInitial, "backoff initial");
        new Backoff(backoffInitial, backoffMax);
        require(connectTimeout, "connectTimeout");
    }

    /** A copy of the credential. */
    @Override
    public byte[] credential() {
        return credential.clone();
    }

    private static void require(Object value, String name) {
        if (value == null) {
            throw new IllegalArgumentException("device: " + name + " is required");
        }
    }
}
