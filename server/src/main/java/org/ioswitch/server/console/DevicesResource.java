package org.ioswitch.server.console;

import com.google.gson.JsonObject;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.Semaphore;
import org.ioswitch.common.block.BlockMap;
import org.ioswitch.common.block.DeviceId;
import org.ioswitch.common.block.DeviceIdException;
import org.ioswitch.common.block.MemoryBlock;
import org.ioswitch.common.block.Signal;
import org.ioswitch.common.block.SignalMap;
import org.ioswitch.common.block.SignalText;
import org.ioswitch.common.wire.Direction;
import org.ioswitch.server.registry.Block;
import org.ioswitch.server.registry.DeviceAnswers;
import org.ioswitch.server.registry.Network;
import org.ioswitch.server.registry.WriteAnswer;
import org.tinylog.Logger;

/**
 * {@code /api/v1/devices}: the list; {@code /api/v1/devices/ID}: one device with its signals and values;
 * {@code POST /api/v1/devices/ID/values} {@code {"signal": "imp.led", "value": "true"}}: a write;
 * {@code /api/v1/devices/ID/events}: the same device's values as Server-Sent Events.
 */
final class DevicesResource implements Resource {
    /** Live streams open at once, over all sessions; a Pi has a few hundred threads to spare at most. */
    static final int MAX_STREAMS = 32;
    /** How long a write waits for its device's answer before it reports {@code sent}. */
    static final Duration ANSWER_WAIT = Duration.ofSeconds(5);

    /**
     * What became of a write.
     *
     * @param status as the device answered: {@code applied}, {@code rejected} (message: its reason), {@code pending}
     *     (the device is offline and gets it when it reconnects), or {@code sent} (online, no answer within
     *     {@link #ANSWER_WAIT})
     * @param message for people
     */
    record WriteResult(String signal, String value, String status, String message) {
    }

    private final ConsoleBackend backend;
    private final DeviceViews views;
    private final WebSessions sessions;
    private final Semaphore streams = new Semaphore(MAX_STREAMS);

    DevicesResource(ConsoleBackend backend, DeviceViews views, WebSessions sessions) {
        this.backend = backend;
        this.views = views;
        this.sessions = sessions;
    }

    @Override
    public void handle(Request r) throws ApiException, IOException {
        List<String> p = r.path();
        if (p.isEmpty()) {
            requireMethod(r, "GET");
            Http.json(r.exchange(), 200, Map.of("devices", views.list(r.account())));
        } else if (p.size() == 1) {
            requireMethod(r, "GET");
            Http.json(r.exchange(), 200, views.detail(r.account(), p.get(0)).orElseThrow(() -> unknown(p.get(0))));
        } else if (p.size() == 2 && p.get(1).equals("values")) {
            requireMethod(r, "POST");
            Http.json(r.exchange(), 200, write(r, p.get(0), r.body()));
        } else if (p.size() == 2 && p.get(1).equals("events")) {
            requireMethod(r, "GET");
            stream(r, p.get(0));
        } else {
            throw new ApiException(404, "no such resource: /api/v1/devices/" + String.join("/", p));
        }
    }

    private void stream(Request r, String deviceId) throws ApiException, IOException {
        views.detail(r.account(), deviceId).orElseThrow(() -> unknown(deviceId));
        if (!streams.tryAcquire()) {
            throw new ApiException(503, "too many live views open (" + MAX_STREAMS + "); close one and retry");
        }
        try {
            new DeviceStream(backend, views, sessions, r, deviceId).run();
        } finally {
            streams.release();
        }
    }

    private WriteResult write(Request r, String deviceId, JsonObject body) throws ApiException {
        String signal = Http.string(body, "signal");
        String text = Http.string(body, "value");
        Network network = backend.registry().network(r.account().network());
        views.detail(r.account(), deviceId).orElseThrow(() -> unknown(deviceId));
        SignalMap map = views.mapOf(network, deviceId);
        if (map == null) {
            throw new ApiException(409, "the signals of " + deviceId + " are not known yet (no signal map)", "signal");
        }
        int dot = signal.indexOf('.');
        List<BlockMap> candidates = new ArrayList<>();
        for (BlockMap b : map.blocks()) {
            if ((dot < 0 || b.name().equals(signal.substring(0, dot)))
                    && b.signal(dot < 0 ? signal : signal.substring(dot + 1)) != null) {
                candidates.add(b);
            }
        }
        if (candidates.size() != 1) {
            throw new ApiException(candidates.isEmpty() ? 404 : 400, candidates.isEmpty()
                    ? deviceId + " has no signal " + signal : signal + " is in several blocks, name it as block.signal",
                    "signal");
        }
        BlockMap layout = candidates.get(0);
        Signal s = layout.signal(dot < 0 ? signal : signal.substring(dot + 1));
        String what = deviceId + "." + layout.name() + "." + s.name();
        Block block = network.block(deviceId, layout.name())
                .orElseThrow(() -> new ApiException(404, deviceId + " has not announced block " + layout.name()));
        if (block.direction() != Direction.DOWN) {
            throw new ApiException(400, what + " is in an UP block: only its device writes it", "signal");
        }
        if (!DeviceViews.writable(r.account(), network, block)) {
            backend.peerLog().info(Http.peer(r.exchange()), "console: write to {} refused: {} has no write right",
                    what, r.account().qualifiedName());
            throw new ApiException(403, "not authorized to write " + deviceId + "." + layout.name(), "signal");
        }
        if (layout.size() != block.size()) {
            throw new ApiException(409, what + ": the signal map says " + layout.size() + " bytes, the block has "
                    + block.size());
        }
        // Read, change one signal, write: under the block's own lock, so two writers never undo each other.
        long version;
        synchronized (block) {
            MemoryBlock copy;
            try {
                copy = new MemoryBlock(DeviceId.parse(deviceId), layout, Direction.DOWN);
            } catch (DeviceIdException e) {
                throw new ApiException(400, e.getMessage());
            }
            copy.write(0, block.image());
            try {
                SignalText.set(copy.signal(s.name()), what, text);
            } catch (IllegalArgumentException e) {
                throw new ApiException(400, e.getMessage(), "value");
            }
            version = block.write(copy.publish().sharedBytes(), backend.clock().millis());
        }
        backend.audit().append(r.actor(), "set", what, true, text);
        Logger.info("console: {} set {} = {} (version {})", r.account().qualifiedName(), what, text, version);
        String key = layout.name() + "." + s.name();
        try {
            return resultOf(DeviceAnswers.first(network, block, version, ANSWER_WAIT), key, text, deviceId);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ApiException(503, "interrupted while waiting for " + deviceId);
        }
    }

    /** The device's answer in the words of {@code device set}. */
    private static WriteResult resultOf(WriteAnswer a, String key, String text, String deviceId) {
        return switch (a.outcome()) {
            case APPLIED -> new WriteResult(key, text, "applied", "applied by " + deviceId + " (version "
                    + a.version() + ")");
            case REJECTED -> new WriteResult(key, text, "rejected", a.text());
            case PENDING -> new WriteResult(key, text, "pending", a.sinceMillis() == 0 ? a.text()
                    : deviceId + " is offline since " + Instant.ofEpochMilli(a.sinceMillis())
                    .truncatedTo(ChronoUnit.SECONDS) + ": it gets the value when it reconnects");
        };
    }

    private static ApiException unknown(String deviceId) {
        return new ApiException(404, "no device " + deviceId + " that you may see");
    }

    static void requireMethod(Request r, String method) throws ApiException {
        if (!r.method().equals(method)) {
            throw new ApiException(405, r.exchange().getRequestURI().getPath() + " takes " + method + ", not "
                    + r.method());
        }
    }
}
