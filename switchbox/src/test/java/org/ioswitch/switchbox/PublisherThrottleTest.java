package org.ioswitch.switchbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.ioswitch.common.auth.LoginThrottle;
import org.ioswitch.common.auth.PasswordHash;
import org.ioswitch.common.testing.MovableClock;
import org.ioswitch.common.tls.TlsClientContext;
import org.ioswitch.common.tls.TlsConnection;
import org.ioswitch.common.tls.TlsOptions;
import org.ioswitch.common.tunnel.TunnelOptions;
import org.ioswitch.common.wire.Auth;
import org.ioswitch.common.wire.AuthOk;
import org.ioswitch.common.wire.Close;
import org.ioswitch.common.wire.CloseCode;
import org.ioswitch.common.wire.CredentialKind;
import org.ioswitch.common.wire.Frame;
import org.ioswitch.common.wire.FrameReader;
import org.ioswitch.common.wire.FrameWriter;
import org.ioswitch.common.wire.Hello;
import org.ioswitch.common.wire.HelloAck;
import org.ioswitch.common.wire.Role;
import org.ioswitch.common.wire.WireLimits;
import org.ioswitch.server.uplink.Uplink;
import org.ioswitch.switchbox.account.PublisherAccount;
import org.ioswitch.switchbox.account.Accounts;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Publisher logins over real TLS against a switchbox whose login throttle reads a clock the test moves. */
class PublisherThrottleTest {
    /** Two free failures, then 30 s: long enough that nothing but the moved clock releases a lock. */
    private static final LoginThrottle.Policy POLICY = new LoginThrottle.Policy(2, Duration.ofSeconds(30),
            Duration.ofMinutes(5), Duration.ofMinutes(15), 100);
    private static final String LOCAL = "127.0.0.1";
    /** A second loopback address, so one peer can guess while another logs in. */
    private static final String OTHER = "127.0.0.2";
    private static final String FRESH_PASSWORD = "fresh-uplink-pw";

    @TempDir
    Path dir;
    private RelayFixture f;
    private final MovableClock clock = new MovableClock(Instant.parse("2026-01-01T00:00:00Z"));
    private TlsClientContext tls;

    @BeforeEach
    void setUp() throws Exception {
        f = new RelayFixture(dir);
        Accounts.load(dir.resolve("accounts.json")).put(new PublisherAccount("fresh",
                PasswordHash.create(FRESH_PASSWORD.toCharArray()), null, List.of("freshhome")));
        f.start(f.options().loginThrottle(POLICY).build(), clock);
        tls = TlsClientContext.open(TlsOptions.builder().trust(f.cloudRoot).build());
        f.cleanup.add(tls);
    }

    @AfterEach
    void tearDown() throws Exception {
        f.close();
    }

    @Test
    void repeatedWrongPasswordsFromOnePeerAreRefusedEvenWhenTheNextPasswordIsRight() throws Exception {
        for (int i = 0; i < 3; i++) {
            Close wrong = refusal(login(LOCAL, "pekka", "guess" + i));
            assertEquals("account pekka: password authentication failed", wrong.text());
        }

        Close locked = refusal(login(LOCAL, "pekka", RelayFixture.PASSWORD));
        assertEquals("account pekka: too many failed logins, retry in 30 s", locked.text());
        Uplink uplink = f.uplink(f.uplinkOptions().build());
        Uplink.Status s = uplink.awaitStatus(x -> x.lastProblem().contains("too many failed logins"),
                Duration.ofSeconds(10));
        assertTrue(s.lastProblem().contains("AUTH_FAILED"), s.lastProblem());
    }

    @Test
    void strangersGuessingTheAccountCannotKeepTheRealUplinkOut() throws Exception {
        for (String stranger : new String[] {OTHER, "127.0.0.3"}) {
            for (int i = 0; i < 3; i++) {
                refusal(login(stranger, "pekka", "guess" + i));
            }
            assertTrue(refusal(login(stranger, "pekka", RelayFixture.PASSWORD)).text()
                    .contains("too many failed logins"), "the guessing address is refused");
        }

        f.publishedUplink();
        assertEquals("pekka", assertInstanceOf(AuthOk.class, login(LOCAL, "pekka", RelayFixture.PASSWORD))
                .identity());
    }

    @Test
    void throttleReleasesAfterTheWindow() throws Exception {
        for (int i = 0; i < 3; i++) {
            refusal(login(LOCAL, "pekka", "guess" + i));
        }
        refusal(login(LOCAL, "pekka", RelayFixture.PASSWORD));

        clock.advance(Duration.ofSeconds(31));

        assertEquals("pekka", assertInstanceOf(AuthOk.class, login(LOCAL, "pekka", RelayFixture.PASSWORD))
                .identity());
        f.publishedUplink();
    }

    @Test
    void correctLoginOnAFreshAccountIsNotAffected() throws Exception {
        // a second peer address: Linux routes all of 127.0.0.0/8 to lo, so this never needs setting up
        assertTrue(canBind(OTHER), "this test needs " + OTHER + " on the loopback interface");
        for (int i = 0; i < 3; i++) {
            refusal(login(OTHER, "pekka", "guess" + i));
        }
        assertTrue(refusal(login(OTHER, "pekka", RelayFixture.PASSWORD)).text().contains("too many failed logins"));

        assertEquals("fresh", assertInstanceOf(AuthOk.class, login(LOCAL, "fresh", FRESH_PASSWORD)).identity());
    }

    /** The answer to a password AUTH sent from {@code from}: AUTH_OK or the CLOSE. */
    private Frame login(String from, String account, String password) throws Exception {
        Socket tcp = new Socket();
        tcp.bind(new InetSocketAddress(from, 0));
        tcp.connect(new InetSocketAddress(LOCAL, f.switchbox.port()), 5000);
        try (TlsConnection conn = tls.wrap(tcp, LOCAL, f.switchbox.port(), Duration.ofSeconds(10))) {
            // A read deadline, not a wait: a PBKDF2 check on a loaded machine takes well under a second.
            conn.socket().setSoTimeout(20_000);
            FrameWriter w = new FrameWriter(conn.socket().getOutputStream());
            FrameReader r = new FrameReader(conn.socket().getInputStream(), WireLimits.DEFAULT);
            w.writeHello(new Hello(Hello.VERSION, Role.SERVICE, "pekkahome", 0, TunnelOptions.DEFAULT_MAX_FRAME_SIZE));
            w.flush();
            assertInstanceOf(HelloAck.class, r.next());
            w.write(new Auth(account, CredentialKind.PASSWORD, password.getBytes(StandardCharsets.UTF_8), ""));
            w.flush();
            return r.next();
        }
    }

    private static Close refusal(Frame frame) {
        Close close = assertInstanceOf(Close.class, frame);
        assertEquals(CloseCode.AUTH_FAILED, close.code(), close.text());
        return close;
    }

    private static boolean canBind(String address) {
        try (Socket s = new Socket()) {
            s.bind(new InetSocketAddress(address, 0));
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
