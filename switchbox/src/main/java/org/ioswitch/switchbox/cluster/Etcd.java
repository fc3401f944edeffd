package org.ioswitch.switchbox.cluster;

import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.Client;
import io.etcd.jetcd.ClientBuilder;
import io.netty.handler.ssl.ApplicationProtocolConfig;
import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.IdentityCipherSuiteFilter;
import io.netty.handler.ssl.JdkSslContext;
import java.nio.charset.StandardCharsets;
import java.security.Security;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.bouncycastle.jsse.provider.BouncyCastleJsseProvider;
import org.ioswitch.common.tls.TlsClientContext;
import org.ioswitch.common.tls.TlsSetupException;
import org.ioswitch.common.wire.CloseCode;
import org.ioswitch.common.wire.WireException;

/**
 * The etcd client of one node and the one way to wait for an etcd answer: within {@code etcdTimeout}, or the registry
 * counts as unavailable. TLS to etcd uses our own {@code tls} block (BC-TLS, our trust roots, our key formats) through
 * netty's wrapper of a JDK {@code SSLContext}; gRPC needs ALPN {@code h2}.
 */
final class Etcd implements AutoCloseable {
    private final Client client;
    private final TlsClientContext tls;
    private final long timeoutMillis;

    private Etcd(Client client, TlsClientContext tls, long timeoutMillis) {
        this.client = client;
        this.tls = tls;
        this.timeoutMillis = timeoutMillis;
    }

    /** A client of the configured members; connects lazily. */
    static Etcd open(ClusterOptions options) throws TlsSetupException {
        ClientBuilder b = Client.builder().endpoints(options.etcdEndpoints().toArray(new java.net.URI[0]))
                .connectTimeout(options.etcdTimeout())
                .keepaliveTime(java.time.Duration.ofSeconds(2))
                .keepaliveTimeout(options.etcdTimeout())
                .retryMaxDuration(options.etcdTimeout());
        TlsClientContext tls = null;
        if (options.etcdTls().isPresent()) {
            tls = TlsClientContext.open(options.etcdTls().get());
            // netty drives ALPN on a BC-TLS engine through BCJSSE's own API, which it finds by provider name; appended
            // last, the provider changes no default (SSLContext.getInstance("TLS") stays the JDK's)
            synchronized (Security.class) {
                if (Security.getProvider("BCJSSE") == null) {
                    Security.addProvider(new BouncyCastleJsseProvider());
                }
            }
            ApplicationProtocolConfig alpn = new ApplicationProtocolConfig(ApplicationProtocolConfig.Protocol.ALPN,
                    ApplicationProtocolConfig.SelectorFailureBehavior.NO_ADVERTISE,
                    ApplicationProtocolConfig.SelectedListenerFailureBehavior.ACCEPT, "h2");
            b.sslContext(new JdkSslContext(tls.sslContext(), true, null, IdentityCipherSuiteFilter.INSTANCE, alpn,
                    ClientAuth.NONE, null, false));
        }
        return new Etcd(b.build(), tls, options.etcdTimeout().toMillis());
    }

    Client client() {
        return client;
    }

    /** The answer of one etcd call, or REGISTRY_UNAVAILABLE naming what did not answer. */
    <T> T await(CompletableFuture<T> call, String what) throws WireException {
        try {
            return call.get(timeoutMillis, TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            call.cancel(true);
            throw new WireException(CloseCode.REGISTRY_UNAVAILABLE, "registry unavailable: etcd did not answer "
                    + what + " within " + timeoutMillis + " ms");
        } catch (ExecutionException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            throw new WireException(CloseCode.REGISTRY_UNAVAILABLE, "registry unavailable: " + what + ": "
                    + cause.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new WireException(CloseCode.REGISTRY_UNAVAILABLE, "registry unavailable: interrupted during "
                    + what);
        }
    }

    static ByteSequence bytes(String s) {
        return ByteSequence.from(s, StandardCharsets.UTF_8);
    }

    static String text(ByteSequence b) {
        return b.toString(StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        client.close();
        if (tls != null) {
            tls.close();
        }
    }
}
