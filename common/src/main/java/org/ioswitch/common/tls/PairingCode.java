package org.ioswitch.common.tls;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import javax.net.ssl.SSLException;
import org.bouncycastle.jsse.BCSSLConnection;
import org.bouncycastle.jsse.BCSSLSocket;
import org.bouncycastle.tls.ConnectionEnd;
import org.bouncycastle.tls.SecurityParameters;
import org.bouncycastle.tls.TlsContext;

/**
 * The six-digit code both ends of one TLS session derive from it, so that a man in the middle, who terminates two
 * sessions, shows different codes on the two sides:
 * <pre>
 *   SHA-256("EXPORTER-ioswitch-pairing" | client random | server random | client Finished | server Finished)
 *   first 8 bytes as an unsigned number, mod 10^6, shown as 482-193
 * </pre>
 * Why not the RFC 5705/8446 exporter: BouncyCastle 1.84 wipes the exporter secret when the handshake completes and
 * exports only from inside {@code notifyHandshakeComplete()}, which JSSE does not reach. The Finished messages cover
 * the whole handshake transcript (both key shares and the certificates), so they bind the code to the session as
 * firmly. Device and server both call this one class, so they cannot drift apart.
 */
public final class PairingCode {
    /** The label hashed in first. */
    public static final String LABEL = "EXPORTER-ioswitch-pairing";

    private PairingCode() {
    }

    /**
     * The code of this connection as six digits, e.g. {@code 482193}.
     *
     * @throws SSLException if the TLS provider does not expose the handshake values
     */
    public static String derive(TlsConnection connection) throws SSLException {
        SecurityParameters sp = parameters(connection);
        boolean server = sp.getEntity() == ConnectionEnd.server;
        byte[] clientFinished = server ? sp.getPeerVerifyData() : sp.getLocalVerifyData();
        byte[] serverFinished = server ? sp.getLocalVerifyData() : sp.getPeerVerifyData();
        if (sp.getClientRandom() == null || sp.getServerRandom() == null || clientFinished == null
                || serverFinished == null) {
            throw new SSLException("the TLS handshake values for the pairing code are not available");
        }
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(LABEL.getBytes(StandardCharsets.US_ASCII));
            sha.update(sp.getClientRandom());
            sha.update(sp.getServerRandom());
            sha.update(clientFinished);
            sha.update(serverFinished);
            return fromBytes(sha.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JDK", e);
        }
    }

    /** BC keeps the connection's security parameters behind a non-public accessor of its connection object. */
    private static SecurityParameters parameters(TlsConnection connection) throws SSLException {
        if (!(connection.socket() instanceof BCSSLSocket bc) || bc.getConnection() == null) {
            throw new SSLException("no BouncyCastle TLS connection to derive a pairing code from");
        }
        BCSSLConnection c = bc.getConnection();
        try {
            Method m = null;
            for (Class<?> k = c.getClass(); k != null && m == null; k = k.getSuperclass()) {
                try {
                    m = k.getDeclaredMethod("getTlsContext");
                } catch (NoSuchMethodException e) {
                    // Look further up.
                }
            }
            if (m == null) {
                throw new NoSuchMethodException(c.getClass().getName() + ".getTlsContext()");
            }
            m.setAccessible(true);
            SecurityParameters sp = ((TlsContext) m.invoke(c)).getSecurityParametersConnection();
            if (sp == null) {
                throw new SSLException("the TLS handshake is not complete");
            }
            return sp;
        } catch (InvocationTargetException e) {
            throw new SSLException("cannot read the TLS handshake values: " + e.getCause(), e.getCause());
        } catch (ReflectiveOperationException | RuntimeException e) {
            throw new SSLException("this TLS provider does not expose the handshake values: " + e, e);
        }
    }

    /** Six digits from the first 8 bytes of {@code value}, read as an unsigned number. */
    static String fromBytes(byte[] value) {
        long v = ByteBuffer.wrap(value, 0, 8).getLong();
        return String.format("%06d", Long.remainderUnsigned(v, 1_000_000L));
    }

    /** How people see a code: {@code 482-193}. */
    public static String display(String code) {
        return code.length() == 6 ? code.substring(0, 3) + "-" + code.substring(3) : code;
    }

    /**
     * A code as an admin typed it ({@code 482193}, {@code 482-193}, {@code 482 193}) as six digits.
     *
     * @throws IllegalArgumentException naming what was expected
     */
    public static String normalize(String typed) {
        String digits = typed == null ? "" : typed.replace("-", "").replace(" ", "");
        if (!digits.matches("\\d{6}")) {
            throw new IllegalArgumentException("pairing code: expected 6 digits like 482193 or 482-193, got \""
                    + typed + "\"");
        }
        return digits;
    }

    /** Compares two codes in constant time. */
    public static boolean same(String a, String b) {
        return MessageDigest.isEqual(a.getBytes(StandardCharsets.US_ASCII), b.getBytes(StandardCharsets.US_ASCII));
    }
}
