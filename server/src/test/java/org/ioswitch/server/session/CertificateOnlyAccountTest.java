package org.ioswitch.server.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import org.ioswitch.common.testing.IssuedPem;
import org.ioswitch.common.wire.Auth;
import org.ioswitch.common.wire.AuthOk;
import org.ioswitch.common.wire.Close;
import org.ioswitch.common.wire.CloseCode;
import org.ioswitch.common.wire.CredentialKind;
import org.ioswitch.common.wire.HelloAck;
import org.ioswitch.common.wire.Role;
import org.ioswitch.server.cli.ServerCommand;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code server accounts add NAME --certificate-only}: x509 login works, no password ever does. */
class CertificateOnlyAccountTest {
    @TempDir
    Path dir;

    @Test
    void certificateOnlyAccountLogsInWithItsCertificateAndNeverWithAPassword() throws Exception {
        try (ServerFixture f = new ServerFixture(dir)) {
            StringWriter out = new StringWriter();
            String[] args = {"accounts", "add", "alice", "--user", "--certificate-only", "--network", "home",
                    "--dir", dir.toString()};
            int code = ServerCommand.commandLine(new PrintWriter(out, true), new PrintWriter(new StringWriter(), true),
                    args).execute(args);
            assertEquals(0, code, out.toString());
            assertTrue(out.toString().contains("client certificate login only"), out.toString());
            f.start();

            IssuedPem alice = f.org.client(dir, "alice", "alice");
            ScriptedPeer withCertificate = ScriptedPeer.connect(f, alice.options().trust(f.root).build());
            withCertificate.hello(Role.OPERATOR, "home");
            withCertificate.expect(HelloAck.class);
            withCertificate.send(new Auth("alice", CredentialKind.CERTIFICATE, new byte[0], "test"));
            assertEquals("alice", withCertificate.expect(AuthOk.class).identity());
            withCertificate.close();

            for (String guess : new String[] {"", "alice", "changeit"}) {
                ScriptedPeer withPassword = ScriptedPeer.connect(f);
                withPassword.hello(Role.OPERATOR, "home");
                withPassword.expect(HelloAck.class);
                withPassword.auth("alice", guess);
                assertEquals(CloseCode.AUTH_FAILED, withPassword.expect(Close.class).code(), "password " + guess);
                withPassword.close();
            }
        }
    }

    @Test
    void certificateOnlyAndAPasswordTogetherIsAUsageError() {
        String[] args = {"accounts", "add", "alice", "--user", "--certificate-only", "--password", "p",
                "--network", "home", "--dir", dir.toString()};
        StringWriter err = new StringWriter();
        int code = ServerCommand.commandLine(new PrintWriter(new StringWriter(), true), new PrintWriter(err, true), args)
                .execute(args);
        assertEquals(2, code);
        assertTrue(err.toString().contains("--certificate-only or a password, not both"), err.toString());
    }
}
