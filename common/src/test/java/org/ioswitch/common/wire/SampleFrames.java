package org.ioswitch.common.wire;

import java.nio.charset.StandardCharsets;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/** One or more valid frames of every type, for round trips, truncation and fuzzing. */
final class SampleFrames {
    private SampleFrames() {}

    static Hello hello() {
        return new Hello(Hello.VERSION, Role.DEVICE, "pekkahome", Hello.NEED_TRUST_BUNDLE, 65536);
    }

    /** Every frame type except HELLO (which has its own preamble). */
    static List<Frame> all() {
        return List.of(
                new HelloAck(1, 65536, HelloAck.PAIRING_OPEN, 10_000),
                new TrustRequest(),
                new TrustBundle(List.of(new byte[] {0x30, 0x03, 1, 2, 3}, new byte[] {0x30, 0x01, 9})),
                new Auth("gina*.pekkahome", CredentialKind.DEVICE_SECRET, new byte[] {1, 2, 3, 4, 5, 6, 7, 8}, "gina"),
                new Auth("pekka", CredentialKind.PASSWORD, "sälasana".getBytes(StandardCharsets.UTF_8), ""),
                new AuthOk("gina7.pekkahome", EnumSet.of(Privilege.DEVICE)),
                new AuthOk("pekka", Set.of(Privilege.USER, Privilege.ADMIN)),
                new PairingPending("482 913"),
                new BlockAnnounce(3, "gina7.pekkahome", "exp", Direction.UP, 64, 0),
                new BlockAnnounce(4, "gina7.pekkahome", "info", Direction.UP, 1200, BlockAnnounce.STATIC),
                new BlockRemove(3),
                new Subscribe("gina7.pekkahome", "exp"),
                new Unsubscribe("gina7.pekkahome", "exp"),
                new ListDevices(),
                new DeviceList(List.of(
                        new DeviceList.DeviceEntry("gina7.pekkahome", List.of(
                                new DeviceList.BlockEntry("exp", Direction.UP, 64),
                                new DeviceList.BlockEntry("imp", Direction.DOWN, 32)), true),
                        new DeviceList.DeviceEntry("candy1.pekkahome", List.of(), false),
                        new DeviceList.DeviceEntry("candy2.pekkahome", List.of(), false, new DeviceStatus(
                                "candy2.pekkahome", false, OfflineCause.CLOSED_BY_DEVICE, 99, DeviceStatus.VIA_DIRECT,
                                "pi4")))),
                new Data(3, 42, Data.COMPLETE, List.of(new Range(0, new byte[] {1, 2}), new Range(40, new byte[] {7, 7, 7}))),
                new Data(3, 43, Data.KEYFRAME | Data.COMPRESSED, List.of(new Range(8, new byte[] {2, 5, 6, 3}))),
                new Data(3, 44, Data.COMPLETE, List.of()),
                new Ack(5, 17, Ack.ACCEPTED, ""),
                new Ack(5, 18, Ack.NOT_AUTHORIZED, "pekka may not write conf_imp"),
                new Ack(1, 0x1234_5678_9ABCL, Ack.REJECTED, "setpoint 40.0 outside 5..35"),
                new WriteResult(5, 17, WriteOutcome.APPLIED, 0x0191_2345_6789_0001L, 0, "applied"),
                new WriteResult(5, 19, WriteOutcome.PENDING, 42, 1_764_770_531_000L, "device offline"),
                new DeviceStatus("gina7.pekkahome", false, OfflineCause.KEEPALIVE_TIMEOUT, 1_764_770_531_000L,
                        DeviceStatus.VIA_SWITCHBOX, "simulator"),
                new DeviceStatus("gina8.pekkahome", true, OfflineCause.NONE, 1L, DeviceStatus.VIA_DIRECT, ""),
                new Credit(65536),
                new Ping(0x0102030405060708L),
                new Pong(-1L),
                new Close(CloseCode.AUTH_FAILED, "bad password for pekka"),
                new Close(CloseCode.NORMAL, ""));
    }
}
