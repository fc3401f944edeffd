package org.ioswitch.server.config;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.ioswitch.common.config.ConfigException;
import org.ioswitch.common.config.ConfigFile;
import org.ioswitch.common.config.ConfigObject;
import org.ioswitch.common.link.LinkOptions;
import org.ioswitch.common.net.ConnectionCaps;
import org.ioswitch.common.net.HostPort;
import org.ioswitch.common.tls.TlsOptions;
import org.ioswitch.server.console.ConsoleOptions;
import org.ioswitch.server.session.ServerOptions;
import org.ioswitch.server.pairing.PairingOptions;
import org.ioswitch.server.uplink.UplinkOptions;

/**
 * A server directory's {@code config.json}, read strictly: an unknown key or a bad value is an error naming the file,
 * the key and what was expected. Paths are relative to the directory.
 *
 * <pre>
 * { "network": "pekkahome",
 *   "listen": {"address": "127.0.0.1", "port": 6369},
 *   "plain": {"enabled": false, "address": "127.0.0.1", "port": 6368},
 *   "keepalive": {"interval": "5s", "deadPeer": "15s"},
 *   "limits": {"maxConnections": 1024, "maxUnauthenticatedPerAddress": 64},
 *   "tls": { ...DESIGN §4... },
 *   "uplink": {"switchbox": "cloud.example:6372", "account": "pekkahome-home", "passwordFile": "uplink.pass",
 *              (or "switchboxes": ["sb1.cloud.example:6372", "sb2.cloud.example:6372"], a switchbox cluster)
 *              "networks": ["pekkahome"], "allowClearRelay": false, "tls": {"trusted": "iocafe-root.crt"}},
 *   "pairing": {"autoApprove": false, "pendingTtl": "1h", "maxPending": 100, "maxNewPerAddress": 10,
 *               "maxHandshakesPerWindow": 30, "maxWrongCodes": 3},
 *   "console": {"enabled": true, "address": "127.0.0.1", "port": 6380, "idleTimeout": "30m",
 *               "sessionLifetime": "12h", "metricsToken": "..."} }
 * </pre>
 */
public final class ServerConfig {
    /** The file name inside the server directory. */
    public static final String FILE_NAME = "config.json";
    /** TLS port of a home server. */
    public static final int DEFAULT_PORT = 6369;
    /** Plain TCP port of a home server, used only when enabled. */
    public static final int DEFAULT_PLAIN_PORT = 6368;
    /** How often an idle link is pinged. */
    public static final Duration DEFAULT_KEEPALIVE = LinkOptions.DEFAULT_KEEPALIVE;
    /** How long a silent peer is tolerated (15 s: a hung peer is found within 15 s). */
    public static final Duration DEFAULT_DEAD_PEER = LinkOptions.DEFAULT_DEAD_PEER;

    private ServerConfig() {
    }

    /**
     * The {@code network} a set-up directory serves.
     *
     * @throws ConfigException if the directory has no readable {@code config.json} with a {@code network}
     */
    public static String network(Path dir) throws ConfigException {
        ConfigObject top = ConfigFile.read(dir.resolve(FILE_NAME)).root();
        String network = top.string("network", null);
        if (network == null) {
            throw new ConfigException(dir.resolve(FILE_NAME) + ": network: expected a string");
        }
        return network;
    }

    /**
     * Reads a directory's {@code config.json} into server options.
     *
     * @param portOverride a TLS port that replaces the configured one, or null
     * @throws ConfigException naming the file, the key and what was expected
     */
    public static ServerOptions read(Path dir, Integer portOverride) throws ConfigException {
        return read(dir, ConfigFile.read(dir.resolve(FILE_NAME)).root(), portOverride);
    }

    private static ServerOptions read(Path dir, ConfigObject top, Integer portOverride)
            throws ConfigException {
        String network = top.string("network", null);
        if (network == null) {
            throw top.error("network", "the network this server serves, e.g. \"pekkahome\"");
        }
        ConfigObject listen = top.object("listen");
        String address = listen.string("address", "127.0.0.1");
        int port = (int) listen.integer("port", DEFAULT_PORT, 0, 65535);
        listen.finish();
        ServerOptions.Builder b = ServerOptions.builder().dir(dir)
                .listen(address, portOverride != null ? portOverride : port);

        ConfigObject plain = top.object("plain");
        boolean plainOn = plain.bool("enabled", false);
        String plainAddress = plain.string("address", "127.0.0.1");
        int plainPort = (int) plain.integer("port", DEFAULT_PLAIN_PORT, 0, 65535);
        plain.finish();
        if (plainOn) {
            b.plainListen(new InetSocketAddress(plainAddress, plainPort));
        }

        ConfigObject keepalive = top.object("keepalive");
        Duration interval = keepalive.duration("interval", DEFAULT_KEEPALIVE);
        Duration dead = keepalive.duration("deadPeer", DEFAULT_DEAD_PEER);
        keepalive.finish();
        try {
            b.link(LinkOptions.defaults().withKeepalive(interval, dead));
        } catch (IllegalArgumentException e) {
            throw keepalive.error("deadPeer", e.getMessage());
        }

        b.tls(TlsOptions.fromConfig(top.object("tls")));
        if (top.has("uplink")) {
            ConfigObject uplink = top.object("uplink");
            b.uplink(uplink(uplink, network));
            b.allowClearRelay(uplink.bool("allowClearRelay", false));
            uplink.finish();
        }
        if (top.has("pairing")) {
            b.pairing(pairing(top.object("pairing")));
        }
        if (top.has("limits")) {
            ConfigObject limits = top.object("limits");
            ConnectionCaps.Limits d = ConnectionCaps.Limits.DEFAULT;
            b.caps(new ConnectionCaps.Limits(
                    (int) limits.integer("maxConnections", d.maxConnections(), 1, 1_000_000),
                    (int) limits.integer("maxUnauthenticatedPerAddress", d.maxUnauthenticatedPerAddress(), 1,
                            1_000_000),
                    (int) limits.integer("maxHandshakes", d.maxHandshakes(), 1, 1_000_000),
                    (int) limits.integer("handshakeQueue", d.handshakeQueue(), 0, 1_000_000)));
            limits.finish();
        }
        b.console(console(top.object("console"), network));
        top.finish();
        return b.build();
    }

    /** The console section; every key optional: on, 127.0.0.1:6380, 30 min idle, 12 h at most, no token. */
    private static ConsoleOptions console(ConfigObject o, String network)
            throws org.ioswitch.common.config.ConfigException {
        boolean enabled = o.bool("enabled", true);
        String address = o.string("address", "127.0.0.1");
        int port = (int) o.integer("port", ConsoleOptions.DEFAULT_PORT, 0, 65535);
        Duration idle = o.duration("idleTimeout", ConsoleOptions.DEFAULT_IDLE);
        Duration lifetime = o.duration("sessionLifetime", ConsoleOptions.DEFAULT_LIFETIME);
        String token = o.string("metricsToken", null);
        o.finish();
        try {
            return new ConsoleOptions(enabled, new InetSocketAddress(address, port), idle, lifetime, token, network);
        } catch (IllegalArgumentException e) {
            String key = e.getMessage().startsWith("idleTimeout") ? "idleTimeout"
                    : e.getMessage().startsWith("sessionLifetime") ? "sessionLifetime" : "metricsToken";
            throw o.error(key, e.getMessage());
        }
    }

    /** The pairing section; every key optional, defaults from {@link PairingOptions}. */
    private static PairingOptions pairing(ConfigObject o) throws ConfigException {
        PairingOptions d = PairingOptions.defaults();
        Duration ttl = o.duration("pendingTtl", d.pendingTtl());
        if (ttl.isZero() || ttl.isNegative()) {
            throw o.error("pendingTtl", "a duration > 0 like \"1h\", got " + ttl);
        }
        PairingOptions p = d.toBuilder()
                .autoApprove(o.bool("autoApprove", false))
                .pendingTtl(ttl)
                .maxPending((int) o.integer("maxPending", d.maxPending(), 1, 100_000))
                .maxNewPerAddress((int) o.integer("maxNewPerAddress", d.maxNewPerAddress(), 1, 100_000))
                .maxHandshakesPerWindow((int) o.integer("maxHandshakesPerWindow", d.maxHandshakesPerWindow(), 1,
                        100_000))
                .maxWrongCodes((int) o.integer("maxWrongCodes", d.maxWrongCodes(), 1, 100))
                .build();
        o.finish();
        return p;
    }

    private static UplinkOptions uplink(ConfigObject o, String network)
            throws ConfigException {
        String switchbox = o.string("switchbox", null);
        List<String> cluster = o.strings("switchboxes", List.of());
        if ((switchbox == null) == cluster.isEmpty()) {
            throw o.error("switchbox", "either the switchbox address, e.g. \"cloud.example.com:6372\", or"
                    + " \"switchboxes\": the addresses of a switchbox cluster's nodes (not both)");
        }
        List<HostPort> addresses = new java.util.ArrayList<>();
        String key = switchbox != null ? "switchbox" : "switchboxes";
        for (String text : switchbox != null ? List.of(switchbox) : cluster) {
            try {
                addresses.add(HostPort.parse(text, UplinkOptions.DEFAULT_PORT));
            } catch (IllegalArgumentException e) {
                throw o.error(key, e.getMessage());
            }
        }
        HostPort address = addresses.get(0);
        String account = o.string("account", null);
        if (account == null) {
            throw o.error("account", "the switchbox account this server publishes as");
        }
        Path passwordFile = o.path("passwordFile");
        String password = null;
        if (passwordFile != null) {
            try {
                password = Files.readString(passwordFile).strip();
            } catch (IOException e) {
                throw o.error("passwordFile", "a readable file, but " + passwordFile + ": " + e.getMessage());
            }
        }
        List<String> networks = o.strings("networks", List.of(network));
        TlsOptions tls = TlsOptions.fromConfig(o.object("tls"));
        try {
            return UplinkOptions.builder().host(address.host()).port(address.port())
                    .alternates(addresses.subList(1, addresses.size())).account(account).password(password)
                    .networks(networks).tls(tls).build();
        } catch (IllegalArgumentException e) {
            throw o.error(e.getMessage());
        }
    }
}
