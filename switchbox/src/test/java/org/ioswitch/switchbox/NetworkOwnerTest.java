package org.ioswitch.switchbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.ioswitch.common.tls.TlsOptions;
import org.ioswitch.server.uplink.Uplink;
import org.ioswitch.switchbox.route.InMemoryNetworkOwners;
import org.ioswitch.switchbox.route.NetworkOwners;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Finding 2 of the abuse review: a second home server holding the same switchbox account (here: its own certificate
 * for the account's name) must not take a network over while its owner restarts; the owner gets it back.
 */
class NetworkOwnerTest {
    @TempDir
    Path dir;
    private RelayFixture f;

    @BeforeEach
    void setUp() throws Exception {
        f = new RelayFixture(dir);
        f.start(f.options().build());
    }

    @AfterEach
    void tearDown() throws Exception {
        f.close();
    }

    @Test
    void anotherIdentityOnTheSameAccountCannotTakeTheNetworkWhileTheOwnerReconnects() throws Exception {
        // Two certificates for the same account name, two home servers: same account, different identities.
        TlsOptions ownerTls = f.cloud.client(f.dir, "owner", "lab-uplink").options().trust(f.cloudRoot).build();
        TlsOptions intruderTls = f.cloud.client(f.dir, "intruder", "lab-uplink").options().trust(f.cloudRoot).build();
        Uplink owner = f.uplink(f.uplinkOptions().tls(ownerTls).account("lab").password(null).networks("lab").build());
        owner.awaitStatus(Uplink.Status::published, Duration.ofSeconds(10));

        owner.close(); // the owner restarts
        Uplink intruder = f.uplink(f.uplinkOptions().tls(intruderTls).account("lab").password(null).networks("lab")
                .build());
        Uplink.Status s = intruder.awaitStatus(x -> x.lastProblem().contains("is bound to publisher"),
                Duration.ofSeconds(10));
        assertTrue(s.lastProblem().contains("network lab is bound to publisher account lab (certificate sha256:"),
                s.lastProblem());
        assertFalse(intruder.status().published());
        intruder.close();

        Uplink back = f.uplink(f.uplinkOptions().tls(ownerTls).account("lab").password(null).networks("lab").build());
        back.awaitStatus(Uplink.Status::published, Duration.ofSeconds(10));
    }

    @Test
    void theBindingEndsAfterTheGrace() throws Exception {
        Instant[] now = {Instant.parse("2026-01-01T00:00:00Z")};
        NetworkOwners owners = new InMemoryNetworkOwners(Duration.ofMinutes(5), () -> now[0]);
        owners.bound("lab", "A");
        assertTrue(owners.refusal("lab", "B").contains("whose tunnel is open"));
        owners.ended("lab", "A");
        now[0] = now[0].plus(Duration.ofMinutes(4));
        assertTrue(owners.refusal("lab", "B").contains("for another 60 s"), owners.refusal("lab", "B"));
        assertNull(owners.refusal("lab", "A"), "the owner itself is always welcome");
        now[0] = now[0].plus(Duration.ofMinutes(1));
        assertNull(owners.refusal("lab", "B"), "after the grace another publisher may take it");
        owners.bound("lab", "B");
        assertEquals(null, owners.refusal("lab", "B"));
    }
}
