package org.ioswitch.device.operator;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import org.ioswitch.common.block.BlockMap;
import org.ioswitch.common.block.DeviceId;
import org.ioswitch.common.block.DeviceIdException;
import org.ioswitch.common.block.MemoryBlock;
import org.ioswitch.common.block.Signal;
import org.ioswitch.common.block.SignalMap;
import org.ioswitch.common.block.Snapshot;
import org.ioswitch.common.link.CloseReason;
import org.ioswitch.common.link.FrameHandler;
import org.ioswitch.common.link.Link;
import org.ioswitch.common.tls.TlsSetupException;
import org.ioswitch.common.wire.Ack;
import org.ioswitch.common.wire.Auth;
import org.ioswitch.common.wire.BlockAnnounce;
import org.ioswitch.common.wire.BlockRemove;
import org.ioswitch.common.wire.CredentialKind;
import org.ioswitch.common.wire.Data;
import org.ioswitch.common.wire.DeviceList;
import org.ioswitch.common.wire.DeviceStatus;
import org.ioswitch.common.wire.WriteOutcome;
import org.ioswitch.common.wire.WriteResult;
import java.time.Duration;
import java.time.Instant;
import org.ioswitch.common.wire.Direction;
import org.ioswitch.common.wire.ListDevices;
import org.ioswitch.common.wire.Receiver;
import org.ioswitch.common.wire.Role;
import org.ioswitch.common.wire.Subscribe;
import org.ioswitch.common.wire.Unsubscribe;
import org.ioswitch.device.connect.Connected;
import org.ioswitch.device.connect.Hop;
import org.ioswitch.device.connect.ServerAddress;
import org.ioswitch.device.connect.Connector;
import org.ioswitch.device.connect.Route;
import org.ioswitch.device.connect.Routes;

/**
 * One connection of an {@link OperatorClient} to a home server: lists devices, reads their signal maps from their
 * {@code info} blocks, subscribes to values, and writes {@code imp} signals, each write confirmed by the server's ACK.
 * Requests block the caller up to the options' timeout; values arrive on the connection's reader thread. When the
 * server withdraws a block (BLOCK_REMOVE: its device re-announced it, e.g. new firmware) or a device's {@code info}
 * content changes, this connection forgets that device's view and tells {@code viewGone}.
 */
final class OperatorConnection implements AutoCloseable, FrameHandler.ByType {
    private final OperatorOptions options;
    private final Routes routes;
    /** The route this client connected by, for messages. */
    private final Route route;
    private final Link link;
    private final String identity;
    private final List<Hop> hops;
    private final Queue<CompletableFuture<DeviceList>> lists = new ConcurrentLinkedQueue<>();
    /** Subscribe requests in the order sent: the server answers them in that order. */
    private final Queue<Pending> subscribing = new ConcurrentLinkedQueue<>();
    private final Map<Integer, Subscription> byId = new ConcurrentHashMap<>();
    private final Map<String, CompletableFuture<Subscription>> byName = new ConcurrentHashMap<>();
    private final Map<String, SignalMap> maps = new ConcurrentHashMap<>();
    private final CompletableFuture<CloseReason> closed = new CompletableFuture<>();
    /** Per device, re-tells every subscribed value when the device goes offline or comes back; reader thread. */
    private final Map<String, List<Runnable>> statusWatchers = new ConcurrentHashMap<>();
    /** The latest DEVICE_STATUS per device (sent with each subscription and on every change). */
    private final Map<String, DeviceStatus> statuses = new ConcurrentHashMap<>();

    /** Told the device id whose view is gone; called on the reader thread, must not block. */
    private final Consumer<String> viewGone;

    private record Pending(String key, String device, String block, BlockMap layout,
                           CompletableFuture<Subscription> future) {
    }

    private OperatorConnection(OperatorOptions options, Routes routes, Route route, Connected c,
                               Consumer<String> viewGone) {
        this.options = options;
        this.viewGone = viewGone;
        this.routes = routes;
        this.route = route;
        this.identity = c.authOk().identity();
        this.hops = c.hops();
        this.link = Link.start(c.connection().socket(), c.reader(), c.writer(), c.peer(), c.helloAck().maxFrameSize(),
                options.link(), this);
        // The contexts are this connection's own (closed with it), so the watch needs no unregistering.
        route.watchTrust(hops, why -> link.close(org.ioswitch.common.wire.CloseCode.NOT_AUTHORIZED, why));
    }

    /** The route this connection took. */
    Route route() {
        return route;
    }

    /** The TLS sessions this client reached the server through: one direct, two through a switchbox. */
    public List<Hop> hops() {
        return hops;
    }

    /**
     * Connects and authenticates as the options' user: to the server directly, else through the switchbox, whichever
     * is configured, in that order.
     *
     * @throws TlsSetupException naming a TLS file or setting
     * @throws IOException when the server cannot be reached or refuses (the message has its reason; with two routes,
     *     the last route's)
     */
    static OperatorConnection connect(OperatorOptions options, Consumer<String> viewGone)
            throws IOException, TlsSetupException {
        List<ServerAddress> servers = options.server() == null ? List.of() : List.of(options.server());
        Routes routes = Routes.open(servers, options.tls(), options.switchbox());
        try {
            boolean cert = options.password() == null;
            Auth auth = new Auth(options.user(), cert ? CredentialKind.CERTIFICATE : CredentialKind.PASSWORD,
                    cert ? new byte[0] : options.password().getBytes(StandardCharsets.UTF_8), "");
            IOException failed = null;
            for (Route route : routes.list()) {
                try {
                    Connected c = Connector.connect(route, Role.OPERATOR, options.network(), auth,
                            options.link().limits(), options.timeout());
                    return new OperatorConnection(options, routes, route, c, viewGone);
                } catch (IOException e) {
                    if (failed != null) {
                        e.addSuppressed(failed);
                    }
                    failed = e;
                }
            }
            throw failed;
        } catch (IOException | RuntimeException e) {
            routes.close();
            throw e;
        }
    }

    /** The account name the server authenticated. */
    public String identity() {
        return identity;
    }

    /** The devices of the network this account may read, with their blocks and whether they are online. */
    public List<DeviceList.DeviceEntry> listDevices() throws IOException {
        CompletableFuture<DeviceList> f = new CompletableFuture<>();
        lists.add(f);
        if (closed.isDone()) {
            throw new OperatorException("connection to " + route + " closed: " + closed.getNow(null));
        }
        link.send(new ListDevices());
        return await(f, "LIST_DEVICES").devices();
    }

    /** A device's signal map, read from its {@code info} block (and kept). */
    public SignalMap signalMap(String device) throws IOException {
        SignalMap map = maps.get(device);
        if (map != null) {
            return map;
        }
        Subscription info = subscribe(device, "info", null);
        // The server may hold the block before the device sent its content: all zeros until then.
        CompletableFuture<Snapshot> content = new CompletableFuture<>();
        Consumer<Snapshot> watch = snap -> {
            if (snap.size() > 0 && snap.byteAt(0) != 0) {
                content.complete(snap);
            }
        };
        info.consumers.add(watch);
        // The device may announce a new info block while we wait for the old one's content (new firmware): the
        // server then withdraws the old one, and waiting on it would only run into the timeout.
        info.gone.whenComplete((v, x) -> {
            if (x != null) {
                content.completeExceptionally(x);
            }
        });
        if (info.first.isDone()) {
            watch.accept(info.mirror.snapshot());
        }
        Snapshot s;
        try {
            s = await(content, "the info block of " + device);
        } finally {
            info.consumers.remove(watch);
        }
        String json = new String(s.bytes(), StandardCharsets.UTF_8);
        int nul = json.indexOf('\0');
        try {
            map = SignalMap.parse(nul < 0 ? json : json.substring(0, nul), device + ".info");
        } catch (IOException e) {
            throw new OperatorException("device " + device + ": info block is not a signal map: " + e.getMessage());
        }
        maps.put(device, map);
        // New firmware may change the map without changing the info block's size: then no BLOCK_REMOVE comes.
        byte[] parsed = s.bytes();
        SignalMap kept = map;
        info.consumers.add(new Consumer<>() {
            @Override
            public void accept(Snapshot snap) {
                byte[] now = snap.bytes();
                if (now.length > 0 && now[0] != 0 && !Arrays.equals(parsed, now)) {
                    // Once: the next signalMap() call parses the new content and watches from there.
                    info.consumers.remove(this);
                    if (maps.remove(device, kept)) {
                        viewGone.accept(device);
                    }
                }
            }
        });
        return map;
    }

    /**
     * Subscribes to every block of a device's signal map; {@code listener} gets every signal once, then each signal
     * whose state or value changed, on the connection's reader thread.
     */
    public void subscribe(String device, Consumer<SignalValue> listener) throws IOException {
        Objects.requireNonNull(listener, "listener");
        SignalMap map = signalMap(device);
        for (BlockMap b : map.blocks()) {
            Subscription s = subscribe(device, b.name(), b);
            s.consumers.add(new SignalValueFeed(device, b, listener, () -> statuses.get(device)));
            // When the device goes offline (or comes back) every value of it changes meaning: tell them all again.
            statusWatchers.computeIfAbsent(device, d -> new CopyOnWriteArrayList<>()).add(() -> {
                if (s.first.isDone()) {
                    Snapshot snap = s.mirror.snapshot();
                    for (Signal sig : b.signals()) {
                        listener.accept(SignalValue.of(device, b.name(), sig, snap, statuses.get(device)));
                    }
                }
            });
            if (s.first.isDone()) {
                // Subscribed before: replay the current values to the new listener.
                s.consumers.get(s.consumers.size() - 1).accept(s.mirror.snapshot());
            }
        }
    }

    /** The current value of {@code signal} ({@code exp.counter}, or {@code counter} when the name is unique). */
    public SignalValue get(String device, String signal) throws IOException {
        Located at = locate(device, signal);
        Subscription s = subscribe(device, at.block.name(), at.block);
        await(s.first, device + "." + at.block.name());
        return SignalValue.of(device, at.block.name(), at.signal, s.mirror.snapshot(), statuses.get(device));
    }

    /**
     * Writes one signal of a DOWN block from text ({@code true}, {@code 42}, {@code 21.5}), waits for the server's ACK
     * and then up to {@code answerWait} for the device's answer.
     *
     * @throws OperatorException when the text does not fit the signal's type, the block is not writable, or the
     *     server refused the write (its reason is in the message)
     */
    public SetResult set(String device, String signal, String text, Duration answerWait) throws IOException {
        Located at = locate(device, signal);
        String what = device + "." + at.block.name() + "." + at.signal.name();
        Subscription s = subscribe(device, at.block.name(), at.block);
        await(s.first, device + "." + at.block.name());
        if (s.mirror.direction() != Direction.DOWN) {
            throw new OperatorException(what + ": block " + at.block.name() + " flows up from the device; only DOWN"
                    + " blocks such as imp can be written");
        }
        Subscription.Write write = new Subscription.Write();
        synchronized (s.pendingWrites) {
            ValueParser.set(s.mirror.signal(at.signal.name()), what, text);
            s.pendingWrites.add(write);
            link.publish(s.serverId, s.mirror.publish().sharedBytes());
        }
        Ack a = await(write.ack, "the write of " + what);
        if (!a.accepted()) {
            throw new OperatorException("server refused the write of " + what + ": " + a.text());
        }
        WriteResult r = awaitOrNull(write.result, answerWait, "the device's answer to " + what);
        if (r == null) {
            return new SetResult(WriteOutcome.PENDING, acceptedVersion(a), "no answer from the device within "
                    + answerWait.toSeconds() + " s (it is online; the server keeps the value)", null);
        }
        return new SetResult(r.outcome(), r.version(), r.outcome() == WriteOutcome.APPLIED ? "" : r.text(),
                r.outcome() == WriteOutcome.PENDING && r.sinceMillis() > 0 ? Instant.ofEpochMilli(r.sinceMillis())
                        : null);
    }

    /** The version in the server's "accepted as version N", or 0. */
    private static long acceptedVersion(Ack a) {
        String t = a.text();
        int at = t.lastIndexOf(' ');
        try {
            return Long.parseLong(t.substring(at + 1));
        } catch (NumberFormatException | IndexOutOfBoundsException e) {
            return 0;
        }
    }

    private record Located(BlockMap block, Signal signal) {
    }

    private Located locate(String device, String signal) throws IOException {
        SignalMap map = signalMap(device);
        int dot = signal.indexOf('.');
        List<Located> found = new ArrayList<>();
        for (BlockMap b : map.blocks()) {
            if (dot >= 0 && !b.name().equals(signal.substring(0, dot))) {
                continue;
            }
            Signal s = b.signal(dot >= 0 ? signal.substring(dot + 1) : signal);
            if (s != null) {
                found.add(new Located(b, s));
            }
        }
        if (found.isEmpty()) {
            throw new OperatorException("device " + device + " has no signal " + signal);
        }
        if (found.size() > 1) {
            throw new OperatorException("device " + device + ": signal " + signal + " is in several blocks, name it"
                    + " as block.signal");
        }
        return found.get(0);
    }

    private Subscription subscribe(String device, String block, BlockMap layout) throws IOException {
        // A closed connection's mirrors are stale: never answer from them.
        CloseReason ended = closed.getNow(null);
        if (ended != null) {
            throw new OperatorException("connection to " + route + " closed: " + ended);
        }
        String key = device + "/" + block;
        CompletableFuture<Subscription> f = new CompletableFuture<>();
        CompletableFuture<Subscription> existing = byName.putIfAbsent(key, f);
        if (existing != null) {
            return await(existing, "SUBSCRIBE " + device + "." + block);
        }
        synchronized (subscribing) {
            subscribing.add(new Pending(key, device, block, layout, f));
            link.send(new Subscribe(device, block));
        }
        try {
            return await(f, "SUBSCRIBE " + device + "." + block);
        } catch (IOException e) {
            byName.remove(key, f);
            throw e;
        }
    }

    @Override
    public Receiver receiver() {
        return Receiver.OPERATOR;
    }

    @Override
    public void deviceList(Link from, DeviceList list) {
        CompletableFuture<DeviceList> f = lists.poll();
        if (f != null) {
            f.complete(list);
        }
    }

    @Override
    public void blockAnnounce(Link from, BlockAnnounce a) {
        announced(a);
    }

    @Override
    public void data(Link from, Data d) throws IOException {
        Subscription s = byId.get(d.blockId());
        if (s != null) {
            Snapshot snap = s.assembler.accept(d);
            if (snap != null) {
                s.received(snap);
            }
        }
    }

    @Override
    public void blockRemove(Link from, BlockRemove r) {
        removed(r.blockId());
    }

    @Override
    public void ack(Link from, Ack ack) {
        if (ack.blockId() == 0 && ack.snapshotSeq() == 0) {
            // The answer to the oldest SUBSCRIBE: refused.
            Pending p = subscribing.poll();
            if (p != null) {
                p.future.completeExceptionally(new OperatorException("server refused SUBSCRIBE " + p.device + "."
                        + p.block + ": " + ack.text()));
            }
        } else {
            Subscription s = byId.get(ack.blockId());
            if (s != null) {
                s.acknowledged(ack);
            }
        }
    }

    @Override
    public void writeResult(Link from, WriteResult r) {
        Subscription s = byId.get(r.blockId());
        if (s != null) {
            s.answered(r);
        }
    }

    @Override
    public void deviceStatus(Link from, DeviceStatus st) {
        DeviceStatus before = statuses.put(st.deviceId(), st);
        if (before != null && before.online() != st.online()) {
            statusWatchers.getOrDefault(st.deviceId(), List.of()).forEach(Runnable::run);
        }
    }

    private void announced(BlockAnnounce a) {
        Pending p = subscribing.peek();
        if (p != null && p.device.equals(a.deviceId()) && p.block.equals(a.blockName())) {
            subscribing.poll();
        }
        CompletableFuture<Subscription> f = p != null && p.key.equals(a.deviceId() + "/" + a.blockName())
                ? p.future : byName.get(a.deviceId() + "/" + a.blockName());
        if (f == null || f.isDone()) {
            return;
        }
        BlockMap layout = p != null && p.layout != null ? p.layout : BlockMap.raw(a.blockName(), a.size());
        if (layout.size() != a.size()) {
            f.completeExceptionally(new OperatorException("block " + a.deviceId() + "." + a.blockName() + ": signal map"
                    + " says " + layout.size() + " bytes, server announces " + a.size()));
            return;
        }
        try {
            MemoryBlock mirror = new MemoryBlock(DeviceId.parse(a.deviceId()), layout, a.direction());
            Subscription s = new Subscription(a.deviceId(), a.blockName(), a.blockId(), mirror);
            byId.put(a.blockId(), s);
            f.complete(s);
        } catch (DeviceIdException e) {
            f.completeExceptionally(new OperatorException("server announced a bad device id: " + e.getMessage()));
        }
    }

    /** The server withdrew a block: drop it, fail its writes, and tell whoever keeps a view of the device. */
    private void removed(int blockId) {
        Subscription s = byId.remove(blockId);
        if (s == null) {
            return;
        }
        byName.remove(s.device + "/" + s.block);
        maps.remove(s.device);
        OperatorException e = new OperatorException("block " + s.device + "." + s.block + " was removed by the server"
                + " (its device announced it anew)");
        s.first.completeExceptionally(e);
        s.gone.completeExceptionally(e);
        s.failWrites(e);
        viewGone.accept(s.device);
    }

    /**
     * Forgets everything subscribed of a device (unsubscribing at the server) and its signal map, so that the next
     * subscribe starts from a fresh map.
     */
    void forget(String device) throws IOException {
        maps.remove(device);
        statusWatchers.remove(device);
        for (Subscription s : List.copyOf(byId.values())) {
            if (s.device.equals(device)) {
                byId.remove(s.serverId);
                byName.remove(device + "/" + s.block);
                link.send(new Unsubscribe(device, s.block));
            }
        }
    }

    /**
     * The server went silent (or is heard again): every subscribed value is shown as {@code disconnected} at once,
     * long before the link is declared dead, and the current values again once it speaks, so a frozen value never
     * reads {@code ok}.
     */
    @Override
    public void onSilence(Link l, boolean silent) {
        for (Subscription s : byId.values()) {
            if (s.first.isDone()) {
                s.silence(silent);
            }
        }
    }

    /** The device's status as the server last told it (with a subscription to one of its blocks), if known. */
    Optional<DeviceStatus> status(String device) {
        return Optional.ofNullable(statuses.get(device));
    }

    @Override
    public void onClose(Link l, CloseReason reason) {
        onSilence(l, true);
        closed.complete(reason);
        OperatorException e = new OperatorException("connection to " + route + " closed: " + reason);
        lists.forEach(f -> f.completeExceptionally(e));
        subscribing.forEach(p -> p.future.completeExceptionally(e));
        byName.values().forEach(f -> f.completeExceptionally(e));
        for (Subscription s : byId.values()) {
            s.first.completeExceptionally(e);
            s.gone.completeExceptionally(e);
            s.failWrites(e);
        }
    }

    /** Completes when the connection has ended, with the reason. */
    public CompletableFuture<CloseReason> closed() {
        return closed;
    }

    private <T> T await(CompletableFuture<T> f, String what) throws IOException {
        T value = awaitOrNull(f, options.timeout(), what);
        if (value == null) {
            throw new OperatorException("no answer from " + route + " to " + what + " within "
                    + options.timeout().toSeconds() + " s");
        }
        return value;
    }

    /** The future's value, or null when {@code wait} passes first; its failure as the IOException it is. */
    private static <T> T awaitOrNull(CompletableFuture<T> f, Duration wait, String what) throws IOException {
        try {
            return f.get(wait.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            return null;
        } catch (ExecutionException e) {
            if (e.getCause() instanceof IOException io) {
                throw io;
            }
            throw new IOException(what + ": " + e.getCause(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new OperatorException(what + ": interrupted");
        }
    }

    /** Closes the connection with a close frame (and the routes' resources). */
    @Override
    public void close() {
        link.close();
        routes.close();
    }
}
