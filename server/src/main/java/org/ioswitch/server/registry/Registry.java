package org.ioswitch.server.registry;

import java.util.concurrent.ConcurrentHashMap;

/** All networks a server serves, each its own {@link Network}; nothing is shared between them. */
public final class Registry {
    private final ConcurrentHashMap<String, Network> networks = new ConcurrentHashMap<>();

    /** The registry of one network, created on first use. */
    public Network network(String name) {
        return networks.computeIfAbsent(name, Network::new);
    }
}
