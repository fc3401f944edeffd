package org.ioswitch.common.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.ioswitch.certs.CertsException;
import org.ioswitch.certs.ca.CertSpec;
import org.ioswitch.certs.ca.Issued;
import org.ioswitch.certs.ca.IssuedFiles;
import org.ioswitch.certs.ca.OrgCa;
import org.ioswitch.certs.pem.PemFiles;
import org.ioswitch.common.tls.ClientCertificates;
import org.ioswitch.common.tls.SecurityLevel;
import org.ioswitch.common.tls.TlsOptions;

/**
 * An organization made for a test: a fresh root CA whose certificate is a PEM file, and the certificates it issues
 * written as PEM certificate-chain and key files. Real keys and signatures: tests run real TLS on them.
 *
 * <pre>
 *   TestOrg home = TestOrg.create(dir, "pekkahome");            // dir/pekkahome-root.crt
 *   IssuedPem server = home.server(dir, "server", "localhost");  // dir/server.crt, dir/server.key
 *   TlsOptions listen = home.listener(server).build();
 *   TlsOptions dial = home.trusting().build();
 * </pre>
 */
public final class TestOrg {
    private final OrgCa ca;
    private final Path root;

    private TestOrg(OrgCa ca, Path root) {
        this.ca = ca;
        this.root = root;
    }

    /** Makes the root of organization {@code name} and writes its certificate to {@code dir/NAME-root.crt}. */
    public static TestOrg create(Path dir, String name) throws IOException, CertsException {
        return create(name, dir.resolve(name + "-root.crt"));
    }

    /** Makes the root of organization {@code name} and writes its certificate to {@code rootFile}. */
    public static TestOrg create(String name, Path rootFile) throws IOException, CertsException {
        OrgCa ca = OrgCa.create(name);
        Files.createDirectories(rootFile.toAbsolutePath().getParent());
        PemFiles.writeCertificates(rootFile, List.of(ca.certificate()));
        return new TestOrg(ca, rootFile);
    }

    /** The CA, to issue anything the shortcuts here do not. */
    public OrgCa ca() {
        return ca;
    }

    /** The root certificate's PEM file, the one file a peer of this organization trusts. */
    public Path root() {
        return root;
    }

    /**
     * A server certificate for {@code commonName}, valid for that name, {@code localhost} and {@code 127.0.0.1},
     * written as {@code dir/BASE.crt} (chain) and {@code dir/BASE.key}.
     */
    public IssuedPem server(Path dir, String base, String commonName) throws IOException, CertsException {
        Set<String> names = new LinkedHashSet<>(List.of(commonName, "localhost"));
        return write(dir, base, ca.issue(CertSpec.server(commonName).dns(List.copyOf(names)).ip("127.0.0.1").build()));
    }

    /** A client certificate for {@code commonName} (an account name), as {@code dir/BASE.crt} and {@code .key}. */
    public IssuedPem client(Path dir, String base, String commonName) throws IOException, CertsException {
        return write(dir, base, ca.issue(CertSpec.client(commonName).build()));
    }

    /**
     * Writes an issued chain and its unencrypted key as {@code dir/BASE.crt} and {@code dir/BASE.key}, the way
     * {@code ioswitch certs} does ({@link IssuedFiles}).
     */
    public static IssuedPem write(Path dir, String base, Issued issued) throws CertsException {
        IssuedFiles files = IssuedFiles.of(dir, base).write(issued, null);
        return new IssuedPem(files.certificate(), files.privateKey(), issued);
    }

    /** Client options that trust only this root (server verified, host name checked). */
    public TlsOptions.Builder trusting() {
        return TlsOptions.builder().trust(root);
    }

    /**
     * Listener options as the home server and switchbox fixtures run them: {@code own} certificate and key, this
     * root for client certificates, which are optional, and level {@code tls} (clients need not show one).
     */
    public TlsOptions.Builder listener(IssuedPem own) {
        return own.options().trust(root).clientCertificates(ClientCertificates.OPTIONAL)
                .requiredLevel(SecurityLevel.TLS);
    }
}
