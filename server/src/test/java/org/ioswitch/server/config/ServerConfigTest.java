package org.ioswitch.server.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.ioswitch.common.config.ConfigException;
import org.ioswitch.common.tls.TlsClientContext;
import org.ioswitch.common.tls.TlsConnection;
import org.ioswitch.common.tls.TlsOptions;
import org.ioswitch.common.wire.Frame;
import org.ioswitch.common.wire.FrameReader;
import org.ioswitch.common.wire.FrameWriter;
import org.ioswitch.common.wire.Hello;
import org.ioswitch.common.wire.HelloAck;
import org.ioswitch.common.wire.Role;
import org.ioswitch.common.wire.WireLimits;
import org.ioswitch.server.console.ConsoleOptions;
import org.ioswitch.server.session.HomeServer;
import org.ioswitch.server.session.ServerOptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ServerConfigTest {
    @TempDir
    Path dir;

    @Test
    void initWritesAConfigThatServesTlsWithTheOrgRoot() throws Exception {
        ServerSetup.init(new ServerSetup.Request(dir, "home", "localhost", "127.0.0.1", 6369, "admin",
                "pw".toCharArray()));
        ServerOptions options = ServerConfig.read(dir, 0);
        assertEquals(Duration.ofSeconds(5), options.link().keepalive());
        assertNull(options.plainListen(), "the plain listener is off by default");
        assertTrue(options.console().enabled(), "the web console is on by default");
        assertEquals(new InetSocketAddress("127.0.0.1", ConsoleOptions.DEFAULT_PORT), options.console().listen());
        assertEquals("home", options.console().network());
        // A free port instead of 6380: other tests and servers on this machine may hold it.
        options = options.toBuilder().console(new ConsoleOptions(true, new InetSocketAddress("127.0.0.1", 0),
                options.console().idleTimeout(), options.console().sessionLifetime(), null, "home")).build();
        try (HomeServer server = HomeServer.start(options);
             TlsClientContext client = TlsClientContext.open(TlsOptions.builder()
                     .trust(ServerSetup.rootCertificate(dir, "home")).build());
             TlsConnection c = client.connect("127.0.0.1", server.address().getPort(), Duration.ofSeconds(10))) {
            FrameWriter w = new FrameWriter(new BufferedOutputStream(c.socket().getOutputStream()));
            w.writeHello(new Hello(Hello.VERSION, Role.OPERATOR, "home", 0, WireLimits.DEFAULT_FRAME_SIZE));
            w.flush();
            c.socket().setSoTimeout(10_000);
            Frame f = new FrameReader(new BufferedInputStream(c.socket().getInputStream()), WireLimits.DEFAULT).next();
            assertTrue(f instanceof HelloAck, String.valueOf(f));
        }
    }

    @Test
    void badConfigIsNamedByFileAndKey() throws Exception {
        ServerSetup.init(new ServerSetup.Request(dir, "home", "localhost", "127.0.0.1", 6369, "admin",
                "pw".toCharArray()));
        Path config = dir.resolve(ServerConfig.FILE_NAME);
        String good = Files.readString(config);
        Files.writeString(config, good.replace("\"deadPeer\"", "\"deadpeer\""));
        ConfigException e = assertThrows(ConfigException.class, () -> ServerConfig.read(dir, null));
        assertTrue(e.getMessage().contains("config.json: unknown key keepalive.deadpeer"), e.getMessage());
        Files.writeString(config, good.replace("\"15s\"", "\"soon\""));
        e = assertThrows(ConfigException.class, () -> ServerConfig.read(dir, null));
        assertTrue(e.getMessage().contains("keepalive.deadPeer: expected a duration"), e.getMessage());
        Files.writeString(config, good.replace("\"optional\"", "\"maybe\""));
        e = assertThrows(ConfigException.class, () -> ServerConfig.read(dir, null));
        assertTrue(e.getMessage().contains("config.json: tls.clientCertificates: expected one of"), e.getMessage());
        Files.writeString(config, good.replace("\"port\": 6380", "\"prot\": 6380"));
        e = assertThrows(ConfigException.class, () -> ServerConfig.read(dir, null));
        assertTrue(e.getMessage().contains("config.json: unknown key console.prot"), e.getMessage());
        Files.writeString(config, good.replace("\"port\": 6380", "\"port\": 6380, \"metricsToken\": \"short\""));
        e = assertThrows(ConfigException.class, () -> ServerConfig.read(dir, null));
        assertTrue(e.getMessage().contains("console.metricsToken: metricsToken must have at least 16 characters"),
                e.getMessage());
        Files.writeString(config, good.replace("\"port\": 6380", "\"port\": 6380, \"idleTimeout\": \"0s\""));
        e = assertThrows(ConfigException.class, () -> ServerConfig.read(dir, null));
        assertTrue(e.getMessage().contains("console.idleTimeout"), e.getMessage());
    }

    @Test
    void uplinkSectionBecomesUplinkOptionsAndIsCheckedStrictly() throws Exception {
        ServerSetup.init(new ServerSetup.Request(dir, "home", "localhost", "127.0.0.1", 6369, "admin",
                "pw".toCharArray()));
        Path config = dir.resolve(ServerConfig.FILE_NAME);
        String good = Files.readString(config);
        Files.writeString(dir.resolve("uplink.pass"), "s3cret\n");
        String withUplink = good.replaceFirst("\\{", "{\"uplink\": {\"switchbox\": \"cloud.test:7000\", "
                + "\"account\": \"home-pub\", \"passwordFile\": \"uplink.pass\", "
                + "\"tls\": {\"trusted\": \"ca/home-root.crt\"}},");
        Files.writeString(config, withUplink);
        ServerOptions options = ServerConfig.read(dir, null);
        assertEquals("cloud.test", options.uplink().host());
        assertEquals(7000, options.uplink().port());
        assertEquals("home-pub", options.uplink().account());
        assertEquals("s3cret", options.uplink().password());
        assertEquals(java.util.List.of("home"), options.uplink().networks());
        assertTrue(!options.allowClearRelay(), "clear relaying is off unless asked for");

        Files.writeString(config, withUplink.replace("\"account\"", "\"acount\""));
        ConfigException e = assertThrows(ConfigException.class, () -> ServerConfig.read(dir, null));
        assertTrue(e.getMessage().contains("uplink.account"), e.getMessage());
        Files.writeString(config, withUplink.replace("cloud.test:7000", "cloud.test:seventy"));
        e = assertThrows(ConfigException.class, () -> ServerConfig.read(dir, null));
        assertTrue(e.getMessage().contains("uplink.switchbox"), e.getMessage());

        // a switchbox cluster: several nodes, the first is host:port and the rest are alternates
        String cluster = withUplink.replace("\"switchbox\": \"cloud.test:7000\"",
                "\"switchboxes\": [\"sb1.test:7000\", \"sb2.test\", \"[::1]:7002\"]");
        Files.writeString(config, cluster);
        options = ServerConfig.read(dir, null);
        assertEquals(java.util.List.of(new org.ioswitch.common.net.HostPort("sb1.test", 7000),
                new org.ioswitch.common.net.HostPort("sb2.test", 6372),
                new org.ioswitch.common.net.HostPort("::1", 7002)), options.uplink().switchboxes());
        Files.writeString(config, cluster.replace("\"switchboxes\"", "\"switchbox\": \"x.test\", \"switchboxes\""));
        e = assertThrows(ConfigException.class, () -> ServerConfig.read(dir, null));
        assertTrue(e.getMessage().contains("uplink.switchbox: either"), e.getMessage());
        Files.writeString(config, cluster.replace("\"sb2.test\"", "\"sb2.test:port\""));
        e = assertThrows(ConfigException.class, () -> ServerConfig.read(dir, null));
        assertTrue(e.getMessage().contains("uplink.switchboxes"), e.getMessage());
    }
}
