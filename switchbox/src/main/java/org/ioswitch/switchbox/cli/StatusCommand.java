package org.ioswitch.switchbox.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;
import org.ioswitch.common.config.ConfigException;
import org.ioswitch.common.tls.CertificateText;
import org.ioswitch.common.tls.TlsServerContext;
import org.ioswitch.common.tls.TlsSetupException;
import org.ioswitch.switchbox.SwitchboxOptions;
import org.ioswitch.switchbox.config.SwitchboxConfig;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code switchbox status --dir D}: the switchbox's own certificate and the days it has left. */
@Command(name = "status", mixinStandardHelpOptions = true,
        description = "Show the switchbox's listener and its own certificate: subject, SHA-256, expiry and days left.")
final class StatusCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--dir", required = true, description = "Switchbox directory (holds config.json).")
    Path dir;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        try {
            SwitchboxOptions options = SwitchboxConfig.load(dir.resolve("config.json"));
            out.println("listen " + options.bind() + ":" + options.port() + " TLS");
            try (TlsServerContext tls = TlsServerContext.open(options.tls())) {
                List<X509Certificate> chain = tls.ownChain();
                X509Certificate leaf = chain.get(0);
                out.println("certificate " + CertificateText.subject(leaf));
                out.println("  SHA-256 " + CertificateText.sha256(leaf));
                out.println("  " + CertificateText.validity(leaf, Instant.now()));
            }
        } catch (ConfigException | TlsSetupException e) {
            return SwitchboxCommand.fail(spec, e.getMessage());
        }
        out.flush();
        return 0;
    }
}
