package org.ioswitch.common.tls;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.security.GeneralSecurityException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import javax.net.ssl.SSLSession;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;
import org.ioswitch.common.log.PeerLog;

/**
 * Looks at a TLS server without judging it: one handshake that accepts any certificate, to show what the server
 * presents and what it negotiates ({@code ioswitch doctor}). Never used to carry data: nothing is sent.
 */
public final class TlsProbe {
    /** What the server showed: its chain (leaf first), and protocol and suite when the handshake completed. */
    public record Seen(List<X509Certificate> chain, String protocol, String cipherSuite, String failure) {
        /** True when the handshake completed. */
        public boolean completed() {
            return failure == null;
        }
    }

    private TlsProbe() {
    }

    /**
     * Connects to {@code host:port}, runs a handshake with {@code options}' protocols and suites (and its client
     * certificate, if any) and records the presented chain whatever it is.
     *
     * @throws IOException when TCP fails or no certificate was presented at all
     */
    public static Seen look(String host, int port, TlsOptions options, Duration timeout) throws IOException {
        AtomicReference<List<X509Certificate>> presented = new AtomicReference<>(List.of());
        X509TrustManager recorder = new X509TrustManager() {
            @Override
            public void checkClientTrusted(X509Certificate[] chain, String authType) {
                // a client never checks clients
            }

            @Override
            public void checkServerTrusted(X509Certificate[] chain, String authType) {
                presented.set(List.of(chain));
            }

            @Override
            public X509Certificate[] getAcceptedIssuers() {
                return new X509Certificate[0];
            }
        };
        javax.net.ssl.KeyManager[] keys;
        javax.net.ssl.SSLContext context;
        try {
            keys = options.hasKeyMaterial() ? TlsMaterial.load(options, false, new PeerLog()).keyManagers : null;
            context = BcTls.newContext(keys, new TrustManager[] {recorder});
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot set up the probe: " + e.getMessage(), e);
        } catch (TlsSetupException e) {
            throw new IOException(e.getMessage(), e);
        }
        Socket tcp = new Socket();
        try {
            tcp.connect(new InetSocketAddress(host, port), TlsContext.timeoutMillis(timeout));
        } catch (SocketTimeoutException e) {
            tcp.close();
            throw new SocketTimeoutException("TCP connect to " + host + ":" + port + " timed out after " + timeout);
        } catch (IOException e) {
            tcp.close();
            throw new IOException("TCP connect to " + host + ":" + port + " failed: " + e.getMessage(), e);
        }
        try (SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket(tcp, host, port, true)) {
            socket.setUseClientMode(true);
            javax.net.ssl.SSLParameters params = socket.getSSLParameters();
            params.setProtocols(options.protocols().toArray(new String[0]));
            params.setCipherSuites(options.cipherSuites().toArray(new String[0]));
            socket.setSSLParameters(params);
            socket.setSoTimeout(TlsContext.timeoutMillis(timeout));
            try {
                socket.startHandshake();
            } catch (IOException e) {
                if (presented.get().isEmpty()) {
                    short alert = AlertHints.receivedAlert(e);
                    throw new IOException("TLS handshake with " + host + ":" + port + " failed before the server "
                            + "showed a certificate: " + (alert >= 0 ? AlertHints.explain(alert, false)
                                    : TlsContext.reason(e)), e);
                }
                return new Seen(presented.get(), null, null, TlsContext.reason(e));
            }
            SSLSession session = socket.getSession();
            return new Seen(presented.get(), session.getProtocol(), session.getCipherSuite(), null);
        }
    }
}
