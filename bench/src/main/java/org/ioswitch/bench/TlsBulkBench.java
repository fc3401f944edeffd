package org.ioswitch.bench;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.ioswitch.common.thread.Threads;
import org.ioswitch.common.tls.ClientCertificates;
import org.ioswitch.common.tls.SecurityLevel;
import org.ioswitch.common.tls.TlsClientContext;
import org.ioswitch.common.tls.TlsOptions;
import org.ioswitch.common.tls.TlsServerContext;

/**
 * TLS bulk throughput, side by side in one run: BCJSSE (set up the fast way: JDK crypto, never the BC provider) and
 * SunJSSE over loopback, against two named OpenSSL references. Rounds are interleaved; medians and ratios are printed.
 */
public final class TlsBulkBench {
    /** Warm-up of each configuration before the rounds; JIT-compiled record paths need at least this. */
    static final Duration INITIAL_WARMUP = Duration.ofMillis(1500);
    /** Warm-up inside each measured connection, after its handshake. */
    static final Duration CONNECTION_WARMUP = Duration.ofMillis(500);

    private static final String BCJSSE = "(a) ioswitch common.tls (BCJSSE on JDK crypto)";
    private static final String SUNJSSE = "(b) SunJSSE -> SunJSSE";
    private static final String SPEED = "(c1) openssl speed -evp aes-128-gcm, 16 KiB (raw AES-GCM, no TLS)";
    private static final String PIPE = "(c2) openssl s_client | s_server via pipes (NO ceiling: ~1/3 of libssl)";

    // Held strongly: java.util.logging keeps loggers weakly and would forget the level.
    private static final Logger BCJSSE_LOG = Logger.getLogger("org.bouncycastle.jsse");

    private final Duration measure;
    private final int rounds;
    private final PrintStream out;

    /** A run of {@code rounds} interleaved rounds, each configuration measured for {@code measure} per round. */
    public TlsBulkBench(Duration measure, int rounds, PrintStream out) {
        this.measure = measure;
        this.rounds = rounds;
        this.out = out;
    }

    /** Runs the benchmark and prints the table. */
    public void run() throws Exception {
        long start = System.nanoTime();
        Machine.header(out, "tls-bulk");
        // Both JSSE stacks honour this; it must be set before their first use. x25519 first makes it the key share;
        // secp256r1 must stay enabled or BCJSSE drops the ecdsa_secp256r1_sha256 signatures the certificate needs.
        System.setProperty("jdk.tls.namedGroups", "x25519,secp256r1");
        // 3 INFO lines per connection would cost handshake time; its WARNINGs only say that BCJSSE skips JDK
        // disabledAlgorithms entries it cannot parse, which is noise in a benchmark's output.
        BCJSSE_LOG.setLevel(Level.SEVERE);
        Path tmp = Files.createTempDirectory("tls-bulk");
        Pki pki = new Pki(tmp, "bench", "localhost");
        Path crt = pki.serverCert;
        Path key = pki.serverKey;

        // (a) is the product: the SSLContexts common.tls builds from the same files a server and a device use.
        Path root = pki.root;
        TlsServerContext serverTls = TlsServerContext.open(TlsOptions.builder().certificate(crt).privateKey(key)
                .clientCertificates(ClientCertificates.NONE).requiredLevel(SecurityLevel.TLS).build());
        // The bench dials raw SSLSockets, not TlsClientContext.connect, so there is no dialled name to check.
        TlsClientContext clientTls = TlsClientContext.open(TlsOptions.builder().trust(root).verifyHostname(false).build());
        JavaTls bc = JavaTls.of(BCJSSE, serverTls.sslContext(), clientTls.sslContext());
        JavaTls sun = JavaTls.create(SUNJSSE, null, pki.ca, pki.server);
        OpensslReference openssl = new OpensslReference(crt, key);

        Map<String, List<Double>> results = new LinkedHashMap<>();
        for (String k : List.of(BCJSSE, SUNJSSE, SPEED, PIPE)) {
            results.put(k, new ArrayList<>());
        }
        ExecutorService threads = Executors.newCachedThreadPool(Threads.daemonFactory("tls-bulk-reader"));
        try {
            out.printf("warming up %s and %s for %d ms each...%n", BCJSSE, SUNJSSE, INITIAL_WARMUP.toMillis());
            bc.run(INITIAL_WARMUP, Duration.ofMillis(100), threads);
            sun.run(INITIAL_WARMUP, Duration.ofMillis(100), threads);
            for (int r = 1; r <= rounds; r++) {
                // Alternate the order so neither Java stack always runs right after the other.
                List<JavaTls> order = r % 2 == 1 ? List.of(bc, sun) : List.of(sun, bc);
                for (JavaTls t : order) {
                    results.get(t.name()).add(t.run(CONNECTION_WARMUP, measure, threads));
                }
                results.get(SPEED).add(openssl.speed(measure));
                results.get(PIPE).add(openssl.pipe(CONNECTION_WARMUP, measure, threads));
                out.printf("round %d/%d: %s%n", r, rounds, roundLine(results, r - 1));
            }
        } finally {
            threads.shutdownNow();
            serverTls.close();
            clientTls.close();
            Pki.deleteTree(tmp);
        }
        print(results, bc, sun, OpensslReference.version());
        Machine.footer(out, "tls-bulk", start);
    }

    private static String roundLine(Map<String, List<Double>> results, int i) {
        List<String> parts = new ArrayList<>();
        results.forEach((k, v) -> parts.add(k.substring(0, k.indexOf(')') + 1) + " " + Math.round(v.get(i))));
        return String.join(", ", parts) + " MiB/s";
    }

    private void print(Map<String, List<Double>> results, JavaTls bc, JavaTls sun, String opensslVersion) {
        double speed = median(results.get(SPEED));
        double pipe = median(results.get(PIPE));
        out.println();
        out.printf("TLS bulk throughput: one connection over loopback, 64 KiB writes, %s, x25519, EC P-256 cert;%n",
                JavaTls.SUITE);
        out.printf("%d interleaved rounds of %d s each, medians; Java %s; %s; %s%n", rounds, measure.toSeconds(),
                System.getProperty("java.version"), opensslVersion, JavaTls.describeProviders().get(0));
        out.printf("negotiated: BCJSSE %s, SunJSSE %s%n%n", bc.negotiated(), sun.negotiated());
        out.printf("%-72s %9s %7s %7s %10s %10s%n", "configuration", "MiB/s", "min", "max", "/ (c1)", "/ (c2)");
        results.forEach((name, v) -> {
            double m = median(v);
            out.printf("%-72s %9.0f %7.0f %7.0f %10.2f %10.2f%n", name, m, min(v), max(v), m / speed, m / pipe);
        });
        double bcm = median(results.get(BCJSSE));
        double sunm = median(results.get(SUNJSSE));
        out.printf("%nBCJSSE / SunJSSE = %.2f%n", bcm / sunm);
        out.println("(c1) is raw AES-128-GCM with no TLS, records or sockets: an upper bound no TLS stack reaches.");
        out.println("(c2) is no ceiling: piping through s_client/s_server runs at about a third of libssl, so a ratio"
                + " against it flatters Java ~3x.");
    }

    static double median(List<Double> v) {
        double[] a = v.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        return a.length % 2 == 1 ? a[a.length / 2] : (a[a.length / 2 - 1] + a[a.length / 2]) / 2;
    }

    private static double min(List<Double> v) {
        return v.stream().mapToDouble(Double::doubleValue).min().orElse(Double.NaN);
    }

    private static double max(List<Double> v) {
        return Arrays.stream(v.stream().mapToDouble(Double::doubleValue).toArray()).max().orElse(Double.NaN);
    }
}
