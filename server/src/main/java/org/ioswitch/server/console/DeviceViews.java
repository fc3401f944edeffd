package org.ioswitch.server.console;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.ioswitch.common.block.BlockMap;
import org.ioswitch.common.block.Signal;
import org.ioswitch.common.block.SignalMap;
import org.ioswitch.common.block.SignalMapException;
import org.ioswitch.common.block.SignalText;
import org.ioswitch.common.block.Snapshot;
import org.ioswitch.common.wire.Direction;
import org.ioswitch.server.account.Account;
import org.ioswitch.server.pairing.KnownDevice;
import org.ioswitch.server.registry.Block;
import org.ioswitch.server.registry.DeviceLink;
import org.ioswitch.server.registry.Network;

/**
 * The devices of a network as one account may see them: only blocks its read rules allow, a block writable only if
 * it flows down and its write rules allow. Signals come from the device's own {@code info} block (its signal map),
 * parsed once per content.
 */
final class DeviceViews {
    /**
     * One device in the list.
     *
     * @param offlineCause why it is offline ({@code keepalive timeout}, {@code closed by the device}, …), empty online
     * @param lastSeen when it was last live (ISO instant), empty if never seen
     */
    record DeviceSummary(String id, String name, boolean online, String route, String tls, String connectedSince,
                         String boardType, String paired, String offlineCause, String lastSeen,
                         List<BlockSummary> blocks) {
    }

    /** One block's shape. */
    record BlockSummary(String name, String direction, int size, boolean writable) {
    }

    /** One device with its values. */
    record DeviceDetail(DeviceSummary device, List<BlockValues> blocks, String mapError) {
    }

    /** A block's signals with their values; raw blocks (not in the map) have none. */
    record BlockValues(String name, String direction, int size, boolean writable, List<SignalValue> signals) {
    }

    /** One signal now. */
    record SignalValue(String name, String type, int n, String value, String state, boolean writable) {
    }

    /** A parsed info block, kept while its content is the same array. */
    private record ParsedMap(byte[] image, SignalMap map, String error) {
    }

    private final ConsoleBackend backend;
    private final Map<String, ParsedMap> maps = new ConcurrentHashMap<>();

    DeviceViews(ConsoleBackend backend) {
        this.backend = backend;
    }

    /**
     * Every device of the account's network it may see, sorted by id: also device accounts that have not connected
     * since the server started (offline, no blocks), so they can be found.
     */
    List<DeviceSummary> list(Account account) {
        Network network = backend.registry().network(account.network());
        Map<String, KnownDevice> paired = paired();
        List<DeviceSummary> out = new ArrayList<>();
        for (Network.DeviceView d : known(network)) {
            summary(account, network, d, paired).ifPresent(out::add);
        }
        return out;
    }

    /** One device with its readable blocks' signals and values; empty if unknown or nothing of it is readable. */
    Optional<DeviceDetail> detail(Account account, String deviceId) {
        Network network = backend.registry().network(account.network());
        Optional<Network.DeviceView> view = known(network).stream()
                .filter(d -> d.deviceId().equals(deviceId)).findFirst();
        Optional<DeviceSummary> summary = view.flatMap(v -> summary(account, network, v, paired()));
        if (summary.isEmpty()) {
            return Optional.empty();
        }
        if (view.get().blocks().isEmpty()) {
            return Optional.of(new DeviceDetail(summary.get(), List.of(),
                    view.get().online() ? "the device has not announced its blocks yet"
                            : "the device has not connected since the server started"));
        }
        ParsedMap parsed = signalMap(network, deviceId);
        List<BlockValues> blocks = new ArrayList<>();
        for (Block b : visibleBlocks(account, network, view.get())) {
            blocks.add(values(account, network, b, parsed.map(), view.get().online()));
        }
        return Optional.of(new DeviceDetail(summary.get(), blocks, parsed.error()));
    }

    /** The network's devices and its device accounts, as operators list them too. */
    private List<Network.DeviceView> known(Network network) {
        return network.devices(backend.accounts().deviceIds(network.name()));
    }

    /** The blocks of a device the account may read, in announcement order. */
    List<Block> visibleBlocks(Account account, Network network, Network.DeviceView d) {
        String device = network.shortName(d.deviceId()).orElseThrow();
        return d.blocks().stream().filter(b -> account.rules().mayRead(account.name(), device, b.name())).toList();
    }

    /** One block's signals and values now; {@code deviceOnline} false shows every set value {@code stale}. */
    BlockValues values(Account account, Network network, Block b, SignalMap map, boolean deviceOnline) {
        boolean writable = writable(account, network, b);
        BlockMap layout = map == null ? null : map.block(b.name());
        List<SignalValue> signals = new ArrayList<>();
        if (layout != null && layout.size() == b.size()) {
            Snapshot snap = Snapshot.of(0, b.image());
            for (Signal s : layout.signals()) {
                signals.add(new SignalValue(s.name(), s.type().jsonName(), s.n(),
                        SignalText.format(s, SignalText.value(snap, s)), SignalText.stateWord(snap, s, deviceOnline),
                        writable));
            }
        }
        return new BlockValues(b.name(), b.direction().name().toLowerCase(), b.size(), writable, signals);
    }

    /** True if the account may write this block: it flows down to the device and a write rule allows it. */
    static boolean writable(Account account, Network network, Block b) {
        return b.direction() == Direction.DOWN && account.rules().mayWrite(account.name(),
                network.shortName(b.deviceId()).orElseThrow(), b.name());
    }

    /** The device's signal map from its info block; a map error says what is wrong, never throws. */
    ParsedMap signalMap(Network network, String deviceId) {
        Optional<Block> info = network.block(deviceId, "info");
        if (info.isEmpty()) {
            return new ParsedMap(null, null, "the device has no info block, so its signals are not known");
        }
        byte[] image = info.get().image();
        ParsedMap cached = maps.get(deviceId);
        if (cached != null && cached.image() == image) {
            return cached;
        }
        String json = new String(image, StandardCharsets.UTF_8);
        int nul = json.indexOf('\0');
        json = nul < 0 ? json : json.substring(0, nul);
        ParsedMap parsed;
        if (json.isBlank()) {
            parsed = new ParsedMap(image, null, "the device has not sent its info block yet");
        } else {
            try {
                parsed = new ParsedMap(image, SignalMap.parse(json, deviceId + ".info"), null);
            } catch (SignalMapException e) {
                parsed = new ParsedMap(image, null, "info block is not a signal map: " + e.getMessage());
            }
        }
        maps.put(deviceId, parsed);
        return parsed;
    }

    /** The parsed map or null. */
    SignalMap mapOf(Network network, String deviceId) {
        return signalMap(network, deviceId).map();
    }

    private Optional<DeviceSummary> summary(Account account, Network network, Network.DeviceView d,
                                            Map<String, KnownDevice> paired) {
        String name = network.shortName(d.deviceId()).orElseThrow();
        if (!account.rules().maySee(account.name(), name, d.blocks().stream().map(Block::name).toList())) {
            return Optional.empty();
        }
        List<BlockSummary> blocks = new ArrayList<>();
        for (Block b : visibleBlocks(account, network, d)) {
            blocks.add(new BlockSummary(b.name(), b.direction().name().toLowerCase(), b.size(),
                    writable(account, network, b)));
        }
        Optional<DeviceLink> link = d.online() ? backend.links().apply(d.deviceId()) : Optional.empty();
        return Optional.of(new DeviceSummary(d.deviceId(), name, d.online(),
                link.map(DeviceLink::route).orElse(""), link.map(DeviceLink::tls).orElse(""),
                link.map(l -> l.since().truncatedTo(ChronoUnit.SECONDS).toString()).orElse(""),
                // The board its last login announced (kept across restarts in the status), else the one it paired with.
                link.map(DeviceLink::boardType).or(() -> Optional.of(d.status().boardType()))
                        .filter(b -> !b.isEmpty()).orElse(boardType(paired, d.deviceId())),
                pairedText(paired, d.deviceId()), d.online() ? "" : d.status().cause().text(),
                d.status().lastLiveMillis() == 0 ? ""
                        : Instant.ofEpochMilli(d.status().lastLiveMillis()).truncatedTo(ChronoUnit.SECONDS).toString(),
                blocks));
    }

    private Map<String, KnownDevice> paired() {
        Map<String, KnownDevice> out = new HashMap<>();
        backend.pairing().known().forEach(k -> out.put(k.id(), k));
        return out;
    }

    private static String boardType(Map<String, KnownDevice> paired, String id) {
        KnownDevice k = paired.get(id);
        return k == null ? "" : k.boardType();
    }

    private static String pairedText(Map<String, KnownDevice> paired, String id) {
        KnownDevice k = paired.get(id);
        return k == null ? "by hand" : k.approvedAt().truncatedTo(ChronoUnit.SECONDS) + " by " + k.approvedBy();
    }
}
