package org.ioswitch.common.wire;

/**
 * Why a device is not connected, as the server saw its last session end; operators show it beside stale values
 * ({@code 42 stale 3m12s (device gone: keepalive timeout)}).
 */
public enum OfflineCause {
    /** The device is online. */
    NONE(0, "online"),
    /** The device closed its session with a close frame (a clean stop). */
    CLOSED_BY_DEVICE(1, "closed by the device"),
    /** The device went silent and the server dropped it after the dead-peer time. */
    KEEPALIVE_TIMEOUT(2, "keepalive timeout"),
    /** The connection broke without a close frame (crash, reset, network). */
    NETWORK_ERROR(3, "network error"),
    /** The server is shutting down. */
    SERVER_SHUTDOWN(4, "server shutting down"),
    /** The device's account or pairing was reset or removed on the server. */
    DEVICE_RESET(5, "device reset"),
    /** The server knows the device from its state directory but it has not connected since the server started. */
    NOT_SEEN_SINCE_START(6, "not seen since the server started"),
    /** The server closed the session (protocol error, revoked certificate, limit). */
    CLOSED_BY_SERVER(7, "closed by the server");

    private final int code;
    private final String text;

    OfflineCause(int code, String text) {
        this.code = code;
        this.text = text;
    }

    /** The u8 code on the wire. */
    public int code() {
        return code;
    }

    /** How operators read it: {@code keepalive timeout}. */
    public String text() {
        return text;
    }

    static OfflineCause ofCode(FrameType type, int code) throws WireException {
        for (OfflineCause c : values()) {
            if (c.code == code) {
                return c;
            }
        }
        throw new WireException(CloseCode.PROTOCOL_ERROR, type + ": unknown offline cause " + code);
    }
}
