package org.ioswitch.device.e2e;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Predicate;
import org.ioswitch.common.tls.ExpiryPolicy;
import org.ioswitch.common.tls.TlsOptions;
import org.ioswitch.device.connect.ServerAddress;
import org.ioswitch.device.runtime.ConnectionListener;
import org.ioswitch.device.runtime.Device;
import org.ioswitch.device.simulator.SimulatedBoard;
import org.ioswitch.server.account.Account;
import org.ioswitch.server.account.AccountKind;
import org.ioswitch.server.console.ConsoleClient;

/**
 * What the console's end-to-end tests share: the home server with its console, an admin {@code root/rootpw}, the
 * simulated device {@code gina3.pekkahome} running, and on demand a brand-new board {@code gina*} that asks to pair
 * (its pairing code and its connection go to {@link #events}).
 */
final class ConsoleRig implements AutoCloseable {
    final HomeFixture home;
    final Device device;
    final SimulatedBoard board;
    /** The new board's pairing code, then {@code connected ID}. */
    final BlockingQueue<String> events = new LinkedBlockingQueue<>();
    private Device newDevice;

    ConsoleRig(Path serverDir) throws Exception {
        home = new HomeFixture(serverDir).startWithConsole();
        home.server.accounts().add(Account.create("pekkahome", "root", AccountKind.ADMIN, "rootpw".toCharArray()));
        device = Device.builder().id("gina3.pekkahome").server(home.address()).tls(home.clientTls())
                .signalMap(SimulatedBoard.signalMap()).password("devpw").boardType(SimulatedBoard.BOARD_TYPE)
                .backoff(Duration.ofMillis(100), Duration.ofMillis(400)).build();
        board = SimulatedBoard.on(device, 7); // with its check: setpoints outside 5..35 are refused
        device.start();
        board.start();
    }

    /** A console client logged in as {@code user}. */
    ConsoleClient login(String user, String password) throws Exception {
        ConsoleClient c = new ConsoleClient(home.consoleUri(), home.root);
        ConsoleClient.Response r = c.login(user, password);
        if (r.status() != 200) {
            throw new AssertionError("login of " + user + ": " + r.status() + " " + r.body());
        }
        return c;
    }

    /** A second board (board type pi4, no trust yet) asks to pair; returns the code it shows, within 30 s. */
    String startNewDevice(Path stateDir) throws Exception {
        newDevice = Device.builder().id("gina*.pekkahome").server(home.address())
                .tls(TlsOptions.builder().expiry(ExpiryPolicy.WARN).build()).signalMap(SimulatedBoard.signalMap())
                .stateDir(stateDir).boardType("pi4").backoff(Duration.ofMillis(100), Duration.ofMillis(400))
                .build();
        newDevice.addListener(new ConnectionListener() {
            @Override
            public void pairingPending(String code) {
                events.add(code);
            }

            @Override
            public void connected(ServerAddress s, String identity) {
                events.add("connected " + identity);
            }
        });
        newDevice.start();
        String code = events.poll(30, TimeUnit.SECONDS);
        if (code == null) {
            throw new AssertionError("the new device showed no pairing code within 30 s");
        }
        return code;
    }

    /** A source of answers to poll, as a page polls the API. */
    interface Source<T> {
        T get() throws Exception;
    }

    /** Polls {@code source} until {@code test} passes (20 s at most); returns the answer that passed. */
    static <T> T await(Source<T> source, Predicate<T> test) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        T last = null;
        while (System.nanoTime() < deadline) {
            last = source.get();
            if (test.test(last)) {
                return last;
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(50));
        }
        throw new AssertionError("condition not met within 20 s; last answer " + last);
    }

    @Override
    public void close() {
        if (newDevice != null) {
            newDevice.close();
        }
        board.close();
        device.close();
        home.close();
    }
}
