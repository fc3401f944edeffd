package org.ioswitch.common.wire;

import java.util.ArrayList;
import java.util.List;

/** Encodes and decodes frame payloads; the layouts are drawn in each record's javadoc. */
final class FrameCodec {
    private FrameCodec() {}

    /** Flags each type may carry in its header; other bits are a protocol error. */
    static int allowedFlags(FrameType type) {
        return switch (type) {
            case HELLO -> Hello.NEED_TRUST_BUNDLE | Hello.RELAY_CLEAR;
            case HELLO_ACK -> HelloAck.PAIRING_OPEN;
            case BLOCK_ANNOUNCE -> BlockAnnounce.STATIC;
            case DATA -> Data.COMPLETE | Data.COMPRESSED | Data.KEYFRAME;
            default -> 0;
        };
    }

    /** The whole frame, header included. */
    static byte[] encode(Frame frame) throws WireException {
        PayloadWriter w = frame instanceof Data d
                ? new PayloadWriter(frame.type(), PayloadWriter.HEADER_LENGTH + d.payloadLength())
                : new PayloadWriter(frame.type());
        write(frame, w);
        return w.frame(frame.flags());
    }

    /**
     * Encodes the frame into {@code scratch} when it fits (else into a larger array) and returns the writer, whose
     * {@link PayloadWriter#array()} then holds the whole frame in its first {@link PayloadWriter#length()} bytes.
     * A link's writer thread reuses one array this way for every DATA frame instead of allocating 64 KiB each.
     */
    static PayloadWriter encodeInto(Frame frame, byte[] scratch) throws WireException {
        int needed = frame instanceof Data d ? PayloadWriter.HEADER_LENGTH + d.payloadLength() : 0;
        PayloadWriter w = new PayloadWriter(frame.type(), scratch.length >= needed ? scratch : new byte[needed]);
        write(frame, w);
        w.header(frame.flags());
        return w;
    }

    private static void write(Frame frame, PayloadWriter w) throws WireException {
        switch (frame.type()) {
            case HELLO -> {
                Hello h = (Hello) frame;
                w.u8(h.role().code());
                w.u32(h.maxFrameSize());
                w.str("network", h.network());
            }
            case HELLO_ACK -> {
                HelloAck a = (HelloAck) frame;
                w.u16(a.version());
                w.u32(a.maxFrameSize());
                w.u32(a.keepaliveMillis());
            }
            case TRUST_REQUEST -> { }
            case TRUST_BUNDLE -> {
                TrustBundle b = (TrustBundle) frame;
                w.u16(checkCount(FrameType.TRUST_BUNDLE, "certificate count", b.derCertificates().size()));
                for (byte[] der : b.derCertificates()) {
                    w.u16(der.length);
                    w.bytes(der);
                }
            }
            case AUTH -> {
                Auth a = (Auth) frame;
                w.str("identity", a.identity());
                w.u8(a.kind().code());
                w.u16(a.credential().length);
                w.bytes(a.credential());
                w.str("boardType", a.boardType());
            }
            case AUTH_OK -> {
                AuthOk a = (AuthOk) frame;
                w.str("identity", a.identity());
                w.u8(Privilege.mask(a.privileges()));
            }
            case PAIRING_PENDING -> {
                PairingPending p = (PairingPending) frame;
                w.str("pairingCode", p.pairingCode());
            }
            case BLOCK_ANNOUNCE -> {
                BlockAnnounce b = (BlockAnnounce) frame;
                w.u16(b.blockId());
                w.str("deviceId", b.deviceId());
                w.str("blockName", b.blockName());
                w.u8(b.direction().code());
                w.u32(b.size());
            }
            case BLOCK_REMOVE -> {
                BlockRemove r = (BlockRemove) frame;
                w.u16(r.blockId());
            }
            case SUBSCRIBE -> {
                Subscribe s = (Subscribe) frame;
                w.str("deviceId", s.deviceId());
                w.str("blockName", s.blockName());
            }
            case UNSUBSCRIBE -> {
                Unsubscribe u = (Unsubscribe) frame;
                w.str("deviceId", u.deviceId());
                w.str("blockName", u.blockName());
            }
            case LIST_DEVICES -> { }
            case DEVICE_LIST -> {
                DeviceList l = (DeviceList) frame;
                w.u16(checkCount(FrameType.DEVICE_LIST, "device count", l.devices().size()));
                for (DeviceList.DeviceEntry d : l.devices()) {
                    w.str("deviceId", d.deviceId());
                    w.u8(d.online() ? 1 : 0);
                    w.u16(checkCount(FrameType.DEVICE_LIST, "block count", d.blocks().size()));
                    for (DeviceList.BlockEntry b : d.blocks()) {
                        w.str("block name", b.name());
                        w.u8(b.direction().code());
                        w.u32(b.size());
                    }
                    w.u8(d.status().cause().code());
                    w.u64(d.status().lastLiveMillis());
                    w.u8(d.status().via());
                    w.str("boardType", d.status().boardType());
                }
            }
            case DEVICE_STATUS -> {
                DeviceStatus st = (DeviceStatus) frame;
                w.str("deviceId", st.deviceId());
                w.u8(st.online() ? 1 : 0);
                w.u8(st.cause().code());
                w.u64(st.lastLiveMillis());
                w.u8(st.via());
                w.str("boardType", st.boardType());
            }
            case WRITE_RESULT -> {
                WriteResult wr = (WriteResult) frame;
                w.u16(wr.blockId());
                w.u64(wr.snapshotSeq());
                w.u8(wr.outcome().code());
                w.u64(wr.version());
                w.u64(wr.sinceMillis());
                w.str("text", wr.text());
            }
            case DATA -> {
                Data d = (Data) frame;
                w.u16(d.blockId());
                w.u64(d.snapshotSeq());
                w.u16(d.ranges().size());
                for (Range r : d.ranges()) {
                    w.u32(r.offset());
                    w.u32(r.length());
                    w.bytes(r.source(), r.from(), r.length());
                }
            }
            case ACK -> {
                Ack a = (Ack) frame;
                w.u16(a.blockId());
                w.u64(a.snapshotSeq());
                w.u8(a.status());
                w.str("text", a.text());
            }
            case CREDIT -> {
                Credit c = (Credit) frame;
                w.u32(c.bytes());
            }
            case PING -> {
                Ping p = (Ping) frame;
                w.u64(p.token());
            }
            case PONG -> {
                Pong p = (Pong) frame;
                w.u64(p.token());
            }
            case CLOSE -> {
                Close c = (Close) frame;
                w.u16(c.code().code());
                w.str("text", c.text());
            }
        }
    }

    private static int checkCount(FrameType type, String field, int n) throws WireException {
        if (n > WireLimits.U16_MAX) {
            throw new WireException(CloseCode.INTERNAL, type + ": " + field + " " + n + " exceeds 65535");
        }
        return n;
    }

    /** Decodes a HELLO payload; the version comes from the preamble. */
    static Hello decodeHello(int version, int flags, byte[] payload, WireLimits limits) throws WireException {
        PayloadReader r = new PayloadReader(FrameType.HELLO, payload);
        checkFlags(FrameType.HELLO, flags);
        Role role = Role.ofCode(r.u8("role"));
        int maxFrame = r.u32In("maxFrameSize", WireLimits.MIN_FRAME_SIZE, WireLimits.MAX_FRAME_SIZE);
        String network = r.str("network", limits.maxNameLength());
        r.expectEnd();
        return new Hello(version, role, network, flags, maxFrame);
    }

    private static void checkFlags(FrameType type, int flags) throws WireException {
        int bad = flags & ~allowedFlags(type);
        if (bad != 0) {
            throw new WireException(CloseCode.PROTOCOL_ERROR, String.format("%s: unknown flags 0x%02x", type, bad));
        }
    }

    /** Decodes a DATA payload held in {@code payload[0 .. length)}; its ranges are slices of that array. */
    static Data decodeData(int flags, byte[] payload, int length, WireLimits limits) throws WireException {
        checkFlags(FrameType.DATA, flags);
        PayloadReader r = new PayloadReader(FrameType.DATA, payload, length);
        Data d = decodeData(r, flags, limits);
        r.expectEnd();
        return d;
    }

    /** Decodes one payload of a known type; every count and length is checked against the bytes left. */
    static Frame decode(FrameType type, int flags, byte[] payload, WireLimits limits) throws WireException {
        checkFlags(type, flags);
        PayloadReader r = new PayloadReader(type, payload);
        int name = limits.maxNameLength();
        Frame f = switch (type) {
            case HELLO -> throw r.error("only allowed once, first on the connection, after the preamble");
            case HELLO_ACK -> new HelloAck(r.u16("version"),
                    r.u32In("maxFrameSize", WireLimits.MIN_FRAME_SIZE, WireLimits.MAX_FRAME_SIZE),
                    flags, r.u32In("keepaliveMillis", 0, Integer.MAX_VALUE));
            case TRUST_REQUEST -> new TrustRequest();
            case TRUST_BUNDLE -> decodeTrustBundle(r, limits);
            case AUTH -> {
                String identity = r.str("identity", name);
                CredentialKind kind = CredentialKind.ofCode(r.u8("credential kind"));
                int n = r.u16("credential length");
                if (n > limits.maxCredentialLength()) {
                    throw r.error("credential length " + n + " exceeds limit " + limits.maxCredentialLength());
                }
                yield new Auth(identity, kind, r.bytes("credential", n), r.str("boardType", name));
            }
            case AUTH_OK -> new AuthOk(r.str("identity", name), Privilege.fromMask(r.u8("privileges")));
            case PAIRING_PENDING -> new PairingPending(r.str("pairingCode", name));
            case BLOCK_ANNOUNCE -> {
                int id = r.u16("blockId");
                String device = r.str("deviceId", name);
                String block = r.str("blockName", name);
                Direction dir = Direction.ofCode(type, r.u8("direction"));
                int size = r.u32In("block " + id + " size", 1, limits.maxBlockSize());
                yield new BlockAnnounce(id, device, block, dir, size, flags);
            }
            case BLOCK_REMOVE -> new BlockRemove(r.u16("blockId"));
            case SUBSCRIBE -> new Subscribe(r.str("deviceId", name), r.str("blockName", name));
            case UNSUBSCRIBE -> new Unsubscribe(r.str("deviceId", name), r.str("blockName", name));
            case LIST_DEVICES -> new ListDevices();
            case DEVICE_LIST -> decodeDeviceList(r, limits);
            case DATA -> decodeData(r, flags, limits);
            case ACK -> new Ack(r.u16("blockId"), r.u64("snapshotSeq"), r.u8("status"),
                    r.str("text", limits.maxTextLength()));
            case DEVICE_STATUS -> {
                String device = r.str("deviceId", name);
                boolean online = flag(r, "online");
                yield deviceStatus(FrameType.DEVICE_STATUS, r, device, online, name);
            }
            case WRITE_RESULT -> new WriteResult(r.u16("blockId"), r.u64("snapshotSeq"),
                    WriteOutcome.ofCode(r.u8("outcome")), r.u64("version"), r.u64("sinceMillis"),
                    r.str("text", limits.maxTextLength()));
            case CREDIT -> new Credit(r.u32In("bytes", 1, Integer.MAX_VALUE));
            case PING -> new Ping(r.u64("token"));
            case PONG -> new Pong(r.u64("token"));
            case CLOSE -> new Close(CloseCode.ofCode(r.u16("code")), r.str("text", limits.maxTextLength()));
        };
        r.expectEnd();
        return f;
    }

    private static TrustBundle decodeTrustBundle(PayloadReader r, WireLimits limits) throws WireException {
        int count = r.u16("certificate count");
        if (count > limits.maxCertificates()) {
            throw r.error("certificate count " + count + " exceeds limit " + limits.maxCertificates());
        }
        List<byte[]> certs = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            int n = r.u16("certificate " + i + " length");
            if (n == 0) {
                throw r.error("certificate " + i + " is empty");
            }
            certs.add(r.bytes("certificate " + i, n));
        }
        return new TrustBundle(certs);
    }

    private static DeviceList decodeDeviceList(PayloadReader r, WireLimits limits) throws WireException {
        int count = r.u16("device count");
        if (count > limits.maxDevices()) {
            throw r.error("device count " + count + " exceeds limit " + limits.maxDevices());
        }
        // each device needs at least 17 bytes (empty id, online, block count, cause, last live, via, empty board):
        // check before sizing the list
        if ((long) count * 17 > r.remaining()) {
            throw r.error("device count " + count + " needs at least " + count * 17L + " bytes, " + r.remaining()
                    + " left");
        }
        List<DeviceList.DeviceEntry> devices = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            String id = r.str("device " + i + " id", limits.maxNameLength());
            int online = r.u8("device " + id + " online");
            if (online > 1) {
                throw r.error("device " + id + " online must be 0 or 1, was " + online);
            }
            int blocks = r.u16("device " + id + " block count");
            if (blocks > limits.maxBlocksPerDevice()) {
                throw r.error("device " + id + " block count " + blocks + " exceeds limit " + limits.maxBlocksPerDevice());
            }
            if ((long) blocks * 7 > r.remaining()) {
                throw r.error("device " + id + " block count " + blocks + " needs at least " + blocks * 7L
                        + " bytes, " + r.remaining() + " left");
            }
            List<DeviceList.BlockEntry> entries = new ArrayList<>(blocks);
            for (int b = 0; b < blocks; b++) {
                String bn = r.str("device " + id + " block " + b + " name", limits.maxNameLength());
                Direction dir = Direction.ofCode(FrameType.DEVICE_LIST, r.u8("block " + bn + " direction"));
                int size = r.u32In("device " + id + " block " + bn + " size", 1, limits.maxBlockSize());
                entries.add(new DeviceList.BlockEntry(bn, dir, size));
            }
            devices.add(new DeviceList.DeviceEntry(id, entries, online == 1,
                    deviceStatus(FrameType.DEVICE_LIST, r, id, online == 1, limits.maxNameLength())));
        }
        return new DeviceList(devices);
    }

    private static boolean flag(PayloadReader r, String field) throws WireException {
        int v = r.u8(field);
        if (v > 1) {
            throw r.error(field + " must be 0 or 1, was " + v);
        }
        return v == 1;
    }

    /** The fields after deviceId and online, shared by DEVICE_STATUS and each DEVICE_LIST entry. */
    private static DeviceStatus deviceStatus(FrameType type, PayloadReader r, String device, boolean online,
                                             int maxName) throws WireException {
        OfflineCause cause = OfflineCause.ofCode(type, r.u8("device " + device + " cause"));
        if (online != (cause == OfflineCause.NONE)) {
            throw r.error("device " + device + ": cause " + cause + " does not fit online=" + online);
        }
        long lastLive = r.u64("device " + device + " lastLiveMillis");
        int via = r.u8("device " + device + " via");
        if (via > DeviceStatus.VIA_SWITCHBOX) {
            throw r.error("device " + device + ": via must be 0..2, was " + via);
        }
        return new DeviceStatus(device, online, cause, lastLive, via, r.str("boardType", maxName));
    }

    private static Data decodeData(PayloadReader r, int flags, WireLimits limits) throws WireException {
        int blockId = r.u16("blockId");
        long seq = r.u64("snapshotSeq");
        int count = r.u16("range count");
        if (count > limits.maxRanges()) {
            throw r.error("block " + blockId + ": range count " + count + " exceeds limit " + limits.maxRanges());
        }
        if ((long) count * Data.RANGE_OVERHEAD > r.remaining()) {
            throw r.error("block " + blockId + ": " + count + " ranges need at least "
                    + count * (long) Data.RANGE_OVERHEAD + " bytes, " + r.remaining() + " left");
        }
        List<Range> ranges = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            // Field names are built only for an error: per range on a 1 MiB block they cost as much as the copy.
            if (r.remaining() < Data.RANGE_OVERHEAD) {
                throw r.error("block " + blockId + " range " + i + " header needs " + Data.RANGE_OVERHEAD + " bytes, "
                        + r.remaining() + " left");
            }
            long offset = r.u32("range offset");
            long length = r.u32("range length");
            if (length == 0) {
                throw r.error("block " + blockId + ": range " + i + " at " + offset + " is empty");
            }
            if (length > r.remaining()) {
                throw r.error("block " + blockId + ": range " + offset + "+" + length + " needs " + length
                        + " bytes, " + r.remaining() + " left");
            }
            // compressed ranges decode to a different length; the block checks that against its real size
            if ((flags & Data.COMPRESSED) == 0 && offset + length > limits.maxBlockSize()) {
                throw r.error("block " + blockId + ": range " + offset + "+" + length + " exceeds max block size "
                        + limits.maxBlockSize());
            }
            if (offset >= limits.maxBlockSize()) {
                throw r.error("block " + blockId + ": range offset " + offset + " exceeds max block size "
                        + limits.maxBlockSize());
            }
            // A slice of the payload, which belongs to this frame alone: no copy per range.
            ranges.add(new Range((int) offset, r.payload(), r.skip("range bytes", (int) length), (int) length));
        }
        return new Data(blockId, seq, flags, ranges);
    }
}
