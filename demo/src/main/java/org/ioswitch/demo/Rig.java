package org.ioswitch.demo;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import org.ioswitch.common.tls.ExpiryPolicy;
import org.ioswitch.common.tls.TlsOptions;
import org.ioswitch.device.cli.DeviceCommand;
import org.ioswitch.device.connect.Hop;
import org.ioswitch.device.connect.ServerAddress;
import org.ioswitch.device.operator.OperatorClient;
import org.ioswitch.device.operator.OperatorOptions;
import org.ioswitch.device.runtime.ConnectionListener;
import org.ioswitch.device.runtime.Device;
import org.ioswitch.device.simulator.SimulatedBoard;
import org.ioswitch.device.state.DeviceState;
import org.ioswitch.server.cli.ServerCommand;
import org.ioswitch.server.config.ServerConfig;
import org.ioswitch.server.console.ConsoleOptions;
import org.ioswitch.server.pairing.PairingOptions;
import org.ioswitch.server.session.HomeServer;
import org.ioswitch.server.session.ServerOptions;
import org.ioswitch.server.uplink.UplinkOptions;
import org.ioswitch.switchbox.SwitchboxServer;
import org.ioswitch.switchbox.cli.SwitchboxCommand;
import org.ioswitch.switchbox.config.SwitchboxConfig;
import picocli.CommandLine;

/**
 * The demo's processes, set up with the same commands a user runs ({@code server init}, {@code switchbox init},
 * {@code device init}, account commands) and started in this JVM on 127.0.0.1 with free ports.
 */
final class Rig implements AutoCloseable {
    static final String NETWORK = "pekkahome";
    static final String CLOUD = "iocafe";
    static final String UPLINK_ACCOUNT = "pekkahome-home";
    static final String OPERATOR = "operator";

    private final Path dir;
    private final Path homeDir;
    private final Path boxDir;
    private final Path deviceDir;
    /** Made up here and never printed (but the admin's, for the console): they only live in this run's files. */
    private final String uplinkPassword = secret();
    private final String adminPassword = secret();
    private final String operatorPassword = secret();
    private final List<AutoCloseable> running = new ArrayList<>();

    SwitchboxServer switchbox;
    HomeServer home;
    Device device;
    OperatorClient operator;

    Rig(Path dir) {
        this.dir = dir;
        this.homeDir = dir.resolve("home-server");
        this.boxDir = dir.resolve("switchbox");
        this.deviceDir = dir.resolve("device");
    }

    /** Both organizations' roots, the server and switchbox certificates, configs and accounts. */
    void setUp() throws Exception {
        cli(new ServerCommand(), "init", "--network", NETWORK, "--dir", homeDir.toString(), "--host", "localhost",
                "--admin-password", adminPassword);
        cli(new ServerCommand(), "accounts", "add", OPERATOR, "--network", NETWORK, "--user", "--password",
                operatorPassword, "--dir", homeDir.toString());
        cli(new SwitchboxCommand(), "init", "--org", CLOUD, "--dir", boxDir.toString());
        cli(new SwitchboxCommand(), "accounts", "add", UPLINK_ACCOUNT, "--networks", NETWORK, "--password",
                uplinkPassword, "--dir", boxDir.toString());
    }

    /** The admin login to try in the console while the demo runs (this run's throwaway password). */
    String adminLogin() {
        return "admin / " + adminPassword;
    }

    Path homeRoot() {
        return homeDir.resolve("ca").resolve(NETWORK + "-root.crt");
    }

    Path cloudRoot() {
        return boxDir.resolve(CLOUD + "-root.crt");
    }

    void startSwitchbox() throws Exception {
        switchbox = SwitchboxServer.start(SwitchboxConfig.load(boxDir.resolve("config.json")).toBuilder()
                .bind("127.0.0.1").port(0).build());
        running.add(0, switchbox);
    }

    /** The home server on a free port, publishing its network through the switchbox; pairing auto-approves. */
    void startHomeServer() throws Exception {
        UplinkOptions uplink = UplinkOptions.builder().host("127.0.0.1").port(switchbox.port())
                .account(UPLINK_ACCOUNT).password(uplinkPassword).networks(NETWORK)
                .tls(TlsOptions.builder().trust(cloudRoot()).build()).build();
        ServerOptions options = ServerConfig.read(homeDir, 0);
        // The console on a free port too: a demo never fails because something else holds 6380.
        ConsoleOptions console = options.console();
        home = HomeServer.start(options.toBuilder().uplink(uplink)
                .pairing(PairingOptions.defaults().toBuilder().autoApprove(true).build())
                .console(new ConsoleOptions(true, new InetSocketAddress("127.0.0.1", 0), console.idleTimeout(),
                        console.sessionLifetime(), null, console.network())).build());
        running.add(0, home);
        home.uplink().orElseThrow().awaitStatus(s -> s.published(), Duration.ofSeconds(30));
    }

    /**
     * A brand-new simulated device ({@code gina*}, no trust yet) that knows only the switchbox, its network and the
     * cloud root, and pairs with the home server through the switchbox (end to end: the code is the inner session's);
     * completes with the TLS hops of its first connection once the server approved it and it got its number.
     */
    CompletableFuture<List<Hop>> startDevice(Consumer<String> pairingCode) throws Exception {
        String box = "127.0.0.1:" + switchbox.port();
        cli(DeviceCommand.commandLine(), "init", "--id", "gina*." + NETWORK, "--switchbox", box,
                "--switchbox-trust", cloudRoot().toString(), "--dir", deviceDir.toString());
        DeviceState state = DeviceState.open(deviceDir);
        CompletableFuture<List<Hop>> connected = new CompletableFuture<>();
        device = Device.builder().id(state.config().id()).state(state)
                .viaSwitchbox(box, TlsOptions.builder().trust(cloudRoot()).build())
                .tls(TlsOptions.builder().expiry(ExpiryPolicy.WARN).build())
                .signalMap(SimulatedBoard.signalMap()).boardType(SimulatedBoard.BOARD_TYPE).build();
        device.addListener(new ConnectionListener() {
            @Override
            public void pairingPending(String code) {
                pairingCode.accept(code);
            }

            @Override
            public void connected(ServerAddress address, String identity, List<Hop> hops) {
                connected.complete(hops);
            }
        });
        SimulatedBoard board = SimulatedBoard.on(device, System.nanoTime());
        running.add(0, device);
        running.add(0, board);
        device.start();
        board.start();
        return connected;
    }

    /** The remote operator: through the switchbox, end-to-end TLS with the home server. */
    void connectOperator() throws Exception {
        operator = OperatorClient.connect(OperatorOptions.builder().network(NETWORK).user(OPERATOR)
                .password(operatorPassword).tls(TlsOptions.builder().trust(homeRoot()).build())
                .viaSwitchbox("127.0.0.1:" + switchbox.port(), TlsOptions.builder().trust(cloudRoot()).build())
                .timeout(Duration.ofSeconds(20)).build());
        running.add(0, operator);
    }

    /** Runs one of the tools' commands in this JVM; its output goes to the log, a failure throws with it. */
    private static void cli(Object command, String... args) {
        cli(new CommandLine(command), args);
    }

    private static void cli(CommandLine commandLine, String... args) {
        StringWriter text = new StringWriter();
        PrintWriter out = new PrintWriter(text, true);
        int code = commandLine.setOut(out).setErr(out).execute(args);
        org.tinylog.Logger.info("demo ran `{}`: exit {}\n{}", String.join(" ", redact(args)), code, text);
        if (code != 0) {
            throw new IllegalStateException(String.join(" ", redact(args)) + " failed: " + text.toString().strip());
        }
    }

    private static List<String> redact(String[] args) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            boolean secret = i > 0 && args[i - 1].endsWith("password");
            out.add(secret ? "***" : args[i]);
        }
        return out;
    }

    private static String secret() {
        byte[] b = new byte[12];
        new SecureRandom().nextBytes(b);
        return HexFormat.of().formatHex(b);
    }

    /** Stops everything, newest first. */
    @Override
    public void close() {
        for (AutoCloseable c : running) {
            try {
                c.close();
            } catch (Exception e) {
                org.tinylog.Logger.warn(e, "demo: closing {} failed", c);
            }
        }
        running.clear();
    }
}
