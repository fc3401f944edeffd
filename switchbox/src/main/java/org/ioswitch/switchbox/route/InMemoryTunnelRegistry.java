package org.ioswitch.switchbox.route;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.ioswitch.common.tunnel.Tunnel;

/** The registry of one switchbox process. A claim held by a tunnel that has ended is free to take. */
public final class InMemoryTunnelRegistry implements TunnelRegistry {
    private final Map<String, Tunnel> holders = new ConcurrentHashMap<>();
    private final TunnelWatchers watchers = new TunnelWatchers();

    @Override
    public boolean claim(String network, Tunnel tunnel) {
        boolean[] won = {false};
        holders.compute(network, (n, holder) -> {
            if (holder != null && holder != tunnel && holder.isOpen()) {
                return holder;
            }
            won[0] = true;
            return tunnel;
        });
        if (won[0]) {
            notify(network);
        }
        return won[0];
    }

    @Override
    public void release(String network, Tunnel tunnel) {
        if (holders.remove(network, tunnel)) {
            notify(network);
        }
    }

    @Override
    public Optional<Tunnel> lookup(String network) {
        return Optional.ofNullable(holders.get(network)).filter(Tunnel::isOpen);
    }

    @Override
    public AutoCloseable watch(String network, Consumer<Optional<Tunnel>> listener) {
        return watchers.add(network, listener, lookup(network));
    }

    private void notify(String network) {
        watchers.notify(network, lookup(network));
    }
}
