package org.ioswitch.device.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.ioswitch.common.block.Snapshot;
import org.ioswitch.common.testing.Ports;
import org.ioswitch.device.operator.OperatorClient;
import org.ioswitch.device.operator.OperatorOptions;
import org.ioswitch.device.operator.SignalValue;
import org.ioswitch.device.runtime.Device;
import org.ioswitch.device.simulator.SimulatedBoard;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The home server as a real process killed with SIGKILL right after a write (its coalesced save not done yet), then
 * started again on the same directory and port: the device (which applied the write) keeps its outputs, offers its
 * newer image, and the server adopts it; directly and with the server published through a switchbox.
 */
class ProcessRestartTest {
    static final String ID = "gina3.pekkahome";
    static final Duration ANSWER = Duration.ofSeconds(20);
    @TempDir
    Path dir;
    ChildServer child;
    RelayFixture relay;
    Device device;
    final List<Snapshot> applied = new CopyOnWriteArrayList<>();
    final ConnectionEvents events = new ConnectionEvents();

    @AfterEach
    void tearDown() throws Exception {
        if (device != null) {
            device.close();
        }
        if (child != null) {
            child.close();
        }
        if (relay != null) {
            relay.close();
        }
    }

    private void startDevice(Device.Builder b) throws Exception {
        device = b.id(ID).signalMap(SimulatedBoard.signalMap()).password("devpw")
                .stateDir(Files.createDirectories(dir.resolve("device"))).boardType(SimulatedBoard.BOARD_TYPE)
                .backoff(Duration.ofMillis(100), Duration.ofMillis(300)).build();
        device.block("imp").addListener((blk, previous, current) -> applied.add(current));
        device.addListener(events);
        device.start();
    }

    /** Writes, kills the server process at once, starts it again, and checks everyone agrees on the last write. */
    private void writeKillRestartAgree(OperatorOptions ops, Runnable restart) throws Exception {
        try (OperatorClient op = OperatorClient.connect(ops)) {
            assertTrue(op.set(ID, "imp.led", "true", ANSWER).applied());
            assertTrue(op.set(ID, "imp.setpoint", "22.5", ANSWER).applied());
            assertTrue(op.set(ID, "imp.setpoint", "23.5", ANSWER).applied());
        }
        child.kill();
        events.await("disconnected");
        restart.run();
        events.await("connected");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        try (OperatorClient op = OperatorClient.connect(ops)) {
            while (true) {
                SignalValue sp = op.get(ID, "imp.setpoint");
                SignalValue led = op.get(ID, "imp.led");
                if ((Double) sp.value() == 23.5 && Boolean.TRUE.equals(led.value()) && sp.stateText().equals("ok")) {
                    break;
                }
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("the restarted server shows setpoint " + sp + ", led " + led);
                }
                op.listDevices(); // one round trip between looks, no sleep
            }
        }
        Snapshot held = device.block("imp").snapshot();
        assertEquals(23.5, held.getDouble(SimulatedBoard.signalMap().block("imp").signal("setpoint")), 1e-6);
        long last = 0;
        for (Snapshot s : applied) {
            assertTrue(s.seq() > last, "never an older or the same version again: " + applied);
            last = s.seq();
        }
        assertEquals(3, applied.size(), "the three writes, nothing else: " + applied);
    }

    @Test
    void serverKilledWithSigkillComesBackWithTheLastWrite() throws Exception {
        HomeFixture home = new HomeFixture(dir.resolve("home"));
        child = ChildServer.start(home.dir.toString(), Integer.toString(Ports.restartable()), home.root.toString());
        int port = child.port();
        startDevice(Device.builder().server("127.0.0.1:" + port).tls(home.clientTls()));
        events.await("connected");
        OperatorOptions ops = OperatorOptions.builder().server("127.0.0.1:" + port).network("pekkahome").user("alice")
                .password("alicepw").tls(home.clientTls()).build();
        writeKillRestartAgree(ops, () -> {
            try {
                child = ChildServer.start(home.dir.toString(), Integer.toString(port), home.root.toString());
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        });
    }

    @Test
    void serverKilledWithSigkillBehindTheSwitchboxComesBackWithTheLastWrite() throws Exception {
        relay = new RelayFixture(dir).startSwitchbox();
        String[] args = {relay.homeDir.toString(), Integer.toString(Ports.restartable()), relay.homeRoot.toString(), Integer.toString(relay.boxPort),
            relay.cloudRoot.toString(), RelayFixture.UPLINK_PASSWORD};
        child = ChildServer.start(args);
        args[1] = Integer.toString(child.port());
        startDevice(Device.builder().viaSwitchbox(relay.switchboxAddress(), relay.cloudTls()).tls(relay.homeTls()));
        events.await("connected");
        OperatorOptions ops = OperatorOptions.builder().network("pekkahome").user("alice").password("alicepw")
                .tls(relay.homeTls()).viaSwitchbox(relay.route()).build();
        writeKillRestartAgree(ops, () -> {
            try {
                child = ChildServer.start(args);
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        });
    }
}
