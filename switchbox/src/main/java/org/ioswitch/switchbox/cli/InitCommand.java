package org.ioswitch.switchbox.cli;

import com.google.gson.GsonBuilder;
import com.google.gson.JsonObject;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.ioswitch.certs.CertsException;
import org.ioswitch.certs.ca.CertSpec;
import org.ioswitch.certs.ca.IssuedFiles;
import org.ioswitch.certs.ca.OrgCa;
import org.ioswitch.certs.ca.OrgDirectory;
import org.ioswitch.common.files.AtomicFiles;
import org.ioswitch.common.net.ConnectionCaps;
import org.ioswitch.common.tunnel.TunnelOptions;
import org.ioswitch.switchbox.SwitchboxOptions;
import org.ioswitch.switchbox.account.Accounts;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code switchbox init --org iocafe --dir D}: the cloud organization's root (if none yet), the switchbox certificate
 * (SAN localhost, 127.0.0.1, this host and any {@code --host}), {@code config.json} and an empty
 * {@code accounts.json}. Existing files are kept, so running it again only adds what is missing.
 */
@Command(name = "init", mixinStandardHelpOptions = true, description = "Create the cloud org root, the switchbox"
        + " certificate, config.json and accounts.json in a directory.")
final class InitCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--org", required = true, description = "Cloud organization name, e.g. iocafe.")
    String org;

    @Option(names = "--dir", required = true, description = "Switchbox directory.")
    Path dir;

    @Option(names = "--host", split = ",", description = "Extra DNS names or IPs for the certificate (the VM's"
            + " public name). Default: none besides localhost, 127.0.0.1 and this host's name.")
    List<String> hosts = new ArrayList<>();

    @Option(names = "--port", defaultValue = "" + SwitchboxOptions.DEFAULT_PORT,
            description = "Port written to config.json (default: ${DEFAULT-VALUE}).")
    int port;

    @Override
    public Integer call() {
        try {
            Files.createDirectories(dir);
            OrgCa ca = rootCa();
            Path cert = dir.resolve("switchbox.crt");
            if (!Files.exists(cert)) {
                CertSpec.Builder b = CertSpec.server("switchbox").dns("localhost").ip("127.0.0.1");
                String me = InetAddress.getLocalHost().getHostName();
                if (!me.equals("localhost")) {
                    b.dns(me);
                }
                for (String h : hosts) {
                    if (h.matches("[0-9.]+|.*:.*")) {
                        b.ip(h);
                    } else {
                        b.dns(h);
                    }
                }
                IssuedFiles.of(dir, "switchbox").write(ca.issue(b.build()), null);
                out("switchbox certificate: " + cert);
            }
            Path config = dir.resolve("config.json");
            if (!Files.exists(config)) {
                AtomicFiles.write(config, configJson().getBytes(StandardCharsets.UTF_8), false);
                out("config: " + config);
            }
            Path accounts = dir.resolve("accounts.json");
            if (!Files.exists(accounts)) {
                Accounts.writeEmpty(accounts);
                out("accounts: " + accounts);
            }
            return 0;
        } catch (IOException | CertsException | IllegalArgumentException e) {
            return SwitchboxCommand.fail(spec, e.getMessage());
        }
    }

    /** The config.json {@code init} writes: this directory's files and every limit at its default, spelled out. */
    private String configJson() {
        JsonObject tls = new JsonObject();
        tls.addProperty("certificate", "switchbox.crt");
        tls.addProperty("privateKey", "switchbox.key");
        tls.addProperty("trusted", org + "-root.crt");
        tls.addProperty("requiredLevel", "tls");
        tls.addProperty("clientCertificates", "optional");
        TunnelOptions tunnel = TunnelOptions.DEFAULT;
        ConnectionCaps.Limits caps = ConnectionCaps.Limits.DEFAULT;
        JsonObject limits = new JsonObject();
        limits.addProperty("helloTimeoutMillis", SwitchboxOptions.DEFAULT_HELLO_TIMEOUT.toMillis());
        limits.addProperty("idleTimeoutSeconds", SwitchboxOptions.DEFAULT_IDLE_TIMEOUT.toSeconds());
        limits.addProperty("maxStreamsPerTunnel", tunnel.maxStreams());
        limits.addProperty("maxPendingOpens", SwitchboxOptions.DEFAULT_MAX_PENDING_OPENS);
        limits.addProperty("maxFrameSize", tunnel.maxFrameSize());
        limits.addProperty("keepaliveIntervalSeconds", tunnel.keepaliveInterval().toSeconds());
        limits.addProperty("keepaliveTimeoutSeconds", tunnel.keepaliveTimeout().toSeconds());
        limits.addProperty("maxConnections", caps.maxConnections());
        limits.addProperty("maxUnauthenticatedPerAddress", caps.maxUnauthenticatedPerAddress());
        JsonObject root = new JsonObject();
        root.addProperty("bind", "0.0.0.0");
        root.addProperty("port", port);
        root.addProperty("accounts", "accounts.json");
        root.add("tls", tls);
        root.add("limits", limits);
        return new GsonBuilder().setPrettyPrinting().create().toJson(root) + "\n";
    }

    private OrgCa rootCa() throws CertsException {
        OrgDirectory root = new OrgDirectory(dir, org);
        if (Files.exists(root.rootCertificate()) && Files.exists(root.rootKey())) {
            return root.load(null);
        }
        OrgCa ca = OrgCa.create(org);
        root.save(ca, null, true);
        out("cloud org root: " + root.rootCertificate() + " (give it to every home server and client; keep "
                + root.rootKey().getFileName() + " offline in production)");
        return ca;
    }

    private void out(String line) {
        spec.commandLine().getOut().println(line);
        spec.commandLine().getOut().flush();
    }
}
