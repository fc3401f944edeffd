package org.ioswitch.server.registry;

import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.tinylog.Logger;

/**
 * All networks a server serves, each its own {@link Network}; nothing is shared between them. With an
 * {@link ImageStore} the images written from above and the devices' last-live facts outlive the server: read back by
 * {@link #load()}, saved as they change, flushed by {@link #close()}.
 */
public final class Registry implements AutoCloseable {
    private final ConcurrentHashMap<String, Network> networks = new ConcurrentHashMap<>();
    private final ImageStore store;

    /** A registry that keeps nothing across restarts. */
    public Registry() {
        this(null);
    }

    /** A registry that saves to {@code store} (null: nothing is saved). */
    public Registry(ImageStore store) {
        this.store = store;
    }

    /** The registry of one network, created on first use. */
    public Network network(String name) {
        return networks.computeIfAbsent(name, n -> new Network(n, store));
    }

    /** The store, if this registry saves its state. */
    public Optional<ImageStore> store() {
        return Optional.ofNullable(store);
    }

    /**
     * Reads back what the store saved: each device is known again, offline ("not seen since the server started") with
     * its last-live time, and each of its DOWN blocks holds its last image and version.
     */
    public void load() {
        if (store == null) {
            return;
        }
        for (ImageStore.SavedDevice d : store.load()) {
            int dot = d.deviceId().indexOf('.');
            if (dot <= 0 || dot == d.deviceId().length() - 1) {
                Logger.warn("{}: {} is not a device id; ignored", ImageStore.DIR, d.deviceId());
                continue;
            }
            network(d.deviceId().substring(dot + 1)).restore(d);
        }
    }

    /** Saves everything pending and stops saving. */
    @Override
    public void close() {
        if (store != null) {
            store.close();
        }
    }
}
