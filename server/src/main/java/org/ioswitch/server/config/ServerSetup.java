package org.ioswitch.server.config;

import com.google.gson.GsonBuilder;
import com.google.gson.JsonObject;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.ioswitch.certs.CertsException;
import org.ioswitch.certs.ca.CertSpec;
import org.ioswitch.certs.ca.Issued;
import org.ioswitch.certs.ca.IssuedFiles;
import org.ioswitch.certs.ca.OrgCa;
import org.ioswitch.certs.ca.OrgDirectory;
import org.ioswitch.common.config.ConfigException;
import org.ioswitch.common.files.AtomicFiles;
import org.ioswitch.server.account.Account;
import org.ioswitch.server.account.AccountKind;
import org.ioswitch.server.account.AccountStore;
import org.ioswitch.server.account.AccountsException;
import org.ioswitch.server.console.ConsoleOptions;

/**
 * {@code server init}: makes a server directory ready to run. Layout:
 * <pre>
 *   D/ca/NETWORK-root.crt, D/ca/NETWORK-root.key   the organization root (kept if present; key owner-only)
 *   D/server.crt (leaf + root), D/server.key        the server certificate, SAN host, localhost, network, 127.0.0.1
 *   D/config.json                                   network, listen, plain listener (off), keepalive, tls, console
 *   D/accounts.json                                 the admin account
 * </pre>
 */
public final class ServerSetup {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String PASSWORD_ALPHABET = "abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";

    private ServerSetup() {
    }

    /**
     * What to set up.
     *
     * @param dir the server directory
     * @param network the IO network, also the organization name
     * @param host the server's host name for its certificate, or null for this machine's name
     * @param listenAddress the address to listen on
     * @param port the TLS port
     * @param adminName the admin account's name
     * @param adminPassword the admin password, or null to generate one
     */
    public record Request(Path dir, String network, String host, String listenAddress, int port, String adminName,
                          char[] adminPassword) {
        /** Checks the fields. */
        public Request {
            Objects.requireNonNull(dir, "dir");
            Account.checkName("network", network);
            Account.checkName("admin name", adminName);
            Objects.requireNonNull(listenAddress, "listenAddress");
            if (port < 1 || port > 65535) {
                throw new IllegalArgumentException("port must be 1..65535, was " + port);
            }
        }
    }

    /**
     * What was done.
     *
     * @param caCreated whether a new organization root was made (false: an existing one was used)
     * @param host the host name in the certificate
     * @param generatedPassword the admin password if it was generated (shown once), else null
     */
    public record Result(boolean caCreated, String host, String generatedPassword) {
    }

    /** The organization root certificate file of a network. */
    public static Path rootCertificate(Path dir, String network) {
        return orgDirectory(dir, network).rootCertificate();
    }

    /**
     * Sets the directory up.
     *
     * @throws ConfigException if it is set up already or a file cannot be written
     */
    public static Result init(Request r) throws ConfigException {
        Path config = r.dir().resolve(ServerConfig.FILE_NAME);
        if (Files.exists(config)) {
            throw new ConfigException(config + " exists already; this directory is set up (remove it to start over)");
        }
        try {
            Files.createDirectories(r.dir());
            boolean caCreated = !Files.exists(rootCertificate(r.dir(), r.network()));
            OrgCa ca = caCreated ? createCa(r.dir(), r.network()) : loadCa(r.dir(), r.network());
            String host = r.host() != null ? r.host() : localHostName();
            // The network name too: a client relayed through the switchbox checks the inner TLS against it.
            Set<String> dns = new LinkedHashSet<>(List.of(host, "localhost", r.network()));
            dns.remove("127.0.0.1");
            Issued issued = ca.issue(CertSpec.server(host).dns(new ArrayList<>(dns)).ip("127.0.0.1").build());
            IssuedFiles.of(r.dir(), "server").write(issued, null);

            String generated = null;
            char[] password = r.adminPassword();
            if (password == null) {
                generated = randomPassword();
                password = generated.toCharArray();
            }
            AccountStore.open(r.dir()).add(Account.create(r.network(), r.adminName(), AccountKind.ADMIN, password));
            AtomicFiles.write(config, configJson(r), false);
            return new Result(caCreated, host, generated);
        } catch (CertsException | AccountsException e) {
            throw new ConfigException(e.getMessage(), e);
        } catch (IOException e) {
            throw new ConfigException(r.dir() + ": cannot write: " + e.getMessage(), e);
        }
    }

    private static OrgCa createCa(Path dir, String network) throws CertsException {
        OrgCa ca = OrgCa.create(network);
        orgDirectory(dir, network).save(ca, null, false);
        return ca;
    }

    private static OrgCa loadCa(Path dir, String network) throws CertsException {
        return orgDirectory(dir, network).load(null);
    }

    /** The network's CA as {@code certs init-org} keeps it: {@code DIR/ca/NETWORK-root.crt} and {@code .key}. */
    private static OrgDirectory orgDirectory(Path dir, String network) {
        return new OrgDirectory(dir.resolve("ca"), network);
    }

    private static byte[] configJson(Request r) {
        JsonObject listen = new JsonObject();
        listen.addProperty("address", r.listenAddress());
        listen.addProperty("port", r.port());
        JsonObject plain = new JsonObject();
        plain.addProperty("enabled", false);
        plain.addProperty("address", "127.0.0.1");
        plain.addProperty("port", ServerConfig.DEFAULT_PLAIN_PORT);
        JsonObject keepalive = new JsonObject();
        keepalive.addProperty("interval", ServerConfig.DEFAULT_KEEPALIVE.toSeconds() + "s");
        keepalive.addProperty("deadPeer", ServerConfig.DEFAULT_DEAD_PEER.toSeconds() + "s");
        JsonObject tls = new JsonObject();
        tls.addProperty("certificate", "server.crt");
        tls.addProperty("privateKey", "server.key");
        tls.addProperty("trusted", "ca/" + r.network() + "-root.crt");
        tls.addProperty("requiredLevel", "tls");
        tls.addProperty("clientCertificates", "optional");
        JsonObject console = new JsonObject();
        console.addProperty("enabled", true);
        console.addProperty("address", "127.0.0.1");
        console.addProperty("port", ConsoleOptions.DEFAULT_PORT);
        JsonObject top = new JsonObject();
        top.addProperty("network", r.network());
        top.add("listen", listen);
        top.add("plain", plain);
        top.add("keepalive", keepalive);
        top.add("tls", tls);
        top.add("console", console);
        return (new GsonBuilder().setPrettyPrinting().disableHtmlEscaping().create().toJson(top) + "\n")
                .getBytes(StandardCharsets.UTF_8);
    }

    private static String localHostName() {
        try {
            String name = InetAddress.getLocalHost().getHostName();
            return name == null || name.isBlank() ? "localhost" : name;
        } catch (IOException e) {
            return "localhost";
        }
    }

    private static String randomPassword() {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 20; i++) {
            sb.append(PASSWORD_ALPHABET.charAt(RANDOM.nextInt(PASSWORD_ALPHABET.length())));
        }
        return sb.toString();
    }
}
