package org.ioswitch.switchbox.route;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.ioswitch.common.tunnel.Tunnel;

/** The registry of one switchbox process. A claim held by a tunnel that has ended is free to take. */
public final class InMemoryTunnelRegistry implements TunnelRegistry {
    private final Map<String, Tunnel> holders = new ConcurrentHashMap<>();
    private final Map<String, List<Consumer<Optional<Tunnel>>>> watchers = new ConcurrentHashMap<>();

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
        List<Consumer<Optional<Tunnel>>> list = watchers.computeIfAbsent(network, n -> new CopyOnWriteArrayList<>());
        list.add(listener);
        listener.accept(lookup(network));
        return () -> list.remove(listener);
    }

    private void notify(String network) {
        Optional<Tunnel> now = lookup(network);
        for (Consumer<Optional<Tunnel>> listener : watchers.getOrDefault(network, List.of())) {
            listener.accept(now);
        }
    }
}
