package org.ioswitch.bench;

import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocketFactory;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.MqttCallback;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;

/**
 * One stamped 8-byte message publisher → broker → subscriber over MQTT (Eclipse Paho, QoS 0, TLS), one in flight: the
 * MQTT counterpart of {@link SignalProbe}. The publisher writes {@code System.nanoTime()} as the payload; the
 * subscriber's callback records the arrival.
 */
final class MqttProbe implements AutoCloseable {
    static final String TOPIC = "ioswitch-bench/stamp";
    private final String what;
    private final MqttClient publisher;
    private final MqttClient subscriber;
    private final BlockingQueue<Arrival> arrivals = new LinkedBlockingQueue<>();

    /** Connects a publisher and a subscriber to the broker at 127.0.0.1:{@code port} with {@code tls}. */
    MqttProbe(int port, SSLContext tls, String what) throws MqttException {
        this.what = what;
        String uri = "ssl://127.0.0.1:" + port;
        subscriber = new MqttClient(uri, "bench-sub", new MemoryPersistence());
        subscriber.setCallback(new MqttCallback() {
            @Override
            public void messageArrived(String topic, MqttMessage message) {
                long now = System.nanoTime();
                byte[] p = message.getPayload();
                if (p.length == 8) {
                    arrivals.add(new Arrival(RawTls.readLong(p), now));
                }
            }

            @Override
            public void connectionLost(Throwable cause) {
                // The next await times out and names the path.
            }

            @Override
            public void deliveryComplete(IMqttDeliveryToken token) {
                // QoS 0: nothing to track.
            }
        });
        publisher = new MqttClient(uri, "bench-pub", new MemoryPersistence());
        try {
            subscriber.connect(options(tls));
            subscriber.subscribe(TOPIC, 0);
            publisher.connect(options(tls));
        } catch (MqttException | RuntimeException e) {
            close();
            throw e;
        }
    }

    private static MqttConnectOptions options(SSLContext tls) {
        MqttConnectOptions o = new MqttConnectOptions();
        o.setSocketFactory(new NoDelay(tls.getSocketFactory()));
        // The trust manager of the bench's context verifies the broker's certificate against the bench's root.
        o.setHttpsHostnameVerificationEnabled(false);
        o.setCleanSession(true);
        o.setAutomaticReconnect(false);
        o.setKeepAliveInterval(60);
        o.setConnectionTimeout(10);
        return o;
    }

    /** One message; its latency in nanoseconds. */
    long once() throws IOException, InterruptedException {
        byte[] m = new byte[8];
        long t = System.nanoTime();
        RawTls.writeLong(m, 0, t);
        try {
            publisher.publish(TOPIC, m, 0, false);
        } catch (MqttException e) {
            throw new IOException(what + ": publish failed: " + e.getMessage(), e);
        }
        return Arrival.await(arrivals, t, what);
    }

    @Override
    public void close() {
        for (MqttClient c : new MqttClient[] {publisher, subscriber}) {
            try {
                if (c.isConnected()) {
                    c.disconnectForcibly(1000, 1000);
                }
                c.close();
            } catch (MqttException e) {
                // end of the run
            }
        }
    }

    /**
     * Paho opens its sockets with {@code createSocket()} and never sets TCP_NODELAY; with Nagle on, a small publish
     * can wait for the delayed ACK of the one before. The product and the other rows set it, so the broker's clients
     * get it too.
     */
    static final class NoDelay extends SSLSocketFactory {
        private final SSLSocketFactory d;

        NoDelay(SSLSocketFactory d) {
            this.d = d;
        }

        private static Socket nodelay(Socket s) throws IOException {
            s.setTcpNoDelay(true);
            return s;
        }

        @Override
        public Socket createSocket() throws IOException {
            return nodelay(d.createSocket());
        }

        @Override
        public Socket createSocket(Socket s, String host, int port, boolean autoClose) throws IOException {
            return nodelay(d.createSocket(s, host, port, autoClose));
        }

        @Override
        public Socket createSocket(String host, int port) throws IOException {
            return nodelay(d.createSocket(host, port));
        }

        @Override
        public Socket createSocket(String host, int port, InetAddress local, int localPort) throws IOException {
            return nodelay(d.createSocket(host, port, local, localPort));
        }

        @Override
        public Socket createSocket(InetAddress host, int port) throws IOException {
            return nodelay(d.createSocket(host, port));
        }

        @Override
        public Socket createSocket(InetAddress host, int port, InetAddress local, int localPort) throws IOException {
            return nodelay(d.createSocket(host, port, local, localPort));
        }

        @Override
        public String[] getDefaultCipherSuites() {
            return d.getDefaultCipherSuites();
        }

        @Override
        public String[] getSupportedCipherSuites() {
            return d.getSupportedCipherSuites();
        }
    }
}
