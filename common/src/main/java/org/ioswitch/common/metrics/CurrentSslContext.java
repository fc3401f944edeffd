package org.ioswitch.common.metrics;

import java.security.KeyManagementException;
import java.security.SecureRandom;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLContextSpi;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLServerSocketFactory;
import javax.net.ssl.SSLSessionContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManager;
import org.ioswitch.common.tls.TlsServerContext;

/**
 * An {@link SSLContext} that is always the {@link TlsServerContext}'s current one: every engine comes from the context
 * of the latest material generation. The JDK's HTTPS server takes its context once, before it starts, so this is how
 * a rotated certificate reaches the next console or metrics connection without a restart (DESIGN §4 hot rotation).
 */
final class CurrentSslContext extends SSLContextSpi {
    private final TlsServerContext tls;

    private CurrentSslContext(TlsServerContext tls) {
        this.tls = tls;
    }

    /** A context that follows {@code tls} through reloads. */
    static SSLContext of(TlsServerContext tls) {
        SSLContext now = tls.sslContext();
        return new SSLContext(new CurrentSslContext(tls), now.getProvider(), now.getProtocol()) {
        };
    }

    @Override
    protected void engineInit(KeyManager[] km, TrustManager[] tm, SecureRandom random)
            throws KeyManagementException {
        throw new KeyManagementException("initialized from the TLS files, not by hand");
    }

    @Override
    protected SSLSocketFactory engineGetSocketFactory() {
        return tls.sslContext().getSocketFactory();
    }

    @Override
    protected SSLServerSocketFactory engineGetServerSocketFactory() {
        return tls.sslContext().getServerSocketFactory();
    }

    @Override
    protected SSLEngine engineCreateSSLEngine() {
        return tls.sslContext().createSSLEngine();
    }

    @Override
    protected SSLEngine engineCreateSSLEngine(String host, int port) {
        return tls.sslContext().createSSLEngine(host, port);
    }

    @Override
    protected SSLSessionContext engineGetServerSessionContext() {
        return tls.sslContext().getServerSessionContext();
    }

    @Override
    protected SSLSessionContext engineGetClientSessionContext() {
        return tls.sslContext().getClientSessionContext();
    }
}
