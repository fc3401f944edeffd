package org.ioswitch.server.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.security.cert.X509CRL;
import org.ioswitch.certs.ca.CertSpec;
import org.ioswitch.certs.ca.Issued;
import org.ioswitch.certs.pem.PemFiles;
import org.ioswitch.common.testing.IssuedPem;
import org.ioswitch.common.wire.Auth;
import org.ioswitch.common.wire.AuthOk;
import org.ioswitch.common.wire.Close;
import org.ioswitch.common.wire.CloseCode;
import org.ioswitch.common.wire.CredentialKind;
import org.ioswitch.common.wire.DeviceList;
import org.ioswitch.common.wire.HelloAck;
import org.ioswitch.common.wire.ListDevices;
import org.ioswitch.common.wire.Role;
import org.ioswitch.server.account.AccountKind;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Hot rotation of the CRL: a connected peer whose certificate is now revoked is disconnected, others go on. */
class RevocationTest {
    @TempDir
    Path dir;

    @Test
    void peerRevokedWhileConnectedIsDisconnectedAndOthersStay() throws Exception {
        try (ServerFixture f = new ServerFixture(dir)) {
            f.account("home", "alice", AccountKind.USER, "unused-pw").account("home", "bob", AccountKind.USER, "bob-pw");
            Path crl = dir.resolve("home.crl");
            X509CRL empty = f.ca.emptyCrl();
            PemFiles.writeCrl(crl, empty);
            f.start(f.options().tls(f.options().build().tls().toBuilder().crl(crl).build()).build());

            IssuedPem alice = f.org.client(dir, "alice", "alice");
            ScriptedPeer a = ScriptedPeer.connect(f, alice.options().trust(f.root).build());
            a.hello(Role.OPERATOR, "home");
            a.expect(HelloAck.class);
            a.send(new Auth("alice", CredentialKind.CERTIFICATE, new byte[0], "test"));
            a.expect(AuthOk.class);
            ScriptedPeer b = ScriptedPeer.login(f, Role.OPERATOR, "home", "bob", "bob-pw");

            PemFiles.writeCrl(crl, f.ca.revoke(alice.issued().certificate(), empty));

            Close close = a.expect(Close.class, java.time.Duration.ofSeconds(5)); // within 5 s of the CRL change
            assertEquals(CloseCode.NOT_AUTHORIZED, close.code());
            assertTrue(close.text().contains("no longer accepted"), close.text());
            b.send(new ListDevices());
            b.expect(DeviceList.class);
            a.close();
            b.close();
        }
    }

    @Test
    void unrevokedCertificatePeerStaysAfterReload() throws Exception {
        try (ServerFixture f = new ServerFixture(dir)) {
            f.account("home", "alice", AccountKind.USER, "unused-pw");
            Path crl = dir.resolve("home.crl");
            X509CRL empty = f.ca.emptyCrl();
            PemFiles.writeCrl(crl, empty);
            f.start(f.options().tls(f.options().build().tls().toBuilder().crl(crl).build()).build());
            IssuedPem alice = f.org.client(dir, "alice", "alice");
            Issued other = f.ca.issue(CertSpec.client("other").build());
            ScriptedPeer a = ScriptedPeer.connect(f, alice.options().trust(f.root).build());
            a.hello(Role.OPERATOR, "home");
            a.expect(HelloAck.class);
            a.send(new Auth("alice", CredentialKind.CERTIFICATE, new byte[0], "test"));
            a.expect(AuthOk.class);
            long generation = f.server.tlsGeneration();

            PemFiles.writeCrl(crl, f.ca.revoke(other.certificate(), empty));
            long deadline = System.nanoTime() + 10_000_000_000L;
            while (f.server.tlsGeneration() == generation && System.nanoTime() < deadline) {
                java.util.concurrent.locks.LockSupport.parkNanos(20_000_000L); // poll the condition, deadline above
            }
            assertTrue(f.server.tlsGeneration() > generation, "the new CRL was not loaded within 10 s");
            a.send(new ListDevices());
            a.expect(DeviceList.class);
            a.close();
        }
    }
}
