package org.ioswitch.switchbox.route;

import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.ioswitch.common.thread.Threads;
import org.ioswitch.common.tls.TlsServerContext;
import org.ioswitch.common.tunnel.Tunnel;
import org.ioswitch.common.wire.CloseCode;
import org.ioswitch.switchbox.account.PublisherAccount;
import org.ioswitch.switchbox.account.Accounts;
import org.tinylog.Logger;

/**
 * Keeps what was admitted admitted only while the rules still admit it (DESIGN §4: a peer no longer trusted is
 * disconnected, not only refused next time). After a TLS reload (new CRL or trust) every tunnel and relayed client
 * that presented a certificate is checked again; every {@link #EVERY} the accounts file is compared with what each
 * tunnel logged in as: a removed account, a changed password or certificate name, or a network no longer allowed
 * closes that tunnel (and with it its streams). Others go on.
 */
final class Admissions implements AutoCloseable {
    /** How often the accounts are compared; a change reaches open tunnels within about this long. */
    static final long EVERY_MILLIS = 1000;

    /** A tunnel as admitted: its account at login, its networks and the certificate chain it presented. */
    record Admitted(PublisherAccount account, List<String> networks, List<X509Certificate> chain) {
    }

    private final TlsServerContext tls;
    private final Accounts accounts;
    private final Map<Tunnel, Admitted> tunnels = new ConcurrentHashMap<>();
    private final Map<Relay, List<X509Certificate>> relays = new ConcurrentHashMap<>();
    private final CountDownLatch stopped = new CountDownLatch(1);

    Admissions(TlsServerContext tls, Accounts accounts) {
        this.tls = tls;
        this.accounts = accounts;
        tls.addReloadListener(this::recheckCertificates);
        Threads.start("ioswitch-switchbox-admissions", this::watchAccounts);
    }

    void tunnel(Tunnel tunnel, Admitted admitted) {
        tunnels.put(tunnel, admitted);
        tunnel.ended().thenRun(() -> tunnels.remove(tunnel));
    }

    void relay(Relay relay, List<X509Certificate> chain) {
        if (!chain.isEmpty()) {
            relays.put(relay, chain);
        }
    }

    void ended(Relay relay) {
        relays.remove(relay);
    }

    private void recheckCertificates() {
        tunnels.forEach((tunnel, admitted) -> {
            refusal(admitted.chain()).ifPresent(why -> close(tunnel, "certificate no longer accepted: " + why));
        });
        relays.forEach((relay, chain) -> refusal(chain).ifPresent(why -> {
            Logger.info("relayed client's certificate no longer accepted after reload, closing: {}", why);
            relay.close(CloseCode.NOT_AUTHORIZED, "certificate no longer accepted: " + why);
        }));
    }

    private Optional<String> refusal(List<X509Certificate> chain) {
        if (chain.isEmpty()) {
            return Optional.empty();
        }
        try {
            tls.revalidate(chain);
            return Optional.empty();
        } catch (CertificateException e) {
            return Optional.of(e.getMessage());
        }
    }

    private void watchAccounts() {
        try {
            while (!stopped.await(EVERY_MILLIS, TimeUnit.MILLISECONDS)) {
                if (!tunnels.isEmpty()) {
                    recheckAccounts();
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void recheckAccounts() {
        tunnels.forEach((tunnel, admitted) -> {
            PublisherAccount was = admitted.account();
            Optional<PublisherAccount> now = accounts.find(was.name());
            String why = null;
            if (now.isEmpty()) {
                why = "account " + was.name() + " was removed";
            } else if (!sameCredentials(was, now.get())) {
                why = "the password or certificate name of account " + was.name() + " was changed";
            } else {
                for (String network : admitted.networks()) {
                    if (!now.get().mayPublish(network)) {
                        why = "account " + was.name() + " may no longer publish network " + network;
                        break;
                    }
                }
            }
            if (why != null) {
                close(tunnel, why);
            }
        });
    }

    private static boolean sameCredentials(PublisherAccount a, PublisherAccount b) {
        String hashA = a.passwordHash() == null ? null : a.passwordHash().encoded();
        String hashB = b.passwordHash() == null ? null : b.passwordHash().encoded();
        return java.util.Objects.equals(hashA, hashB) && java.util.Objects.equals(a.certificateName(), b.certificateName());
    }

    private static void close(Tunnel tunnel, String why) {
        Logger.info("tunnel {}: {}, closing it and its streams", tunnel.name(), why);
        tunnel.close(CloseCode.NOT_AUTHORIZED, why);
    }

    @Override
    public void close() {
        stopped.countDown();
    }
}
