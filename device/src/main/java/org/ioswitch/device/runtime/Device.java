package org.ioswitch.device.runtime;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.ioswitch.common.block.BlockMap;
import org.ioswitch.common.block.DeviceId;
import org.ioswitch.common.block.DeviceIdException;
import org.ioswitch.common.block.MemoryBlock;
import org.ioswitch.common.block.SignalMap;
import org.ioswitch.common.link.Backoff;
import org.ioswitch.common.link.CloseReason;
import org.ioswitch.common.link.Link;
import org.ioswitch.common.link.LinkOptions;
import org.ioswitch.common.thread.Threads;
import org.ioswitch.common.tls.TlsOptions;
import org.ioswitch.common.tls.TlsSetupException;
import org.ioswitch.common.wire.Auth;
import org.ioswitch.common.wire.CloseCode;
import org.ioswitch.common.wire.CredentialKind;
import org.ioswitch.common.wire.Direction;
import org.ioswitch.common.wire.Role;
import org.ioswitch.device.connect.Connected;
import org.ioswitch.device.connect.Hop;
import org.ioswitch.device.connect.Connector;
import org.ioswitch.common.link.RefusedException;
import org.ioswitch.device.connect.Route;
import org.ioswitch.device.connect.Routes;
import org.ioswitch.device.connect.ServerAddress;
import org.ioswitch.device.connect.Switchbox;
import org.ioswitch.device.pairing.DevicePairing;
import org.ioswitch.device.state.DeviceState;
import org.ioswitch.device.state.StateException;
import org.tinylog.Logger;

/**
 * An IO device: its memory blocks (from a signal map, plus {@code info}, the map itself as JSON) kept in step with its
 * home server. {@link #start()} connects up, authenticates, announces the blocks, publishes {@code exp} snapshots and
 * applies received {@code imp} snapshots atomically (their listeners fire); after any loss it reconnects with jittered
 * exponential backoff and resynchronizes whole blocks. {@link #close()} stops cleanly.
 *
 * <pre>
 *   Device d = Device.builder().id("gina3.pekkahome").server("myserver:6369").tls(tls).signalMap(map)
 *       .password("P").build();
 *   d.start();
 *   d.block("exp").signal("counter").set(42); d.block("exp").publish();
 * </pre>
 * Behind NAT, the same device reaches its home server through a switchbox, end to end:
 * {@code .viaSwitchbox("relay.example.com:6372", cloudTls)} instead of (or after) {@code .server(...)}.
 */
public final class Device implements AutoCloseable {
    /** The block that describes all blocks and signals. */
    public static final String INFO = "info";
    /** Default first reconnect delay. */
    public static final Duration DEFAULT_BACKOFF_INITIAL = Duration.ofSeconds(1);
    /** Default largest reconnect delay. */
    public static final Duration DEFAULT_BACKOFF_MAX = Duration.ofSeconds(30);
    /** Default time for TCP, TLS, hello and authentication together. */
    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(10);

    private final DeviceOptions options;
    private final List<MemoryBlock> blocks;
    private final List<ConnectionListener> listeners = new CopyOnWriteArrayList<>();
    /** The signal map's min/max first, then the application's checks. */
    private final List<WriteCheck> writeChecks = new CopyOnWriteArrayList<>(List.of(new SignalBounds()));
    private final CountDownLatch stop = new CountDownLatch(1);
    private final CountDownLatch stopped = new CountDownLatch(1);
    private volatile String identity;
    private volatile DeviceConnection session;
    private volatile Link link;
    private volatile Thread thread;
    /** Set by {@link #start()} for a device that authenticates with its secret and keeps state: it pairs. */
    private volatile DevicePairing pairing;

    /** The DOWN blocks' images across restarts of this device. */
    private final KeptOutputs kept;
    /** The socket of the live connection, for {@link #kill()}. */
    private volatile java.net.Socket socket;

    private Device(DeviceOptions options, List<MemoryBlock> blocks, KeptOutputs kept) {
        this.options = options;
        this.blocks = blocks;
        this.kept = kept;
        this.identity = options.id();
        for (MemoryBlock block : blocks) {
            if (block.direction() == Direction.UP) {
                block.addListener((blk, previous, current) -> {
                    DeviceConnection s = session;
                    if (s != null) {
                        s.published(blk, current);
                    }
                });
            }
        }
    }

    /** A builder; id, server, TLS options and signal map are required, and a password or a secret (or state dir). */
    public static Builder builder() {
        return new Builder();
    }

    /** The identity: as configured, or as assigned by the server once connected. */
    public String id() {
        return identity;
    }

    /** A block by name ({@code exp}, {@code imp}, {@code info}, ...). */
    public MemoryBlock block(String name) {
        for (MemoryBlock b : blocks) {
            if (b.name().equals(name)) {
                return b;
            }
        }
        throw new IllegalArgumentException("device " + identity + " has no block " + name + ", it has " + blockNames());
    }

    /** All blocks, in announcement order. */
    public List<MemoryBlock> blocks() {
        return blocks;
    }

    /** Adds a listener for connection events. */
    public void addListener(ConnectionListener listener) {
        listeners.add(Objects.requireNonNull(listener, "listener"));
    }

    /**
     * Adds a check that may refuse a write from above before it is applied (the operator then sees {@code rejected:
     * <reason>}); the signal map's {@code min}/{@code max} are always checked first.
     */
    public void addWriteCheck(WriteCheck check) {
        writeChecks.add(Objects.requireNonNull(check, "check"));
    }

    /** True while a connection is live. */
    public boolean connected() {
        Link l = link;
        return l != null && !l.isClosed();
    }

    /**
     * Reads the TLS material and starts connecting in the background; returns at once.
     *
     * @throws TlsSetupException naming the TLS file or setting that is wrong
     */
    public synchronized void start() throws TlsSetupException {
        if (thread != null) {
            throw new IllegalStateException("device " + identity + " already started");
        }
        TlsOptions homeTls = options.tls();
        if (options.credentialKind() == CredentialKind.DEVICE_SECRET && options.state() != null) {
            // Direct servers are dialled by DevicePairing, which asks for the trust bundle while the device has none.
            pairing = new DevicePairing(options.state().dir(), options.tls(),
                    code -> listeners.forEach(l -> l.pairingPending(code)));
            homeTls = pairing.homeOptions();
        }
        Routes routes = Routes.open(options.servers(), homeTls, options.switchbox());
        thread = Threads.start("ioswitch-device " + identity, () -> run(routes));
    }

    /** Stops: closes the connection with a close frame, ends reconnecting, and waits up to 10 s for that. */
    @Override
    public void close() {
        stop.countDown();
        DevicePairing p = pairing;
        if (p != null) {
            p.abort();
        }
        Link l = link;
        if (l != null) {
            l.close(CloseCode.SHUTDOWN, "device " + identity + " stopping");
        }
        if (thread != null) {
            try {
                stopped.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        kept.close();
    }

    /**
     * Stops at once as a crash or a power cut would: nothing more is saved (what the coalescing writer had not written
     * yet is lost), and the connection ends without a close frame. For tests of what survives, and for a watchdog.
     */
    public void kill() {
        kept.abandon();
        stop.countDown();
        DevicePairing p = pairing;
        if (p != null) {
            p.abort();
        }
        java.net.Socket s = socket;
        if (s != null) {
            try {
                s.setSoLinger(true, 0);
                s.close();
            } catch (IOException e) {
                Logger.debug("device {}: kill: {}", identity, e.getMessage());
            }
        }
        if (thread != null) {
            try {
                stopped.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void run(Routes routes) {
        Backoff backoff = new Backoff(options.backoffInitial(), options.backoffMax());
        List<Route> list = routes.list();
        try (routes) {
            int next = 0;
            while (stop.getCount() > 0) {
                if (connectOnce(list.get(next))) {
                    backoff.reset();
                } else {
                    next = (next + 1) % list.size();
                }
                if (stop.getCount() == 0) {
                    break;
                }
                Duration delay = backoff.next();
                Logger.info("device {}: reconnecting to {} in {} ms", identity, list.get(next), delay.toMillis());
                if (stop.await(delay.toMillis(), TimeUnit.MILLISECONDS)) {
                    break;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            if (pairing != null) {
                pairing.close();
            }
            stopped.countDown();
        }
    }

    /** One connection, from connect to its end; true if it got as far as authentication. */
    private boolean connectOnce(Route route) throws InterruptedException {
        ServerAddress server = route.address();
        Connected c;
        try {
            Auth auth = new Auth(identity, options.credentialKind(), options.credential(), options.boardType());
            c = pairing != null && !route.relayed()
                    ? pairing.connect(server, options.network(), auth, options.link().limits(), options.connectTimeout())
                    : Connector.connect(route, Role.DEVICE, options.network(), auth, options.link().limits(),
                            options.connectTimeout());
        } catch (RefusedException e) {
            Logger.warn("device {}: {}", identity, e.getMessage());
            listeners.forEach(l -> l.failed(server, e.getMessage()));
            return false;
        } catch (IOException e) {
            Logger.info("device {}: cannot connect to {}: {}", identity, route, e.getMessage());
            listeners.forEach(l -> l.failed(server, e.getMessage()));
            return false;
        }
        adoptIdentity(c.authOk().identity());
        DeviceConnection s = new DeviceConnection(blocks, identity, writeChecks, kept);
        socket = c.connection().socket();
        Link l = Link.start(c.connection().socket(), c.reader(), c.writer(), c.peer(), c.helloAck().maxFrameSize(),
                options.link(), s);
        link = l;
        try {
            session = s;
            s.begin(l, true);
        } catch (IOException e) {
            l.close(CloseCode.NORMAL, "announce failed: " + e.getMessage());
        }
        if (stop.getCount() == 0) {
            l.close(CloseCode.SHUTDOWN, "device " + identity + " stopping");
        }
        List<Hop> hops = c.hops();
        listeners.forEach(x -> x.connected(server, identity, hops));
        CloseReason reason;
        try {
            reason = l.closed().get();
        } catch (java.util.concurrent.ExecutionException e) {
            reason = new CloseReason(CloseCode.INTERNAL, String.valueOf(e.getCause()), CloseReason.Closer.LOCAL);
        }
        session = null;
        Logger.info("device {}: connection to {} closed: {}", identity, route, reason);
        CloseReason r = reason;
        listeners.forEach(x -> x.disconnected(server, r));
        return true;
    }

    private void adoptIdentity(String assigned) {
        if (assigned.equals(identity)) {
            return;
        }
        Logger.info("device {}: server assigned id {}", identity, assigned);
        identity = assigned;
        if (options.state() != null) {
            try {
                options.state().saveAssignedId(assigned);
            } catch (StateException e) {
                Logger.warn("device {}: cannot keep the assigned id: {}", assigned, e.getMessage());
            }
        }
    }

    private List<String> blockNames() {
        List<String> names = new ArrayList<>();
        blocks.forEach(b -> names.add(b.name()));
        return names;
    }

    /** Direction of a block of the signal map: {@code imp} and {@code conf*} flow down, everything else up. */
    static Direction directionOf(String blockName) {
        return blockName.equals("imp") || blockName.startsWith("conf") ? Direction.DOWN : Direction.UP;
    }

    /** The settings this device runs with. */
    public DeviceOptions options() {
        return options;
    }

    /** Builds a {@link Device}: gathers its settings, then checks and resolves them into {@link DeviceOptions}. */
    public static final class Builder {
        private String id;
        private final List<ServerAddress> servers = new ArrayList<>();
        private TlsOptions tls;
        private Switchbox switchbox;
        private SignalMap signalMap;
        private String password;
        private byte[] secret;
        private DeviceState state;
        private Path stateDir;
        private String boardType = "ioswitch";
        private LinkOptions link = LinkOptions.defaults();
        private Duration backoffInitial = DEFAULT_BACKOFF_INITIAL;
        private Duration backoffMax = DEFAULT_BACKOFF_MAX;
        private Duration connectTimeout = DEFAULT_CONNECT_TIMEOUT;
        private boolean certificateLogin;

        private Builder() {
        }

        /** Device id, {@code gina3.pekkahome} or {@code gina*.pekkahome}. */
        public Builder id(String id) {
            this.id = id;
            return this;
        }

        /** Adds a server address, {@code HOST:PORT}; several are tried in order. */
        public Builder server(String hostPort) {
            servers.add(ServerAddress.parse(hostPort));
            return this;
        }

        /** Adds a server address. */
        public Builder server(ServerAddress address) {
            servers.add(Objects.requireNonNull(address, "address"));
            return this;
        }

        /** TLS settings (DESIGN §4) that verify the home server, directly or end to end through a switchbox. */
        public Builder tls(TlsOptions tls) {
            this.tls = tls;
            return this;
        }

        /**
         * Reaches the home server through the switchbox at {@code hostPort} (default port 6372), end to end;
         * {@code outerTls} verifies the switchbox (the cloud organization's root). Tried after the servers, if any.
         */
        public Builder viaSwitchbox(String hostPort, TlsOptions outerTls) {
            return viaSwitchbox(Switchbox.of(hostPort, outerTls));
        }

        /** Reaches the home server through this switchbox (end to end, or RELAY_CLEAR as it says). */
        public Builder viaSwitchbox(Switchbox switchbox) {
            this.switchbox = Objects.requireNonNull(switchbox, "switchbox");
            return this;
        }

        /** The blocks and signals; {@code info} is added from it. */
        public Builder signalMap(SignalMap signalMap) {
            this.signalMap = signalMap;
            return this;
        }

        /** Authenticate with a password (hand provisioning). */
        public Builder password(String password) {
            this.password = password;
            return this;
        }

        /** Authenticate with this device secret. */
        public Builder secret(byte[] secret) {
            this.secret = secret == null ? null : secret.clone();
            return this;
        }

        /**
         * Authenticate with the client certificate of the {@link #tls} settings, whose subject names the device's
         * account: nothing secret crosses the wire, and the server's check is the TLS handshake it does anyway, not a
         * slow password hash per login (a fleet reconnecting at once after a server restart).
         */
        public Builder certificateLogin() {
            this.certificateLogin = true;
            return this;
        }

        /** State directory: the device secret (made on first use) and the assigned id live there. */
        public Builder stateDir(Path dir) {
            this.stateDir = dir;
            return this;
        }

        /** Open state; as {@link #stateDir} with its config already read. */
        public Builder state(DeviceState state) {
            this.state = state;
            return this;
        }

        /** Board type announced at authentication. */
        public Builder boardType(String boardType) {
            this.boardType = boardType;
            return this;
        }

        /** Keepalive, credit window and limits. */
        public Builder linkOptions(LinkOptions link) {
            this.link = link;
            return this;
        }

        /** Reconnect delays: jittered, doubling from {@code initial} up to {@code max} (default 1 s → 30 s). */
        public Builder backoff(Duration initial, Duration max) {
            this.backoffInitial = initial;
            this.backoffMax = max;
            return this;
        }

        /** Deadline for TCP, TLS, hello and authentication together. */
        public Builder connectTimeout(Duration timeout) {
            this.connectTimeout = timeout;
            return this;
        }

        /**
         * Checks the settings and makes the blocks.
         *
         * @throws IllegalArgumentException naming a missing or bad setting
         * @throws StateException when the state directory cannot give the device secret
         */
        public Device build() throws StateException {
            require(id, "id");
            require(tls, "tls");
            require(signalMap, "signalMap");
            if (servers.isEmpty() && switchbox == null) {
                throw new IllegalArgumentException("device: a server HOST:PORT or a switchbox is required");
            }
            DeviceId deviceId;
            try {
                deviceId = DeviceId.parse(id);
            } catch (DeviceIdException e) {
                throw new IllegalArgumentException(e.getMessage(), e);
            }
            Objects.requireNonNull(backoffInitial, "backoff initial");
            new Backoff(backoffInitial, backoffMax);
            DeviceState open = state == null && stateDir != null ? DeviceState.bare(stateDir) : state;
            // The secret is made at first start even when a password authenticates: pairing will need it.
            byte[] stateSecret = open == null ? null : open.secret();
            CredentialKind credentialKind;
            byte[] credential;
            if (certificateLogin) {
                if (password != null || secret != null) {
                    throw new IllegalArgumentException("device " + id + ": certificate login takes no password or"
                            + " secret; give one way to authenticate");
                }
                if (tls.certificate() == null && tls.keychain() == null) {
                    throw new IllegalArgumentException("device " + id + ": certificate login needs a client"
                            + " certificate in the tls settings (certificate and privateKey, or keychain)");
                }
                credentialKind = CredentialKind.CERTIFICATE;
                credential = new byte[0];
            } else if (password != null) {
                credentialKind = CredentialKind.PASSWORD;
                credential = password.getBytes(StandardCharsets.UTF_8);
            } else if (secret != null) {
                credentialKind = CredentialKind.DEVICE_SECRET;
                credential = secret;
            } else if (open != null) {
                credentialKind = CredentialKind.DEVICE_SECRET;
                credential = stateSecret;
            } else {
                throw new IllegalArgumentException("device " + id + ": give a password, a secret or a state directory");
            }
            String effectiveId = open != null && id.contains("*") ? open.effectiveId(id) : id;
            DeviceOptions options = new DeviceOptions(effectiveId, deviceId.network(), servers, tls, switchbox,
                    signalMap, credentialKind, credential, open, boardType, link, backoffInitial, backoffMax,
                    connectTimeout);
            List<MemoryBlock> blocks = new ArrayList<>();
            for (BlockMap map : signalMap.blocks()) {
                if (map.name().equals(INFO)) {
                    throw new IllegalArgumentException("signal map: block name " + INFO + " is reserved for the map itself");
                }
                blocks.add(new MemoryBlock(deviceId, map, directionOf(map.name())));
            }
            byte[] json = signalMap.toJson().getBytes(StandardCharsets.UTF_8);
            MemoryBlock info = new MemoryBlock(deviceId, BlockMap.raw(INFO, Math.max(BlockMap.MIN_SIZE, json.length)),
                    Direction.UP);
            info.write(0, json);
            info.publish();
            blocks.add(info);
            KeptOutputs kept = new KeptOutputs(open == null ? null : open.dir());
            long start = System.currentTimeMillis();
            for (MemoryBlock b : blocks) {
                if (b.direction() == Direction.DOWN) {
                    kept.restore(b, start);
                    kept.started(b);
                }
            }
            return new Device(options, Collections.unmodifiableList(blocks), kept);
        }

        private static void require(Object value, String name) {
            if (value == null) {
                throw new IllegalArgumentException("device: " + name + " is required");
            }
        }
    }
}
