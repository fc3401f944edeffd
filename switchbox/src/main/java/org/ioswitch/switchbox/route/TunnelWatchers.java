package org.ioswitch.switchbox.route;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.ioswitch.common.tunnel.Tunnel;

/** The listeners of {@link TunnelRegistry#watch}, per network; one copy for every registry. */
public final class TunnelWatchers {
    private final Map<String, List<Consumer<Optional<Tunnel>>>> watchers = new ConcurrentHashMap<>();

    /** Adds {@code listener}, tells it {@code now}, and returns the handle that removes it. */
    public AutoCloseable add(String network, Consumer<Optional<Tunnel>> listener, Optional<Tunnel> now) {
        List<Consumer<Optional<Tunnel>>> list = watchers.computeIfAbsent(network, n -> new CopyOnWriteArrayList<>());
        list.add(listener);
        listener.accept(now);
        return () -> list.remove(listener);
    }

    /** Tells every listener of {@code network} its tunnel now. */
    public void notify(String network, Optional<Tunnel> now) {
        for (Consumer<Optional<Tunnel>> listener : watchers.getOrDefault(network, List.of())) {
            listener.accept(now);
        }
    }
}
