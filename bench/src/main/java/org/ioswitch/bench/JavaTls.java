package org.ioswitch.bench;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.security.KeyStore;
import java.security.Provider;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import org.ioswitch.certs.ca.Issued;
import org.ioswitch.certs.ca.OrgCa;

/** One Java TLS stack (client and server contexts from the same provider) moving bulk data over loopback. */
final class JavaTls {
    static final String PROTOCOL = "TLSv1.3";
    static final String SUITE = "TLS_AES_128_GCM_SHA256";
    static final int CHUNK = 64 * 1024;

    private final String name;
    private final SSLContext server;
    private final SSLContext client;
    private String negotiated = "?";
    private volatile Exception serverFailure;

    private JavaTls(String name, SSLContext server, SSLContext client) {
        this.name = name;
        this.server = server;
        this.client = client;
    }

    /** Ready-made contexts, e.g. the ones {@code common.tls} builds. */
    static JavaTls of(String name, SSLContext server, SSLContext client) {
        return new JavaTls(name, server, client);
    }

    /** Contexts from {@code providerOrNull} (null: the JDK's SunJSSE) with the server key and the org root trusted. */
    static JavaTls create(String name, Provider providerOrNull, OrgCa ca, Issued serverKey) throws Exception {
        char[] pw = "bench".toCharArray();
        KeyStore keys = KeyStore.getInstance("PKCS12");
        keys.load(null, null);
        keys.setKeyEntry("server", serverKey.privateKey(), pw,
                serverKey.chain().toArray(new java.security.cert.Certificate[0]));
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry("root", ca.certificate());
        // Key and trust manager factories come from the same provider object as the SSLContext.
        KeyManagerFactory kmf = providerOrNull == null ? KeyManagerFactory.getInstance("PKIX")
                : KeyManagerFactory.getInstance("PKIX", providerOrNull);
        kmf.init(keys, pw);
        TrustManagerFactory tmf = providerOrNull == null ? TrustManagerFactory.getInstance("PKIX")
                : TrustManagerFactory.getInstance("PKIX", providerOrNull);
        tmf.init(trust);
        SSLContext s = providerOrNull == null ? SSLContext.getInstance(PROTOCOL)
                : SSLContext.getInstance(PROTOCOL, providerOrNull);
        // An explicit SecureRandom: BCJSSE on JCA crypto cannot find a DEFAULT one without BC registered.
        s.init(kmf.getKeyManagers(), tmf.getTrustManagers(), new SecureRandom());
        SSLContext c = providerOrNull == null ? SSLContext.getInstance(PROTOCOL)
                : SSLContext.getInstance(PROTOCOL, providerOrNull);
        c.init(null, tmf.getTrustManagers(), new SecureRandom());
        return new JavaTls(name, s, c);
    }

    String name() {
        return name;
    }

    /** Protocol, suite and provider seen on the last connection. */
    String negotiated() {
        return negotiated;
    }

    /**
     * One connection: handshake (not timed), {@code warm} of writes, then {@code measure} of writes. Returns MiB/s as
     * counted by the receiving side during the measured window.
     */
    double run(Duration warm, Duration measure, ExecutorService threads) throws Exception {
        InetAddress loopback = InetAddress.getLoopbackAddress();
        try (SSLServerSocket ss = (SSLServerSocket) server.getServerSocketFactory().createServerSocket(0, 1, loopback)) {
            SSLParameters sp = ss.getSSLParameters();
            sp.setProtocols(new String[] {PROTOCOL});
            sp.setCipherSuites(new String[] {SUITE});
            sp.setUseCipherSuitesOrder(true);
            ss.setSSLParameters(sp);
            AtomicLong received = new AtomicLong();
            CompletableFuture<Void> reader = CompletableFuture.runAsync(() -> {
                try (SSLSocket peer = (SSLSocket) ss.accept(); InputStream in = peer.getInputStream()) {
                    byte[] buf = new byte[CHUNK];
                    for (int n = in.read(buf); n > 0; n = in.read(buf)) {
                        received.addAndGet(n);
                    }
                } catch (Exception e) {
                    serverFailure = e;
                    throw new IllegalStateException(name + " server: " + e, e);
                }
            }, threads);
            double mibs;
            try (SSLSocket c = (SSLSocket) client.getSocketFactory().createSocket(loopback, ss.getLocalPort())) {
                c.setEnabledProtocols(new String[] {PROTOCOL});
                c.setEnabledCipherSuites(new String[] {SUITE});
                try {
                    c.startHandshake();
                } catch (java.io.IOException e) {
                    reader.handle((v, x) -> null).get(10, TimeUnit.SECONDS);
                    throw new java.io.IOException(name + ": handshake failed; client: " + e + "; server: "
                            + serverFailure, serverFailure != null ? serverFailure : e);
                }
                negotiated = c.getSession().getProtocol() + " " + c.getSession().getCipherSuite();
                OutputStream out = c.getOutputStream();
                byte[] chunk = new byte[CHUNK];
                new SecureRandom().nextBytes(chunk);
                writeFor(out, chunk, warm);
                long b0 = received.get();
                long t0 = System.nanoTime();
                writeFor(out, chunk, measure);
                long b1 = received.get();
                long t1 = System.nanoTime();
                mibs = (b1 - b0) / 1048576.0 / ((t1 - t0) / 1e9);
            }
            reader.get(30, TimeUnit.SECONDS);
            return mibs;
        }
    }

    static void writeFor(OutputStream out, byte[] chunk, Duration d) throws java.io.IOException {
        long end = System.nanoTime() + d.toNanos();
        while (System.nanoTime() < end) {
            out.write(chunk);
        }
    }

    static List<String> describeProviders() {
        try {
            return List.of("AES/GCM Cipher provider (JCA default): "
                    + javax.crypto.Cipher.getInstance("AES/GCM/NoPadding").getProvider().getName());
        } catch (Exception e) {
            return List.of("AES/GCM Cipher: " + e);
        }
    }
}
