package org.ioswitch.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.ioswitch.common.block.SignalMap;
import org.ioswitch.common.tls.TlsClientContext;
import org.ioswitch.common.tls.TlsServerContext;
import org.ioswitch.device.connect.ServerAddress;
import org.ioswitch.device.operator.OperatorClient;
import org.ioswitch.device.operator.OperatorOptions;
import org.ioswitch.device.runtime.ConnectionListener;
import org.ioswitch.device.runtime.Device;
import org.ioswitch.server.account.Account;
import org.ioswitch.server.account.AccountKind;
import org.ioswitch.server.account.AccountStore;
import org.ioswitch.server.registry.Block;
import org.ioswitch.server.session.HomeServer;
import org.ioswitch.server.session.ServerOptions;

/**
 * The real home server in this process on 127.0.0.1 (port 0) for network {@code pekkahome}, with a device account
 * and a user account, and the real {@link Device} and {@link OperatorClient} to connect to it. Also hands out raw
 * TLS contexts with the very same certificate and settings for the reference rows.
 */
final class HomeRig implements AutoCloseable {
    static final String NETWORK = "pekkahome";
    static final String DEVICE_ID = "bench1." + NETWORK;
    private static final String DEVICE_PASSWORD = "bench-device-pw";
    private static final String USER = "op";
    private static final String USER_PASSWORD = "bench-user-pw";

    private final Path dir;
    private final Pki pki;
    private final HomeServer server;

    HomeRig() throws Exception {
        dir = Files.createTempDirectory("ioswitch-bench");
        pki = new Pki(dir, NETWORK, "home");
        AccountStore accounts = AccountStore.open(dir);
        accounts.add(Account.create(NETWORK, "bench1", AccountKind.DEVICE, DEVICE_PASSWORD.toCharArray()));
        accounts.add(Account.create(NETWORK, USER, AccountKind.USER, USER_PASSWORD.toCharArray()));
        server = HomeServer.start(ServerOptions.builder().dir(dir).listen("127.0.0.1", 0).tls(pki.serverOptions())
                .build());
    }

    String address() {
        return "127.0.0.1:" + server.address().getPort();
    }

    /** Starts a device with {@code map} and waits (10 s) until it is connected and its {@code exp} is announced. */
    Device device(SignalMap map) throws Exception {
        Device d = Device.builder().id(DEVICE_ID).server(address()).tls(pki.clientOptions()).signalMap(map)
                .password(DEVICE_PASSWORD).backoff(Duration.ofMillis(100), Duration.ofMillis(500)).build();
        CountDownLatch connected = new CountDownLatch(1);
        d.addListener(new ConnectionListener() {
            @Override
            public void connected(ServerAddress s, String identity) {
                connected.countDown();
            }
        });
        d.start();
        if (!connected.await(10, TimeUnit.SECONDS)) {
            d.close();
            throw new IOException("device " + DEVICE_ID + " did not connect to " + address() + " within 10 s");
        }
        serverBlock("exp");
        return d;
    }

    /** The server's copy of one of the device's blocks, once announced (waits up to 10 s). */
    Block serverBlock(String name) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            Optional<Block> b = server.registry().network(NETWORK).block(DEVICE_ID, name);
            if (b.isPresent()) {
                return b.get();
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(5));
        }
        throw new IOException("server did not announce " + DEVICE_ID + "." + name + " within 10 s");
    }

    /** An operator client logged in as the user account. */
    OperatorClient operator() throws Exception {
        return OperatorClient.connect(OperatorOptions.builder().server(address()).network(NETWORK).user(USER)
                .password(USER_PASSWORD).tls(pki.clientOptions()).build());
    }

    /** Raw TLS with the server's own certificate and the clients' trust: the reference rows. */
    RawTls rawTls() throws Exception {
        return new RawTls(TlsServerContext.open(pki.serverOptions()), TlsClientContext.open(pki.clientOptions()));
    }

    @Override
    public void close() {
        server.close();
        Pki.deleteTree(dir);
    }
}
