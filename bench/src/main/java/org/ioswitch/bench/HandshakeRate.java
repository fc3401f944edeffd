package org.ioswitch.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Full TLS handshakes per second a server takes, measured with {@code openssl s_time -new} (one client, a new full
 * handshake per connection, TLS 1.3) against any TLS port, and the same against {@code openssl s_server} with the same
 * certificate and key: the reference of what this machine's OpenSSL does.
 */
final class HandshakeRate {
    private static final Pattern REAL = Pattern.compile("(\\d+) connections in (\\d+) real seconds");

    private HandshakeRate() {
    }

    /** Connections per real second from {@code s_time}'s output, or NaN if it has no such line. */
    static double parse(String sTimeOutput) {
        Matcher m = REAL.matcher(sTimeOutput);
        double rate = Double.NaN;
        while (m.find()) { // s_time prints a line per phase; with -new there is one
            long seconds = Long.parseLong(m.group(2));
            rate = seconds == 0 ? Double.NaN : Long.parseLong(m.group(1)) / (double) seconds;
        }
        return rate;
    }

    /** Runs {@code s_time -new} against 127.0.0.1:{@code port} for {@code seconds}; connections per second. */
    static double sTime(int port, Path root, int seconds) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("openssl", "s_time", "-connect", "127.0.0.1:" + port, "-new", "-time",
                Integer.toString(seconds), "-CAfile", root.toString()).redirectErrorStream(true).start();
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes());
        if (!p.waitFor(seconds + 30L, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IOException("openssl s_time did not end within " + (seconds + 30) + " s");
        }
        double rate = parse(out);
        if (Double.isNaN(rate)) {
            throw new IOException("openssl s_time against 127.0.0.1:" + port + " printed no 'N connections in S real"
                    + " seconds' line: " + out.trim());
        }
        return rate;
    }

    /** {@code s_time} against an {@code openssl s_server} presenting {@code cert}/{@code key}. */
    static double opensslServer(Path cert, Path key, Path root, int seconds) throws IOException, InterruptedException {
        int port = LocalServerProcess.freePort();
        ProcessBuilder command = new ProcessBuilder(List.of("openssl", "s_server", "-accept", "127.0.0.1:" + port,
                "-cert", cert.toString(), "-key", key.toString(), "-tls1_3", "-quiet", "-naccept", "1000000"))
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD);
        try (LocalServerProcess server = LocalServerProcess.start("openssl s_server", command, port, null)) {
            return sTime(port, root, seconds);
        }
    }
}
