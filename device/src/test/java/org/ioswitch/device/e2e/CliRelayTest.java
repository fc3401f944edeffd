package org.ioswitch.device.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.ioswitch.common.testing.OwnThread;
import org.ioswitch.device.e2e.Cli.Result;
import org.ioswitch.device.operator.OperatorClient;
import org.ioswitch.device.operator.OperatorOptions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The device CLI through the real switchbox: init and run with --switchbox, operator commands with --switchbox. */
class CliRelayTest {
    static final String ID = "gina3.pekkahome";
    @TempDir
    Path dir;
    RelayFixture relay;
    CompletableFuture<Integer> running;

    @BeforeEach
    void setUp() throws Exception {
        relay = new RelayFixture(dir).startSwitchbox().startHome();
    }

    @AfterEach
    void tearDown() throws Exception {
        if (running != null) {
            running.get(60, TimeUnit.SECONDS);
        }
        relay.close();
    }

    private String[] operator(String... args) {
        return Cli.with(args, "--switchbox", relay.switchboxAddress(), "--switchbox-trust",
                relay.cloudRoot.toString(), "--user", "alice", "--password-file", Cli.passwordFile(dir, "alicepw"),
                "--trust", relay.homeRoot.toString());
    }

    @Test
    void initRecordsTheSwitchboxAndRunAndOperatorCommandsGoThroughIt() throws Exception {
        Path d = dir.resolve("device");
        Result init = Cli.device("init", "--id", ID, "--switchbox", relay.switchboxAddress(), "--switchbox-trust",
                relay.cloudRoot.toString(), "--password-file", Cli.passwordFile(dir, "devpw"),
                "--trust", relay.homeRoot.toString(), "--dir", d.toString());
        assertEquals(0, init.code(), init.err());
        assertTrue(init.out().contains("switchbox " + relay.switchboxAddress()), init.out());
        String config = Files.readString(d.resolve("config.json"));
        assertTrue(config.contains("\"switchbox\"") && config.contains(relay.cloudRoot.toString()), config);

        // 20 s: the device must outlive every command below, or the watch waits for it until --count (it hung the
        // build with 6 s on a loaded machine).
        running = CompletableFuture.supplyAsync(
                () -> Cli.device("run", "--dir", d.toString(), "--simulate", "--seconds", "20").code(),
                OwnThread.EXECUTOR);
        try (OperatorClient op = OperatorClient.connect(OperatorOptions.builder().network("pekkahome").user("alice")
                .password("alicepw").tls(relay.homeTls()).viaSwitchbox(relay.route()).build())) {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            boolean online = false;
            while (!online && System.nanoTime() < deadline) {
                online = op.listDevices().stream().anyMatch(e -> e.deviceId().equals(ID) && e.online()
                        && e.blocks().stream().anyMatch(b -> b.name().equals("info")));
            }
            assertTrue(online, "device online through the switchbox within 10 s");
            op.signalMap(ID);
        }

        Result list = Cli.device(operator("list", "--network", "pekkahome"));
        assertEquals(0, list.code(), list.err());
        assertTrue(list.out().contains(ID + "  online, through the switchbox, board simulator"), list.out());
        Result set = Cli.device(operator("set", ID, "imp.led", "true"));
        assertEquals(0, set.code(), set.err());
        assertTrue(set.out().strip().matches("applied \\(version [0-9]+\\)"), set.out());
        Result rejected = Cli.device(operator("set", ID, "imp.setpoint", "40", "--timeout", "20"));
        assertEquals(3, rejected.code(), rejected.out() + rejected.err());
        assertEquals("rejected: setpoint 40.0 outside 5..35", rejected.out().strip());
        Result watch = Cli.device(operator("watch", ID, "--count", "12", "--seconds", "30"));
        assertEquals(0, watch.code(), watch.err());
        assertTrue(watch.out().lines().anyMatch(l -> l.equals("imp.led true ok")), watch.out());
        Result get = Cli.device(operator("get", ID, "imp.led"));
        assertEquals("true ok", get.out().strip(), get.err());
        assertEquals(0, running.get(60, TimeUnit.SECONDS));
    }

    @Test
    void unknownNetworkThroughTheSwitchboxIsExit1WithItsReason() {
        Result r = Cli.device(operator("list", "--network", "nosuchhome"));
        assertEquals(1, r.code());
        assertEquals(1, r.err().strip().lines().count(), r.err());
        assertTrue(r.err().contains("UNKNOWN_NETWORK") && r.err().contains("nosuchhome"), r.err());
    }

    @Test
    void switchboxWithoutItsTrustIsAUsageFailureNamingTheOption() {
        Result r = Cli.device("list", "--network", "pekkahome", "--switchbox", relay.switchboxAddress(), "--user", "alice",
                "--password-file", Cli.passwordFile(dir, "alicepw"), "--trust", relay.homeRoot.toString());
        assertEquals(1, r.code());
        assertTrue(r.err().contains("--switchbox-trust"), r.err());
        Result init = Cli.device("init", "--id", ID, "--relay-clear", "--dir", dir.resolve("d").toString());
        assertEquals(1, init.code());
        assertTrue(init.err().contains("need --switchbox"), init.err());
    }
}
