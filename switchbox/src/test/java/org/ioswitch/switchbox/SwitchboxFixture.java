package org.ioswitch.switchbox;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import org.ioswitch.common.auth.PasswordHash;
import org.ioswitch.common.testing.IssuedPem;
import org.ioswitch.common.testing.Ports;
import org.ioswitch.common.testing.TestOrg;
import org.ioswitch.common.tls.TlsOptions;
import org.ioswitch.server.uplink.UplinkOptions;
import org.ioswitch.switchbox.account.Accounts;
import org.ioswitch.switchbox.account.PublisherAccount;
import org.ioswitch.switchbox.route.InMemoryTunnelRegistry;

/**
 * A real switchbox for tests, in a temp directory: the cloud organization {@code iocafe} (root, switchbox
 * certificate), an accounts file where {@value #UPLINK_ACCOUNT} may publish {@value #NETWORK} with
 * {@value #UPLINK_PASSWORD}, and a tap on every relayed byte. It restarts on its port, which lies below the
 * kernel's ephemeral range ({@link Ports#restartable()}). The switchbox's
 * relay tests put an echoing uplink behind it, the device's end-to-end tests the real home server; shared through
 * this module's test jar.
 *
 * <pre>
 *   SwitchboxFixture box = new SwitchboxFixture(dir);
 *   box.start(box.options().build());
 *   UplinkOptions uplink = box.uplinkOptions().build();   // pekka publishes pekkahome on box.port()
 * </pre>
 */
public final class SwitchboxFixture implements AutoCloseable {
    /** The publisher account of the home network. */
    public static final String UPLINK_ACCOUNT = "pekka";
    /** Its password. */
    public static final String UPLINK_PASSWORD = "pekka-uplink-pw";
    /** The network it may publish. */
    public static final String NETWORK = "pekkahome";

    private final TestOrg cloud;
    private final IssuedPem certificate;
    private final Path accountsFile;
    /** What the tap saw, guarded by itself; this package's cluster nodes write into it too. */
    final ByteArrayOutputStream tapped = new ByteArrayOutputStream();
    private SwitchboxServer server;
    /** Below the ephemeral range, so a restart gets it back (see {@link Ports}). */
    private int port = Ports.restartable();

    /** Makes the cloud organization in {@code dir}, the switchbox certificate and the accounts file beside it. */
    public SwitchboxFixture(Path dir) throws Exception {
        Files.createDirectories(dir);
        cloud = TestOrg.create(dir, "iocafe");
        certificate = cloud.server(dir, "switchbox", "switchbox");
        accountsFile = dir.resolve("accounts.json");
        Accounts.writeEmpty(accountsFile);
        accounts().put(new PublisherAccount(UPLINK_ACCOUNT, PasswordHash.create(UPLINK_PASSWORD.toCharArray()), null,
                List.of(NETWORK)));
    }

    /** The cloud organization: its root is what clients and uplinks trust for the switchbox. */
    public TestOrg cloud() {
        return cloud;
    }

    /** The accounts file, to add publishers. */
    public Accounts accounts() throws Exception {
        return Accounts.load(accountsFile);
    }

    /** The switchbox's listener TLS: its certificate, client certificates of the cloud organization optional. */
    public TlsOptions listenerTls() {
        return cloud.listener(certificate).build();
    }

    /** Settings on 127.0.0.1 and this fixture's port, certificate and accounts. */
    public SwitchboxOptions.Builder options() {
        return SwitchboxOptions.builder().bind("127.0.0.1").port(port).tls(listenerTls()).accountsFile(accountsFile);
    }

    /** Starts the switchbox with {@code options} and the tap. */
    public SwitchboxServer start(SwitchboxOptions options) throws Exception {
        return start(options, InstantSource.system());
    }

    /** As {@link #start(SwitchboxOptions)}, its login throttle and peer log reading {@code clock}. */
    public SwitchboxServer start(SwitchboxOptions options, InstantSource clock) throws Exception {
        server = SwitchboxServer.start(options, new InMemoryTunnelRegistry(), (network, id, toHome, b, off, len) -> {
            synchronized (tapped) {
                tapped.write(b, off, len);
            }
        }, clock);
        port = server.port();
        return server;
    }

    /** The running (or last) switchbox. */
    public SwitchboxServer server() {
        return server;
    }

    /** The port it listens on; the same after a restart. */
    public int port() {
        return port;
    }

    /** Client TLS trusting only the cloud organization's root: verifies the switchbox. */
    public TlsOptions trusting() {
        return cloud.trusting().build();
    }

    /** An uplink publishing {@value #NETWORK} as {@value #UPLINK_ACCOUNT} to this switchbox, retrying fast. */
    public UplinkOptions.Builder uplinkOptions() {
        return uplinkOptions(port);
    }

    /** As {@link #uplinkOptions()} to the switchbox (or cluster node) on {@code port}. */
    public UplinkOptions.Builder uplinkOptions(int port) {
        return UplinkOptions.builder().host("127.0.0.1").port(port).tls(trusting()).account(UPLINK_ACCOUNT)
                .password(UPLINK_PASSWORD).networks(NETWORK).reconnectMin(Duration.ofMillis(100))
                .reconnectMax(Duration.ofMillis(500)).connectTimeout(Duration.ofSeconds(5));
    }

    /** Every byte the switchbox relayed so far, both directions. */
    public String tapped() {
        synchronized (tapped) {
            return tapped.toString(StandardCharsets.ISO_8859_1);
        }
    }

    /** Stops the switchbox; {@link #start} starts it again on the same port. */
    @Override
    public void close() {
        if (server != null) {
            server.close();
        }
    }
}
