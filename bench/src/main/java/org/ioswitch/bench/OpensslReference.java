package org.ioswitch.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/** The OpenSSL references: raw AES-GCM from {@code openssl speed}, and {@code s_client | s_server} over pipes. */
final class OpensslReference {
    private final Path certificate;
    private final Path key;

    /** Uses the server certificate chain and key written as PEM files. */
    OpensslReference(Path certificate, Path key) {
        this.certificate = certificate;
        this.key = key;
    }

    static String version() throws IOException, InterruptedException {
        return run(List.of("openssl", "version"), Duration.ofSeconds(10)).trim();
    }

    /** {@code openssl speed -evp aes-128-gcm -bytes 16384 -seconds N}: raw AES-128-GCM MiB/s on 16 KiB blocks. */
    double speed(Duration seconds) throws IOException, InterruptedException {
        String out = run(List.of("openssl", "speed", "-evp", "aes-128-gcm", "-bytes", "16384", "-seconds",
                Long.toString(seconds.toSeconds())), seconds.plusSeconds(30));
        for (String line : out.split("\\R")) {
            String[] f = line.trim().split("\\s+");
            if (f.length >= 2 && f[0].equalsIgnoreCase("AES-128-GCM") && f[f.length - 1].endsWith("k")) {
                String k = f[f.length - 1];
                return Double.parseDouble(k.substring(0, k.length() - 1)) * 1000 / 1048576.0;
            }
        }
        throw new IOException("openssl speed: no 'AES-128-GCM ...k' line in its output:\n" + out);
    }

    /**
     * {@code s_client} fed 64 KiB writes through its stdin, {@code s_server} writing what it receives to its stdout,
     * which is counted here: TLS 1.3, TLS_AES_128_GCM_SHA256, X25519. MiB/s over the measured window.
     */
    double pipe(Duration warm, Duration measure, ExecutorService threads) throws Exception {
        int port = LocalServerProcess.freePort();
        LocalServerProcess serverProcess = LocalServerProcess.start("openssl s_server", new ProcessBuilder("openssl",
                "s_server", "-accept", "127.0.0.1:" + port, "-cert", certificate.toString(), "-key", key.toString(),
                "-tls1_3", "-ciphersuites", JavaTls.SUITE, "-groups", "X25519", "-quiet")
                .redirectError(ProcessBuilder.Redirect.DISCARD), port, null);
        Process server = serverProcess.process();
        Process client = null;
        try {
            AtomicLong received = new AtomicLong();
            CompletableFuture<Void> reader = CompletableFuture.runAsync(() -> {
                try (InputStream in = server.getInputStream()) {
                    byte[] buf = new byte[JavaTls.CHUNK];
                    for (int n = in.read(buf); n > 0; n = in.read(buf)) {
                        received.addAndGet(n);
                    }
                } catch (IOException e) {
                    // The process is destroyed at the end of the run, which ends this read.
                }
            }, threads);
            client = new ProcessBuilder("openssl", "s_client", "-connect", "127.0.0.1:" + port, "-tls1_3",
                    "-ciphersuites", JavaTls.SUITE, "-groups", "X25519", "-quiet")
                    .redirectError(ProcessBuilder.Redirect.DISCARD).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .start();
            OutputStream out = client.getOutputStream();
            byte[] chunk = new byte[JavaTls.CHUNK];
            new SecureRandom().nextBytes(chunk);
            JavaTls.writeFor(out, chunk, warm);
            long b0 = received.get();
            long t0 = System.nanoTime();
            JavaTls.writeFor(out, chunk, measure);
            long b1 = received.get();
            long t1 = System.nanoTime();
            if (b1 == b0) {
                throw new IOException("openssl s_server received nothing from s_client on port " + port);
            }
            client.destroy();
            server.destroy();
            reader.get(30, TimeUnit.SECONDS);
            return (b1 - b0) / 1048576.0 / ((t1 - t0) / 1e9);
        } finally {
            if (client != null) {
                stop(client);
            }
            serverProcess.close();
        }
    }

    private static void stop(Process p) throws InterruptedException {
        p.destroy();
        if (!p.waitFor(10, TimeUnit.SECONDS)) {
            p.destroyForcibly();
        }
    }

    private static String run(List<String> cmd, Duration timeout) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(new ArrayList<>(cmd)).redirectErrorStream(true).start();
        p.getOutputStream().close();
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(timeout.toSeconds(), TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IOException(String.join(" ", cmd) + " did not finish in " + timeout);
        }
        if (p.exitValue() != 0) {
            throw new IOException(String.join(" ", cmd) + " exited " + p.exitValue() + ": "
                    + new String(out, StandardCharsets.UTF_8));
        }
        return new String(out, StandardCharsets.UTF_8);
    }
}
