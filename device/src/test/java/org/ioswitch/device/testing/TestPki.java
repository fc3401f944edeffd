package org.ioswitch.device.testing;

import java.nio.file.Path;
import org.ioswitch.certs.ca.CertSpec;
import org.ioswitch.certs.ca.Issued;
import org.ioswitch.certs.ca.OrgCa;
import org.ioswitch.certs.pem.PemFiles;
import org.ioswitch.common.tls.ClientCertificates;
import org.ioswitch.common.tls.SecurityLevel;
import org.ioswitch.common.tls.TlsOptions;

/** An organization root and a server certificate for 127.0.0.1 / localhost, written as PEM files into a temp dir. */
public final class TestPki {
    public final Path dir;
    public final OrgCa ca;
    public final Path root;
    public final Path serverCert;
    public final Path serverKey;

    public TestPki(Path dir) throws Exception {
        this.dir = dir;
        this.ca = OrgCa.create("pekkahome");
        this.root = dir.resolve("pekkahome-root.crt");
        PemFiles.writeCertificates(root, java.util.List.of(ca.certificate()));
        Issued server = ca.issue(CertSpec.server("localhost").dns("localhost").ip("127.0.0.1").build());
        this.serverCert = dir.resolve("server.crt");
        this.serverKey = dir.resolve("server.key");
        PemFiles.writeCertificates(serverCert, server.chain());
        PemFiles.writePrivateKey(serverKey, server.privateKey(), null);
    }

    /** Listener options: the server certificate, client certificates optional, clients not required to show one. */
    public TlsOptions serverOptions() {
        return TlsOptions.builder().certificate(serverCert).privateKey(serverKey).trust(root)
                .requiredLevel(SecurityLevel.TLS).clientCertificates(ClientCertificates.OPTIONAL).build();
    }

    /** Client options trusting only the root, server verified. */
    public TlsOptions clientOptions() {
        return TlsOptions.builder().trust(root).build();
    }

    /** A client certificate for {@code name} (the account name), as PEM certificate and key files. */
    public TlsOptions clientOptionsWithCertificate(String name) throws Exception {
        Issued client = ca.issue(CertSpec.client(name).build());
        Path cert = dir.resolve(name + ".crt");
        Path key = dir.resolve(name + ".key");
        PemFiles.writeCertificates(cert, client.chain());
        PemFiles.writePrivateKey(key, client.privateKey(), null);
        return TlsOptions.builder().trust(root).certificate(cert).privateKey(key).build();
    }
}
