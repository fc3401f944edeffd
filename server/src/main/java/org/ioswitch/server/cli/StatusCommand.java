package org.ioswitch.server.cli;

import java.io.PrintWriter;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;
import org.ioswitch.common.tls.CertificateText;
import org.ioswitch.common.tls.TlsServerContext;
import org.ioswitch.server.config.ServerConfig;
import org.ioswitch.server.session.ServerOptions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code server status --dir D}: the server's own certificate and the days it has left. */
@Command(name = "status", mixinStandardHelpOptions = true,
        description = "Show the server's listener and its own certificate: subject, SHA-256, expiry and days left.")
final class StatusCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;
    @Mixin
    DirOption dir;

    @Override
    public Integer call() throws Exception {
        ServerOptions options = ServerConfig.read(dir.dir, null);
        PrintWriter out = spec.commandLine().getOut();
        out.println("listen " + options.listen().getHostString() + ":" + options.listen().getPort() + " TLS");
        try (TlsServerContext tls = TlsServerContext.open(options.tls())) {
            printCertificate(out, tls.ownChain(), Instant.now());
        }
        if (options.uplink() != null) {
            out.println("uplink " + options.uplink().host() + ":" + options.uplink().port() + " as "
                    + options.uplink().account());
        }
        out.flush();
        return 0;
    }

    /** {@code certificate CN=…}, {@code   SHA-256 …}, {@code   expires 2027-… (364 days left)}. */
    static void printCertificate(PrintWriter out, List<X509Certificate> chain, Instant now) {
        if (chain.isEmpty()) {
            out.println("certificate none");
            return;
        }
        X509Certificate leaf = chain.get(0);
        out.println("certificate " + CertificateText.subject(leaf));
        out.println("  SHA-256 " + CertificateText.sha256(leaf));
        out.println("  " + CertificateText.validity(leaf, now));
    }
}
