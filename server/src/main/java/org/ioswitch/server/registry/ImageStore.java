package org.ioswitch.server.registry;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.ioswitch.common.files.CoalescingWriter;
import org.ioswitch.common.files.VersionedImage;
import org.ioswitch.common.wire.DeviceStatus;
import org.ioswitch.common.wire.Direction;
import org.tinylog.Logger;

/**
 * The server's memory of devices across restarts, in its directory, per device: the last image of every block written
 * from above ({@code images/<device>/<block>.img}, with its version), its signal map ({@code info.static.img}), the
 * last values of its other UP blocks as they were when its session ended ({@code <block>.last.img}: shown stale after
 * a restart, never taken for live), and when it was last live, how and on which board ({@code device.json}). Writes
 * are coalesced (at most one per file per interval, and all on close) and atomic.
 */
public final class ImageStore implements AutoCloseable {
    /** The directory under the server directory. */
    public static final String DIR = "images";
    private static final String IMAGE_SUFFIX = ".img";
    /** An UP block whose content never changes (the device's {@code info}: its signal map), kept too. */
    private static final String STATIC_SUFFIX = ".static";
    /** Any other UP block: its values when the device's session ended. */
    private static final String LAST_SUFFIX = ".last";
    private static final String DEVICE_FILE = "device.json";

    private final Path root;
    private final CoalescingWriter writer;

    /** A saved block: DOWN, STATIC UP ({@code fixed}), or an UP block's last values. */
    record SavedBlock(String name, Direction direction, boolean fixed, VersionedImage image) {
    }

    /** A saved device. */
    record SavedDevice(String deviceId, long lastLiveMillis, int via, String boardType, List<SavedBlock> blocks) {
    }

    /** A store under {@code serverDir}, writing each file at most once per {@code interval}. */
    public ImageStore(Path serverDir, Duration interval) {
        this.root = serverDir.resolve(DIR);
        this.writer = new CoalescingWriter(interval, root.toString());
    }

    /**
     * Marks a block changed: its image and version are written soon. A DOWN block is saved on every change, a STATIC UP
     * one (such as {@code info}, so operators can read the map and write to a device that has not come back since a
     * restart) when it arrives, any other UP block only when its device's session ends.
     */
    void blockChanged(Block b) {
        String kind = b.direction() == Direction.DOWN ? "" : b.fixed() ? STATIC_SUFFIX : LAST_SUFFIX;
        writer.offer(root.resolve(b.deviceId()).resolve(b.name() + kind + IMAGE_SUFFIX),
                () -> new VersionedImage(b.version(), b.image()).encode());
    }

    /** Marks a device's status changed (it connected or its session ended). */
    void deviceChanged(String deviceId, DeviceStatus st) {
        writer.offer(root.resolve(deviceId).resolve(DEVICE_FILE), () -> {
            JsonObject o = new JsonObject();
            o.addProperty("lastLiveMillis", st.lastLiveMillis());
            o.addProperty("via", st.via());
            o.addProperty("boardType", st.boardType());
            return o.toString().getBytes(StandardCharsets.UTF_8);
        });
    }

    /** Everything saved, read at start; a file that cannot be read is logged and skipped, never half used. */
    List<SavedDevice> load() {
        List<SavedDevice> out = new ArrayList<>();
        if (!Files.isDirectory(root)) {
            return out;
        }
        try (DirectoryStream<Path> devices = Files.newDirectoryStream(root, Files::isDirectory)) {
            for (Path d : devices) {
                out.add(loadDevice(d));
            }
        } catch (IOException e) {
            Logger.warn("cannot read {}: {}; starting without saved images", root, e.getMessage());
        }
        return out;
    }

    private SavedDevice loadDevice(Path dir) throws IOException {
        String id = dir.getFileName().toString();
        long lastLive = 0;
        int via = DeviceStatus.VIA_UNKNOWN;
        String board = "";
        Path meta = dir.resolve(DEVICE_FILE);
        if (Files.isRegularFile(meta)) {
            try {
                JsonObject o = JsonParser.parseString(Files.readString(meta)).getAsJsonObject();
                lastLive = o.get("lastLiveMillis").getAsLong();
                via = o.get("via").getAsInt();
                board = o.get("boardType").getAsString();
                if (via < DeviceStatus.VIA_UNKNOWN || via > DeviceStatus.VIA_SWITCHBOX) {
                    via = DeviceStatus.VIA_UNKNOWN;
                }
            } catch (RuntimeException e) {
                Logger.warn("{}: not a device record ({}); ignored", meta, e.getMessage());
            }
        }
        List<SavedBlock> blocks = new ArrayList<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "*" + IMAGE_SUFFIX)) {
            for (Path f : files) {
                String name = f.getFileName().toString();
                name = name.substring(0, name.length() - IMAGE_SUFFIX.length());
                boolean fixed = name.endsWith(STATIC_SUFFIX);
                boolean last = name.endsWith(LAST_SUFFIX);
                if (fixed || last) {
                    name = name.substring(0, name.lastIndexOf('.'));
                }
                Direction direction = fixed || last ? Direction.UP : Direction.DOWN;
                try {
                    Optional<VersionedImage> image = VersionedImage.read(f);
                    if (image.isPresent() && image.get().image().length > 0) {
                        blocks.add(new SavedBlock(name, direction, fixed, image.get()));
                    }
                } catch (IOException e) {
                    // The device offers what it holds when it connects; a lost image costs nothing worse.
                    Logger.warn("{}; the block starts without a saved image", e.getMessage());
                }
            }
        }
        // The announcement order is not kept; by name, so every listing after a restart is the same.
        blocks.sort(java.util.Comparator.comparing(SavedBlock::name));
        return new SavedDevice(id, lastLive, via, board, blocks);
    }

    /** Writes everything pending now. */
    public void flush() {
        writer.flush();
    }

    /** Stops without writing what is pending, as a crash would (tests). */
    public void abandon() {
        writer.abandon();
    }

    /** Writes everything pending and stops. */
    @Override
    public void close() {
        writer.close();
    }
}
