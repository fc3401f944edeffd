package org.ioswitch.switchbox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.ioswitch.common.log.PeerLog;
import org.ioswitch.common.metrics.MetricsOptions;
import org.ioswitch.common.testing.LogLines;
import org.ioswitch.common.testing.MovableClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A scraper with a wrong token, asking again and again: the switchbox's {@code /metrics} refusals go through the
 * router's one {@link PeerLog} (three lines and a summary a minute per address), over real HTTPS with the
 * switchbox's certificate; the right token still reads the metrics.
 */
class MetricsRefusalLogTest {
    private static final int FLOOD = 7;
    private static final String TOKEN = "a-metrics-token-long-enough";

    @TempDir
    Path dir;
    SwitchboxFixture box;

    @AfterEach
    void tearDown() {
        if (box != null) {
            box.close();
        }
    }

    @Test
    void aScraperWithAWrongTokenIsThreeLinesAndASummaryAndTheRightTokenReads() throws Exception {
        box = new SwitchboxFixture(dir);
        MovableClock clock = new MovableClock();
        // The token rule applies only off loopback: the listener binds every address, the test talks to it over
        // 127.0.0.1 only.
        box.start(box.options().metrics(new MetricsOptions(true, new InetSocketAddress("0.0.0.0", 0), TOKEN))
                .build(), clock);
        int port = box.server().metricsAddress().orElseThrow().getPort();
        URI metrics = URI.create("https://127.0.0.1:" + port + "/metrics");
        HttpClient http = HttpClient.newBuilder().sslContext(trusting(box.cloud().root()))
                .connectTimeout(Duration.ofSeconds(20)).build();
        String refused = "metrics: request from 127.0.0.1 refused: missing or wrong bearer token";
        String summary = "… and " + (FLOOD - PeerLog.DEFAULT_LINES_PER_WINDOW)
                + " more from 127.0.0.1 in the last minute";
        try (LogLines log = LogLines.capture()) {
            for (int i = 0; i < FLOOD; i++) {
                assertEquals(401, get(http, metrics, "Bearer wrong-" + i).statusCode());
            }
            assertEquals(PeerLog.DEFAULT_LINES_PER_WINDOW, log.containing(refused).size(),
                    String.join("\n", log.containing("127.0.0.1")));

            clock.advance(Duration.ofSeconds(61));
            assertEquals(401, get(http, metrics, "Bearer wrong-again").statusCode());
            assertEquals(1, log.containing(summary).size(), String.join("\n", log.containing("127.0.0.1")));
            assertEquals(PeerLog.DEFAULT_LINES_PER_WINDOW + 1, log.containing(refused).size());
            assertEquals(List.of(), log.containing("wrong-"), "a token is never logged");
        }
        HttpResponse<String> ok = get(http, metrics, "Bearer " + TOKEN);
        assertEquals(200, ok.statusCode(), ok.body());
        assertTrue(ok.body().contains("# TYPE"), ok.body());
    }

    private static HttpResponse<String> get(HttpClient http, URI uri, String authorization) throws Exception {
        return http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30))
                .header("Authorization", authorization).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    /** A JDK client context trusting only {@code root}, as a scraper configured with the cloud's root would. */
    private static SSLContext trusting(Path root) throws Exception {
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        try (InputStream in = Files.newInputStream(root)) {
            trust.setCertificateEntry("root", CertificateFactory.getInstance("X.509").generateCertificate(in));
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        SSLContext ssl = SSLContext.getInstance("TLS");
        ssl.init(null, tmf.getTrustManagers(), null);
        return ssl;
    }
}
