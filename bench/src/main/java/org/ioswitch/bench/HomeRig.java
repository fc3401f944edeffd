package org.ioswitch.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.ioswitch.common.auth.PasswordHash;
import org.ioswitch.common.block.SignalMap;
import org.ioswitch.common.tls.TlsClientContext;
import org.ioswitch.common.tls.TlsServerContext;
import org.ioswitch.device.connect.ServerAddress;
import org.ioswitch.device.connect.Switchbox;
import org.ioswitch.device.operator.OperatorClient;
import org.ioswitch.device.operator.OperatorOptions;
import org.ioswitch.device.runtime.ConnectionListener;
import org.ioswitch.device.runtime.Device;
import org.ioswitch.server.account.Account;
import org.ioswitch.server.account.AccountKind;
import org.ioswitch.server.account.AccountStore;
import org.ioswitch.server.registry.Block;
import org.ioswitch.server.session.HomeServer;
import org.ioswitch.server.session.ServerOptions;
import org.ioswitch.server.uplink.Uplink;
import org.ioswitch.server.uplink.UplinkOptions;
import org.ioswitch.switchbox.SwitchboxOptions;
import org.ioswitch.switchbox.SwitchboxServer;
import org.ioswitch.switchbox.account.Accounts;

/**
 * The real home server in this process on 127.0.0.1 (port 0) for network {@code pekkahome}, with device accounts
 * {@code bench1}..{@code bench4} and a user account, and the real {@link Device} and {@link OperatorClient} to connect
 * to it, directly or (when made with a switchbox) through the real switchbox its uplink publishes to, end to end.
 * Also hands out raw TLS contexts with the very same certificate and settings for the reference rows.
 */
final class HomeRig implements AutoCloseable {
    static final String NETWORK = "pekkahome";
    static final String DEVICE_ID = "bench1." + NETWORK;
    static final String DEVICE_PASSWORD = "bench-device-pw";
    private static final String USER = "op";
    private static final String USER_PASSWORD = "bench-user-pw";
    private static final String UPLINK_PASSWORD = "bench-uplink-pw";

    private final Path dir;
    private final Pki pki;
    private final Pki cloud;
    private final SwitchboxServer switchbox;
    private final HomeServer server;

    /** The home server alone. */
    HomeRig() throws Exception {
        this(false);
    }

    /** The home server; with {@code withSwitchbox}, also a switchbox that the server's uplink publishes to. */
    HomeRig(boolean withSwitchbox) throws Exception {
        dir = Files.createTempDirectory("ioswitch-bench");
        // The server certificate names the network: the host name a client checks end to end through a switchbox.
        pki = new Pki(dir, NETWORK, NETWORK);
        AccountStore accounts = AccountStore.open(dir);
        for (int i = 1; i <= 4; i++) {
            accounts.add(Account.create(NETWORK, "bench" + i, AccountKind.DEVICE, DEVICE_PASSWORD.toCharArray()));
        }
        accounts.add(Account.create(NETWORK, USER, AccountKind.USER, USER_PASSWORD.toCharArray()));
        ServerOptions.Builder options = ServerOptions.builder().dir(dir).listen("127.0.0.1", 0)
                .tls(pki.serverOptions());
        if (withSwitchbox) {
            cloud = new Pki(dir.resolve("cloud"), "iocafe", "switchbox");
            Path accountsFile = dir.resolve("cloud").resolve("accounts.json");
            Accounts.writeEmpty(accountsFile);
            Accounts.load(accountsFile).put(new org.ioswitch.switchbox.account.PublisherAccount("pekka",
                    PasswordHash.create(UPLINK_PASSWORD.toCharArray()), null, List.of(NETWORK)));
            switchbox = SwitchboxServer.start(SwitchboxOptions.builder().bind("127.0.0.1").port(0)
                    .tls(cloud.serverOptions()).accountsFile(accountsFile).build());
            options.uplink(UplinkOptions.builder().host("127.0.0.1").port(switchbox.port())
                    .tls(cloud.clientOptions()).account("pekka").password(UPLINK_PASSWORD).networks(NETWORK)
                    .connectTimeout(Duration.ofSeconds(10)).build());
        } else {
            cloud = null;
            switchbox = null;
        }
        server = HomeServer.start(options.build());
        if (withSwitchbox) {
            Uplink.Status s = server.uplink().orElseThrow().awaitStatus(Uplink.Status::published,
                    Duration.ofSeconds(10));
            if (!s.published()) {
                throw new IOException("home server's uplink did not publish " + NETWORK + " within 10 s: "
                        + s.lastProblem());
            }
        }
    }

    /** The organization root a device must trust to reach this server (PEM). */
    Path trustRoot() {
        return pki.root;
    }

    String address() {
        return "127.0.0.1:" + server.address().getPort();
    }

    private Switchbox route() {
        if (switchbox == null) {
            throw new IllegalStateException("this rig has no switchbox");
        }
        return Switchbox.of("127.0.0.1:" + switchbox.port(), cloud.clientOptions());
    }

    /** Starts device {@code bench1} with {@code map}, directly connected; see {@link #device(SignalMap, int, boolean)}. */
    Device device(SignalMap map) throws Exception {
        return device(map, 1, false);
    }

    /**
     * Starts device {@code bench<n>} with {@code map}, directly or through the switchbox, and waits (10 s) until it is
     * connected and the server holds its {@code exp}.
     */
    Device device(SignalMap map, int n, boolean relayed) throws Exception {
        String id = "bench" + n + "." + NETWORK;
        Device.Builder b = Device.builder().id(id).tls(pki.clientOptions()).signalMap(map).password(DEVICE_PASSWORD)
                .backoff(Duration.ofMillis(100), Duration.ofMillis(500));
        Device d = (relayed ? b.viaSwitchbox(route()) : b.server(address())).build();
        CountDownLatch connected = new CountDownLatch(1);
        d.addListener(new ConnectionListener() {
            @Override
            public void connected(ServerAddress s, String identity) {
                connected.countDown();
            }
        });
        d.start();
        if (!connected.await(10, TimeUnit.SECONDS)) {
            d.close();
            throw new IOException("device " + id + " did not connect " + (relayed ? "through the switchbox" : "to "
                    + address()) + " within 10 s");
        }
        serverBlock(id, "exp");
        return d;
    }

    /** The server's copy of one of device {@code bench1}'s blocks, once announced (waits up to 10 s). */
    Block serverBlock(String name) throws Exception {
        return serverBlock(DEVICE_ID, name);
    }

    private Block serverBlock(String deviceId, String name) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            Optional<Block> b = server.registry().network(NETWORK).block(deviceId, name);
            if (b.isPresent()) {
                return b.get();
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(5));
        }
        throw new IOException("server did not announce " + deviceId + "." + name + " within 10 s");
    }

    /** An operator client logged in as the user account, directly connected. */
    OperatorClient operator() throws Exception {
        return operator(false);
    }

    /** An operator client logged in as the user account, directly or through the switchbox (end to end). */
    OperatorClient operator(boolean relayed) throws Exception {
        OperatorOptions.Builder b = OperatorOptions.builder().network(NETWORK).user(USER).password(USER_PASSWORD)
                .tls(pki.clientOptions());
        return OperatorClient.connect((relayed ? b.viaSwitchbox(route()) : b.server(address())).build());
    }

    /** Raw TLS with the server's own certificate and the clients' trust: the reference rows. */
    RawTls rawTls() throws Exception {
        return new RawTls(TlsServerContext.open(pki.serverOptions()), TlsClientContext.open(pki.clientOptions()));
    }

    /** Starts the mosquitto broker {@code exe} with the server's certificate and key (see {@link Mosquitto}). */
    Mosquitto mosquitto(String exe) throws IOException {
        return Mosquitto.start(exe, dir, pki.serverCert, pki.serverKey);
    }

    /**
     * A JSSE client context trusting the bench's root, for the MQTT clients. Paho opens an unconnected socket and
     * connects it, so the TLS layer never learns a host name to check: the chain is still verified against the root,
     * the host name check is off.
     */
    javax.net.ssl.SSLContext mqttClientContext() throws Exception {
        return TlsClientContext.open(pki.clientOptions().toBuilder().verifyHostname(false).build()).sslContext();
    }

    @Override
    public void close() {
        server.close();
        if (switchbox != null) {
            switchbox.close();
        }
        Pki.deleteTree(dir);
    }
}
