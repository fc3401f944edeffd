package org.ioswitch.device.pairing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.ioswitch.device.state.DeviceState;
import org.tinylog.Logger;

/**
 * Makes a device new again: forgets the stored trust bundle, its secret, its assigned number and its kept outputs
 * ({@code images/}), so the next start pairs from scratch (with a new secret, so a new pending device on the server). {@code config.json} stays.
 */
public final class DeviceReset {
    private DeviceReset() {
    }

    /**
     * Deletes {@code trust.pem}, {@code device.secret}, {@code state.json} and {@code images/} from {@code dir}.
     *
     * @return the files that existed and are gone now
     * @throws IOException naming the file that could not be deleted
     */
    public static List<Path> reset(Path dir) throws IOException {
        List<Path> removed = new ArrayList<>();
        for (String name : List.of(TrustStore.FILE_NAME, DeviceState.SECRET, DeviceState.STATE)) {
            Path file = dir.resolve(name);
            try {
                if (Files.deleteIfExists(file)) {
                    removed.add(file);
                }
            } catch (IOException e) {
                throw new IOException(file + ": cannot delete: " + e.getMessage(), e);
            }
        }
        // The outputs kept across restarts belong to the identity that is forgotten now.
        Path images = dir.resolve("images");
        if (Files.isDirectory(images)) {
            try (java.util.stream.Stream<Path> files = Files.list(images)) {
                for (Path f : files.toList()) {
                    Files.delete(f);
                }
                Files.delete(images);
                removed.add(images);
            } catch (IOException e) {
                throw new IOException(images + ": cannot delete: " + e.getMessage(), e);
            }
        }
        Logger.info("device in {} reset: removed {}", dir, removed);
        return removed;
    }
}
