package org.ioswitch.common.wire;

/** What the credential bytes of an AUTH frame are. */
public enum CredentialKind {
    /** A user's password, UTF-8; sent only inside TLS to a verified server. */
    PASSWORD(1),
    /** The random secret a device generated on its first start. */
    DEVICE_SECRET(2),
    /** The TLS client certificate authenticates; the credential bytes are empty. */
    CERTIFICATE(3);

    private final int code;

    CredentialKind(int code) {
        this.code = code;
    }

    /** The u8 code on the wire. */
    public int code() {
        return code;
    }

    static CredentialKind ofCode(int code) throws WireException {
        for (CredentialKind k : values()) {
            if (k.code == code) {
                return k;
            }
        }
        throw new WireException(CloseCode.PROTOCOL_ERROR, "AUTH: unknown credential kind " + code + ", expected 1..3");
    }
}
