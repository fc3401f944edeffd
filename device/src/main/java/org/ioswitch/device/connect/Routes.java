package org.ioswitch.device.connect;

import java.util.ArrayList;
import java.util.List;
import org.ioswitch.common.tls.TlsClientContext;
import org.ioswitch.common.tls.TlsOptions;
import org.ioswitch.common.tls.TlsSetupException;

/**
 * The routes of one client, in the order they are tried: each home server directly, then the switchbox, if any. Owns
 * the TLS contexts the routes use and closes them.
 */
public final class Routes implements AutoCloseable {
    private final List<Route> routes;
    private final TlsClientContext home;
    private final TlsClientContext outer;

    private Routes(List<Route> routes, TlsClientContext home, TlsClientContext outer) {
        this.routes = List.copyOf(routes);
        this.home = home;
        this.outer = outer;
    }

    /**
     * Opens the TLS contexts: {@code homeTls} for the home server (directly, or end to end through the switchbox), and
     * the switchbox's own TLS settings for the hop to it. With RELAY_CLEAR and no direct server, {@code homeTls} is
     * not used.
     *
     * @param servers home servers to try directly, in order; may be empty when {@code switchbox} is given
     * @param homeTls TLS settings that verify the home server (its organization's root)
     * @param switchbox the switchbox to try after the servers, or null
     * @throws TlsSetupException naming the TLS file or setting that is wrong, and which hop it is for
     * @throws IllegalArgumentException when there is no route at all
     */
    public static Routes open(List<ServerAddress> servers, TlsOptions homeTls, Switchbox switchbox)
            throws TlsSetupException {
        if (servers.isEmpty() && switchbox == null) {
            throw new IllegalArgumentException("no route to the home server: give a server HOST:PORT or a switchbox");
        }
        boolean needHome = !servers.isEmpty() || !switchbox.relayClear();
        TlsClientContext home = needHome ? TlsClientContext.open(homeTls) : null;
        TlsClientContext outer = null;
        try {
            List<Route> list = new ArrayList<>();
            for (ServerAddress s : servers) {
                list.add(Route.direct(s, home));
            }
            if (switchbox != null) {
                try {
                    outer = TlsClientContext.open(switchbox.tls());
                } catch (TlsSetupException e) {
                    throw new TlsSetupException("switchbox " + switchbox.address() + " (--switchbox-trust): "
                            + e.getMessage(), e);
                }
                list.add(Route.viaSwitchbox(switchbox.address(), outer,
                        switchbox.relayClear() ? null : home));
            }
            return new Routes(list, home, outer);
        } catch (TlsSetupException | RuntimeException e) {
            if (home != null) {
                home.close();
            }
            throw e;
        }
    }

    /** The routes, in the order to try them. */
    public List<Route> list() {
        return routes;
    }

    /** Closes the TLS contexts (and stops watching their files). */
    @Override
    public void close() {
        if (home != null) {
            home.close();
        }
        if (outer != null) {
            outer.close();
        }
    }
}
