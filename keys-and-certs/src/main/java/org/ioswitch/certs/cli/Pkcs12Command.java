package org.ioswitch.certs.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import org.bouncycastle.asn1.x500.RDN;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x500.style.IETFUtils;
import org.ioswitch.certs.CertsException;
import org.ioswitch.certs.ca.Issued;
import org.ioswitch.certs.pem.PemFiles;
import org.ioswitch.certs.pkcs12.Pkcs12Files;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code certs pkcs12 --cert F --key K --out OUT.p12 --password P}: bundles a key and its chain. */
@Command(name = "pkcs12", mixinStandardHelpOptions = true, showDefaultValues = true,
        description = "Bundle a private key and its certificate chain into a PKCS#12 keychain (owner-only).")
final class Pkcs12Command extends CertsSubcommand {
    @Option(names = "--cert", required = true, paramLabel = "FILE", description = "Certificate chain (PEM, leaf first).")
    Path cert;

    @Option(names = "--key", required = true, paramLabel = "FILE", description = "Private key (PEM).")
    Path key;

    @Option(names = "--key-password", paramLabel = "PASSWORD",
            description = "Password of an encrypted --key (default: key is not encrypted).")
    String keyPassword;

    @Option(names = "--key-password-file", paramLabel = "FILE", description = "File whose first line is the key password.")
    Path keyPasswordFile;

    @Option(names = "--out", required = true, paramLabel = "OUT.p12", description = "PKCS#12 file to write.")
    Path out;

    @Option(names = "--password", paramLabel = "PASSWORD", description = "Password protecting the PKCS#12 file.")
    String password;

    @Option(names = "--password-file", paramLabel = "FILE", description = "File whose first line is the PKCS#12 password.")
    Path passwordFile;

    @Option(names = "--alias", paramLabel = "ALIAS", description = "Alias of the key entry (default: the leaf's CN).")
    String alias;

    @Override
    void run(PrintWriter stdout) throws Exception {
        char[] p12Pw = password(password, passwordFile, "--password", "--password-file");
        if (p12Pw == null) {
            throw new CertsException("--password or --password-file is required: a PKCS#12 keychain is always protected");
        }
        char[] keyPw = password(keyPassword, keyPasswordFile, "--key-password", "--key-password-file");
        var chain = PemFiles.readCertificates(cert);
        Issued issued = Issued.matching(PemFiles.readPrivateKey(key, keyPw), chain, key + " and " + cert);
        String a = alias != null ? alias : commonName(issued);
        Pkcs12Files.write(out, a, issued.privateKey(), issued.chain(), p12Pw);
        stdout.println("wrote " + out + " (alias '" + a + "', chain of " + chain.size() + ")");
    }

    private static String commonName(Issued issued) {
        RDN[] cn = X500Name.getInstance(issued.certificate().getSubjectX500Principal().getEncoded())
                .getRDNs(BCStyle.CN);
        return cn.length == 0 ? "key" : IETFUtils.valueToString(cn[0].getFirst().getValue());
    }
}
