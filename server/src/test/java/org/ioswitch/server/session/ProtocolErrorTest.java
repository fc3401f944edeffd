package org.ioswitch.server.session;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.List;
import org.ioswitch.common.wire.BlockAnnounce;
import org.ioswitch.common.wire.Close;
import org.ioswitch.common.wire.CloseCode;
import org.ioswitch.common.wire.DeviceList;
import org.ioswitch.common.wire.Direction;
import org.ioswitch.common.wire.HelloAck;
import org.ioswitch.common.wire.ListDevices;
import org.ioswitch.common.wire.Role;
import org.ioswitch.common.wire.Subscribe;
import org.ioswitch.server.account.AccountKind;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The home server's end of each role refuses a frame outside its row of the protocol table, naming frame and state. */
class ProtocolErrorTest {
    @TempDir
    Path dir;
    ServerFixture f;

    @BeforeEach
    void setUp() throws Exception {
        f = new ServerFixture(dir).account("home", "gina3", AccountKind.DEVICE, "dev-pw")
                .account("home", "alice", AccountKind.USER, "alice-pw").start();
    }

    @AfterEach
    void tearDown() {
        f.close();
    }

    @Test
    void aDeviceThatSubscribesIsClosedWithAProtocolErrorAndOthersGoOn() throws Exception {
        try (ScriptedPeer device = ScriptedPeer.login(f, Role.DEVICE, "home", "gina3.home", "dev-pw");
             ScriptedPeer operator = ScriptedPeer.login(f, Role.OPERATOR, "home", "alice", "alice-pw")) {
            device.send(new Subscribe("gina3", "exp"));
            Close c = device.expectClose();
            assertEquals(CloseCode.PROTOCOL_ERROR, c.code());
            assertEquals("SUBSCRIBE is not allowed in state LIVE (device session)", c.text());
            operator.send(new ListDevices());
            operator.expect(DeviceList.class);
        }
    }

    @Test
    void anOperatorThatAnnouncesABlockIsClosedWithAProtocolError() throws Exception {
        try (ScriptedPeer operator = ScriptedPeer.login(f, Role.OPERATOR, "home", "alice", "alice-pw")) {
            operator.send(new BlockAnnounce(0, "alice.home", "exp", Direction.UP, 32, 0));
            Close c = operator.expectClose();
            assertEquals(CloseCode.PROTOCOL_ERROR, c.code());
            assertEquals("BLOCK_ANNOUNCE is not allowed in state LIVE (operator session)", c.text());
        }
    }

    @Test
    void aFrameInsteadOfAuthIsAProtocolErrorNamingStateAuth() throws Exception {
        try (ScriptedPeer operator = ScriptedPeer.connect(f)) {
            operator.hello(Role.OPERATOR, "home");
            operator.expect(HelloAck.class);
            operator.send(new DeviceList(List.of()));
            Close c = operator.expectClose();
            assertEquals(CloseCode.PROTOCOL_ERROR, c.code());
            assertEquals("DEVICE_LIST is not allowed in state AUTH (operator session)", c.text());
        }
    }
}
