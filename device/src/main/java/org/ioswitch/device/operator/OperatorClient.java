package org.ioswitch.device.operator;

import java.io.IOException;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.ioswitch.common.block.SignalMap;
import org.ioswitch.common.link.Backoff;
import org.ioswitch.common.link.CloseReason;
import org.ioswitch.common.thread.Threads;
import org.ioswitch.common.tls.TlsSetupException;
import org.ioswitch.common.wire.CloseCode;
import org.ioswitch.common.wire.DeviceList;
import org.ioswitch.common.wire.DeviceStatus;
import org.ioswitch.device.connect.Hop;
import org.tinylog.Logger;

/**
 * An operator's connection to a home server (consoles, dashboards, tests): lists devices, reads their signal maps
 * from their {@code info} blocks, subscribes to values, and writes {@code imp} signals, each write confirmed by the
 * server's ACK. Requests block the caller up to the options' timeout; values arrive on the connection's reader thread.
 *
 * <p>With {@link OperatorOptions#reconnect()} the client outlives its connection: after the link drops it reconnects
 * along its routes with jittered backoff and subscribes again to every device subscribed with
 * {@link #subscribe(String, Consumer)}, reading the device's signal map anew, so listeners keep getting values. It
 * does the same when the server withdraws a block (BLOCK_REMOVE: the device re-announced it, e.g. new firmware) or a
 * device's {@code info} changes. Requests made while disconnected fail at once; {@link #onStatus} tells the state.
 */
public final class OperatorClient implements AutoCloseable {
    /** Put in {@link #events} to wake the supervisor (a connection closed, or the client is closing). */
    private static final String WAKE = "";

    private final OperatorOptions options;
    private volatile OperatorConnection current;
    /** Devices subscribed through {@link #subscribe(String, Consumer)}, with their listeners, to restore. */
    private final Map<String, List<Consumer<SignalValue>>> watched = new ConcurrentHashMap<>();
    /** Devices whose view is gone (BLOCK_REMOVE, map change) and {@link #WAKE}. */
    private final BlockingQueue<String> events = new LinkedBlockingQueue<>();
    private final List<Consumer<String>> statusListeners = new CopyOnWriteArrayList<>();
    private final CompletableFuture<CloseReason> userClosed = new CompletableFuture<>();
    /** Serializes (re)subscribing, so a device is never subscribed twice for the same listener. */
    private final Object subscribing = new Object();
    private volatile String status;

    private OperatorClient(OperatorOptions options) {
        this.options = options;
    }

    /**
     * Connects and authenticates as the options' user: to the server directly, else through the switchbox, whichever
     * is configured, in that order. The first connection must work, with or without reconnect.
     *
     * @throws TlsSetupException naming a TLS file or setting
     * @throws IOException when the server cannot be reached or refuses (the message has its reason; with two routes,
     *     the last route's)
     */
    public static OperatorClient connect(OperatorOptions options) throws IOException, TlsSetupException {
        OperatorClient client = new OperatorClient(options);
        client.attach(OperatorConnection.connect(options, client::viewGone));
        if (options.reconnect()) {
            Threads.start("ioswitch-operator reconnect " + options.user(), client::supervise);
        }
        return client;
    }

    private void attach(OperatorConnection c) {
        current = c;
        if (options.reconnect()) {
            c.closed().whenComplete((r, e) -> events.add(WAKE));
        }
        status("connected via " + c.route());
    }

    /**
     * Adds a listener of the connection state, one line each change ({@code connected via 127.0.0.1:6369},
     * {@code disconnected: PEER … , retrying in 1.3 s}, {@code waiting for gina3.pekkahome to come online…}); it
     * gets the current state at once.
     */
    public void onStatus(Consumer<String> listener) {
        statusListeners.add(Objects.requireNonNull(listener, "listener"));
        String now = status;
        if (now != null) {
            listener.accept(now);
        }
    }

    private void status(String line) {
        if (line.equals(status)) {
            return;
        }
        status = line;
        Logger.info("operator {}: {}", options.user(), line);
        for (Consumer<String> l : statusListeners) {
            try {
                l.accept(line);
            } catch (RuntimeException e) {
                Logger.warn(e, "operator {}: status listener failed", options.user());
            }
        }
    }

    /** The TLS sessions the current connection reached the server through: one direct, two through a switchbox. */
    public List<Hop> hops() {
        return current.hops();
    }

    /** The account name the server authenticated. */
    public String identity() {
        return current.identity();
    }

    /** The devices of the network this account may read, with their blocks and whether they are online. */
    public List<DeviceList.DeviceEntry> listDevices() throws IOException {
        return current.listDevices();
    }

    /** A device's signal map, read from its {@code info} block (and kept until the device changes it). */
    public SignalMap signalMap(String device) throws IOException {
        return current.signalMap(device);
    }

    /**
     * Subscribes to every block of a device's signal map; {@code listener} gets every signal once, then each signal
     * whose state or value changed, on the connection's reader thread. With reconnect, the subscription is restored
     * after every reconnect and map change (the listener then gets every signal once again); if the link is down
     * right now it is kept and made once the client has reconnected.
     *
     * @throws IOException when the device or its blocks cannot be subscribed (unknown, not authorized, bad map)
     */
    public void subscribe(String device, Consumer<SignalValue> listener) throws IOException {
        Objects.requireNonNull(listener, "listener");
        synchronized (subscribing) {
            OperatorConnection c = current;
            try {
                c.subscribe(device, listener);
            } catch (IOException e) {
                if (!options.reconnect() || !c.closed().isDone() || userClosed.isDone()) {
                    throw e;
                }
                Logger.info("operator {}: {} is subscribed after the reconnect ({})", options.user(), device,
                        e.getMessage());
                events.add(device);
            }
            if (options.reconnect()) {
                watched.computeIfAbsent(device, d -> new CopyOnWriteArrayList<>()).add(listener);
            }
        }
    }

    /** The current value of {@code signal} ({@code exp.counter}, or {@code counter} when the name is unique). */
    public SignalValue get(String device, String signal) throws IOException {
        return current.get(device, signal);
    }

    /**
     * Writes one signal of a DOWN block from text ({@code true}, {@code 42}, {@code 21.5}) and waits for the device's
     * answer, up to the options' timeout: {@link #set(String, String, String, Duration)}.
     */
    public SetResult set(String device, String signal, String text) throws IOException {
        return set(device, signal, text, options.timeout());
    }

    /**
     * Writes one signal of a DOWN block from text ({@code true}, {@code 42}, {@code 21.5}): waits for the server to
     * accept it, then up to {@code answerWait} for the device's answer. The result says applied (at which version),
     * rejected (the device's reason: its application or the signal map's min/max), or pending (the device is offline
     * since a time and gets the value when it reconnects, or did not answer within {@code answerWait}).
     *
     * @throws OperatorException when the text does not fit the signal's type, the block is not writable, or the
     *     server refused the write (its reason is in the message)
     */
    public SetResult set(String device, String signal, String text, Duration answerWait) throws IOException {
        return current.set(device, signal, text, answerWait);
    }

    /**
     * The device's status as the server last told this client: online, or offline since when and why, its route
     * and board type. Known once one of its blocks is subscribed ({@link #get}, {@link #subscribe}); empty before.
     */
    public Optional<DeviceStatus> deviceStatus(String device) {
        return current.status(device);
    }

    /**
     * Completes when the client has ended, with the reason: without reconnect when its connection ends, with
     * reconnect only when it is closed.
     */
    public CompletableFuture<CloseReason> closed() {
        return options.reconnect() ? userClosed : current.closed();
    }

    /** True while a connection is up (with reconnect it may be down between attempts). */
    public boolean connected() {
        return !current.closed().isDone();
    }

    /** Called on a connection's reader thread: hand the device to the supervisor, never block here. */
    private void viewGone(String device) {
        if (options.reconnect()) {
            events.add(device);
        }
    }

    /** The reconnect loop: one thread per reconnecting client, until {@link #close}. */
    private void supervise() {
        Backoff backoff = new Backoff(options.backoffInitial(), options.backoffMax());
        Set<String> pending = new LinkedHashSet<>();
        String reason = null;
        try {
            while (!userClosed.isDone()) {
                OperatorConnection c = current;
                if (c.closed().isDone()) {
                    if (reason == null) {
                        reason = String.valueOf(c.closed().getNow(null));
                        c.close();
                    }
                    Duration wait = backoff.next();
                    status("disconnected: " + reason + ", retrying in " + seconds(wait));
                    if (closedWithin(wait)) {
                        return;
                    }
                    try {
                        OperatorConnection next = OperatorConnection.connect(options, this::viewGone);
                        if (userClosed.isDone()) {
                            next.close();
                            return;
                        }
                        attach(next);
                    } catch (IOException | TlsSetupException e) {
                        reason = e.getMessage();
                        continue;
                    }
                    reason = null;
                    backoff.reset();
                    pending.addAll(watched.keySet());
                }
                for (String d = events.poll(); d != null; d = events.poll()) {
                    if (!d.equals(WAKE) && watched.containsKey(d)) {
                        pending.add(d);
                    }
                }
                restore(current, pending);
                String d = events.poll(pending.isEmpty() ? 10 : 1, TimeUnit.SECONDS);
                if (d != null && !d.equals(WAKE) && watched.containsKey(d)) {
                    pending.add(d);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            Logger.error(e, "operator {}: reconnect loop failed", options.user());
        }
    }

    /** Subscribes the pending devices again on {@code c}: those the server knows now; the others stay pending. */
    private void restore(OperatorConnection c, Set<String> pending) {
        if (pending.isEmpty() || c.closed().isDone()) {
            return;
        }
        try {
            // Known with its map: a device account that has not connected since the server started is listed too,
            // without blocks, and is waited for like a device the server does not list.
            Set<String> known = new LinkedHashSet<>();
            for (DeviceList.DeviceEntry e : c.listDevices()) {
                if (e.blocks().stream().anyMatch(b -> b.name().equals("info"))) {
                    known.add(e.deviceId());
                }
            }
            for (String device : List.copyOf(pending)) {
                if (!known.contains(device)) {
                    status("waiting for " + device + " to come online…");
                    continue;
                }
                synchronized (subscribing) {
                    c.forget(device);
                    for (Consumer<SignalValue> l : watched.getOrDefault(device, List.of())) {
                        c.subscribe(device, l);
                    }
                }
                pending.remove(device);
                Logger.info("operator {}: subscribed to {} again (map of {} blocks)", options.user(), device,
                        c.signalMap(device).blocks().size());
                status("connected via " + c.route());
            }
        } catch (IOException e) {
            // Device mid-way through announcing a new map, or the link dropped: the loop tries again.
            Logger.info("operator {}: subscribing again failed, will retry: {}", options.user(), e.getMessage());
        }
    }

    private boolean closedWithin(Duration wait) throws InterruptedException {
        try {
            userClosed.get(wait.toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (java.util.concurrent.TimeoutException e) {
            return false;
        } catch (java.util.concurrent.ExecutionException e) {
            return true;
        }
    }

    private static String seconds(Duration d) {
        return String.format(Locale.ROOT, "%.1f s", d.toMillis() / 1000.0);
    }

    /** Closes the connection with a close frame; a reconnecting client stops reconnecting. */
    @Override
    public void close() {
        userClosed.complete(new CloseReason(CloseCode.NORMAL, "closed by application", CloseReason.Closer.USER));
        events.add(WAKE);
        current.close();
    }
}
