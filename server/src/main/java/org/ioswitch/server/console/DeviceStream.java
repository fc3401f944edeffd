package org.ioswitch.server.console;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.ioswitch.server.account.Account;
import org.ioswitch.server.registry.Block;
import org.ioswitch.server.registry.BlockSubscriber;
import org.ioswitch.server.registry.Network;

/**
 * One page's live view of a device as Server-Sent Events: an {@code event: device} with the whole device (as
 * {@code GET /api/v1/devices/ID} answers) at once and whenever anything in it changed, coalesced: a block that
 * changes a thousand times a second costs one event per {@link #MIN_GAP_MILLIS}. Block listeners only mark the view
 * dirty (they run on a device's reader thread and must not block); this request's own thread builds and sends.
 * The stream ends when the login session ends or the account loses sight of the device.
 */
final class DeviceStream {
    /** Fewest milliseconds between two events of one stream. */
    static final long MIN_GAP_MILLIS = 100;
    /** A comment line this often keeps proxies and the browser from timing the stream out. */
    static final long KEEPALIVE_MILLIS = 15_000;
    /** How often the device's block set, online state and the session are looked at without a change. */
    static final long TICK_MILLIS = 1_000;

    private final ConsoleBackend backend;
    private final DeviceViews views;
    private final WebSessions sessions;
    private final Request request;
    private final String deviceId;
    private final Object signal = new Object();
    /** Guarded by {@link #signal}. */
    private boolean dirty = true;
    private final List<Block> listened = new ArrayList<>();
    private final BlockSubscriber listener = new BlockSubscriber() {
        @Override
        public void snapshot(byte[] image) {
            wake();
        }

        @Override
        public void removed() {
            wake();
        }
    };

    DeviceStream(ConsoleBackend backend, DeviceViews views, WebSessions sessions, Request request, String deviceId) {
        this.backend = backend;
        this.views = views;
        this.sessions = sessions;
        this.request = request;
        this.deviceId = deviceId;
    }

    /** Streams until the session ends, the device is out of sight, or the page goes away (a failed write). */
    void run() throws IOException {
        HttpExchange ex = request.exchange();
        ex.getResponseHeaders().set("Content-Type", "text/event-stream; charset=utf-8");
        ex.sendResponseHeaders(200, 0);
        String last = null;
        long lastSent = 0;
        long lastKeepalive = System.nanoTime();
        try (OutputStream out = ex.getResponseBody()) {
            while (true) {
                Optional<Account> account = backend.accounts().find(request.account().network(),
                        request.account().name());
                if (!sessions.alive(request.session()) || account.isEmpty()) {
                    send(out, "end", "{\"reason\":\"the login session has ended\"}");
                    return;
                }
                relisten(account.get());
                synchronized (signal) {
                    dirty = false;
                }
                // Built on every wake-up and tick: a device going offline changes the view without a block event.
                Optional<DeviceViews.DeviceDetail> detail = views.detail(account.get(), deviceId);
                if (detail.isEmpty()) {
                    send(out, "end", "{\"reason\":\"the device is no longer visible to you\"}");
                    return;
                }
                String json = Http.GSON.toJson(detail.get());
                long now = System.nanoTime();
                if (!json.equals(last)) {
                    send(out, "device", json);
                    last = json;
                    lastSent = now;
                    lastKeepalive = now;
                } else if (now - lastKeepalive > TimeUnit.MILLISECONDS.toNanos(KEEPALIVE_MILLIS)) {
                    out.write(": keepalive\n\n".getBytes(StandardCharsets.US_ASCII));
                    out.flush();
                    lastKeepalive = now;
                }
                waitForChange(lastSent);
            }
        } catch (IOException e) {
            // The page went away: nothing to tell anyone.
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            listened.forEach(b -> b.unlisten(listener));
        }
    }

    /** Listens to exactly the blocks the account sees now (a device that connects or re-announces has new ones). */
    private void relisten(Account account) {
        Network network = backend.registry().network(account.network());
        List<Block> now = network.devices().stream().filter(d -> d.deviceId().equals(deviceId)).findFirst()
                .map(d -> views.visibleBlocks(account, network, d)).orElse(List.of());
        for (Block b : List.copyOf(listened)) {
            if (!now.contains(b)) {
                b.unlisten(listener);
                listened.remove(b);
            }
        }
        for (Block b : now) {
            if (!listened.contains(b)) {
                listened.add(b);
                b.listen(listener);
            }
        }
    }

    private void wake() {
        synchronized (signal) {
            dirty = true;
            signal.notifyAll();
        }
    }

    /** Waits for a change (at most a tick), but never sends sooner than the gap after the last event. */
    private void waitForChange(long lastSent) throws InterruptedException {
        long gapEnd = lastSent + TimeUnit.MILLISECONDS.toNanos(MIN_GAP_MILLIS);
        long wait = gapEnd - System.nanoTime();
        if (wait > 0) {
            TimeUnit.NANOSECONDS.sleep(wait);
        }
        synchronized (signal) {
            if (!dirty) {
                signal.wait(TICK_MILLIS);
            }
        }
    }

    private static void send(OutputStream out, String event, String json) throws IOException {
        out.write(("event: " + event + "\ndata: " + json + "\n\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
    }
}
