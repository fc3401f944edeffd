package org.ioswitch.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.ioswitch.certs.ca.CertSpec;
import org.ioswitch.certs.ca.Issued;
import org.ioswitch.certs.ca.OrgCa;
import org.ioswitch.common.testing.Ports;
import org.ioswitch.common.tls.ClientCertificates;
import org.ioswitch.common.tls.SecurityLevel;
import org.ioswitch.common.tls.TlsOptions;
import org.ioswitch.server.account.AccountKind;
import org.ioswitch.server.account.AccountStore;
import org.ioswitch.server.registry.Block;
import org.ioswitch.server.registry.Network;
import org.ioswitch.server.session.HomeServer;
import org.ioswitch.server.session.ServerOptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The fleet bench's arithmetic, parsing and the files it hands the server. */
class FleetTest {
    @TempDir
    Path dir;

    @Test
    void sTimeRateIsConnectionsPerRealSecond() {
        String out = """
                Collecting connection statistics for 5 seconds
                tttttttttttttttttttttttttttttttttttttttttt

                2835 connections in 3.52s; 805.40 connections/user sec, bytes read 0
                2835 connections in 5 real seconds, 0 bytes read per connection
                """;
        assertEquals(567.0, HandshakeRate.parse(out), 1e-9);
        assertTrue(Double.isNaN(HandshakeRate.parse("connect: Connection refused")));
        assertTrue(Double.isNaN(HandshakeRate.parse("0 connections in 0 real seconds")));
    }

    @Test
    void perDeviceIsTheGrowthOverTheDevices() {
        long empty = 10L << 20;
        assertEquals(51_200, FleetBench.perDevice(empty, empty + 100 * 51_200L, 100), 1e-9);
        assertTrue(Double.isNaN(FleetBench.perDevice(1, 2, 0)));
    }

    @Test
    void serverStatsLineIsParsedOrRefusedByName() throws IOException {
        FleetBench.Stats s = FleetBench.Stats.parse("STATS 1048576 1073741824 12 204800 10 9");
        assertEquals(new FleetBench.Stats(1048576, 1073741824, 12, 204800, 10, 9), s);
        IOException e = assertThrows(IOException.class, () -> FleetBench.Stats.parse("HEAP 1 2"));
        assertTrue(e.getMessage().contains("expected 'STATS"), e.getMessage());
    }

    @Test
    void aDevicesImageNamesItAndNothingElseDoes() {
        assertEquals(4711, FleetDevices.indexIn(FleetDevices.image(4711)));
        assertEquals("d4711.fleet", FleetDevices.id(4711));
        byte[] zeros = new byte[FleetDevices.BLOCK_SIZE];
        assertEquals(-1, FleetDevices.indexIn(zeros)); // the server's image before the device's first snapshot
        assertEquals(-1, FleetDevices.indexIn(new byte[8]));
    }

    @Test
    void accountsFileIsReadByTheServersAccountStore() throws Exception {
        FleetBench.writeAccounts(dir.resolve(AccountStore.FILE_NAME), 3);
        AccountStore store = AccountStore.open(dir);
        assertEquals(3, store.list().size());
        assertEquals(AccountKind.DEVICE, store.find(FleetDevices.NETWORK, "d2").orElseThrow().kind());
        assertTrue(store.find(FleetDevices.NETWORK, "d3").isEmpty());
    }

    private static boolean synced(HomeServer server, int n) {
        int ok = 0;
        for (Network.DeviceView d : server.registry().network(FleetDevices.NETWORK).devices()) {
            for (Block b : d.blocks()) {
                if (d.online() && b.name().equals("exp") && FleetDevices.indexIn(b.image()) >= 0
                        && FleetDevices.id((int) FleetDevices.indexIn(b.image())).equals(d.deviceId())) {
                    ok++;
                }
            }
        }
        return ok == n;
    }

    private static void await(java.util.function.BooleanSupplier condition, String what) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!condition.getAsBoolean()) {
            assertTrue(System.nanoTime() < deadline, what + " within 30 s");
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
        }
    }

    @Test
    void simulatedDevicesLogInByCertificateAnnounceTheirBlocksAndComeBackAfterARestart() throws Exception {
        Pki pki = FleetServerChild.pki(dir);
        OrgCa ca = pki.ca;
        Path root = pki.root;
        FleetBench.writeAccounts(dir.resolve(AccountStore.FILE_NAME), 3);
        List<FleetDevices.Credentials> keys = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            // Device 2 shows the certificate of an account that does not exist: it must stay out.
            Issued c = ca.issue(CertSpec.client(i == 2 ? "stranger" : "d" + i).build());
            keys.add(new FleetDevices.Credentials(c.privateKey(), c.chain().toArray(new X509Certificate[0])));
        }
        TlsOptions tls = TlsOptions.builder().certificate(pki.serverCert)
                .privateKey(pki.serverKey).trust(root).clientCertificates(ClientCertificates.OPTIONAL)
                .requiredLevel(SecurityLevel.TLS).build();
        int port = Ports.restartable();
        HomeServer server = HomeServer.start(ServerOptions.builder().dir(dir).listen("127.0.0.1", port).tls(tls).build());
        try (FleetDevices fleet = new FleetDevices(keys, pki.server.certificate(), port)) {
            fleet.start();
            HomeServer first = server;
            await(() -> synced(first, 2), "devices d0 and d1 synced");
            await(() -> fleet.failures.get() >= 1, "the stranger refused");
            assertTrue(fleet.lastFailure.contains("d2.fleet") && fleet.lastFailure.contains("AUTH_FAILED"),
                    fleet.lastFailure);
            assertTrue(fleet.failureCauses.keySet().stream().anyMatch(c -> c.startsWith("hello/auth: ")
                    && c.contains("dN.fleet") && c.contains("AUTH_FAILED")), fleet.failureCauses.toString());
            assertEquals(2, fleet.connected.get());
            server.close();
            server = HomeServer.start(ServerOptions.builder().dir(dir).listen("127.0.0.1", port).tls(tls).build());
            HomeServer second = server;
            await(() -> synced(second, 2), "d0 and d1 back after the restart");
        } finally {
            server.close();
        }
    }

    @Test
    void openFilesLimitIsRead() {
        assertTrue(FleetBench.openFilesLimit() > 0, "the soft limit of /proc/self/limits");
    }
}
