package org.ioswitch.certs.ca;

import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/** Extension and signing helpers shared by the CA operations; keys come from the JDK's providers. */
final class CertBuilding {
    private CertBuilding() {
    }

    static ContentSigner signer(PrivateKey key) throws OperatorCreationException {
        return new JcaContentSignerBuilder(KeyKind.of(key).signatureAlgorithm()).build(key);
    }

    static X509Certificate sign(X509v3CertificateBuilder b, PrivateKey key) {
        try {
            return new JcaX509CertificateConverter().getCertificate(b.build(signer(key)));
        } catch (Exception e) {
            throw new IllegalStateException("cannot sign certificate", e);
        }
    }

    static void leafExtensions(X509v3CertificateBuilder b, PublicKey key, X509Certificate issuer, Usage usage,
                               List<String> dns, List<String> ips) {
        try {
            JcaX509ExtensionUtils utils = new JcaX509ExtensionUtils();
            b.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
            int bits = KeyUsage.digitalSignature | ("RSA".equals(key.getAlgorithm()) ? KeyUsage.keyEncipherment : 0);
            b.addExtension(Extension.keyUsage, true, new KeyUsage(bits));
            List<KeyPurposeId> purposes = new ArrayList<>();
            if (usage != Usage.CLIENT) {
                purposes.add(KeyPurposeId.id_kp_serverAuth);
            }
            if (usage != Usage.SERVER) {
                purposes.add(KeyPurposeId.id_kp_clientAuth);
            }
            b.addExtension(Extension.extendedKeyUsage, false,
                    new ExtendedKeyUsage(purposes.toArray(new KeyPurposeId[0])));
            List<GeneralName> names = new ArrayList<>();
            for (String d : dns) {
                names.add(new GeneralName(GeneralName.dNSName, d));
            }
            for (String ip : ips) {
                names.add(new GeneralName(GeneralName.iPAddress, ip));
            }
            if (usage == Usage.SWITCHBOX_NODE) {
                names.add(new GeneralName(GeneralName.uniformResourceIdentifier, Usage.SWITCHBOX_NODE_URI));
            }
            if (!names.isEmpty()) {
                b.addExtension(Extension.subjectAlternativeName, false,
                        new GeneralNames(names.toArray(new GeneralName[0])));
            }
            b.addExtension(Extension.subjectKeyIdentifier, false, utils.createSubjectKeyIdentifier(key));
            if (issuer != null) {
                b.addExtension(Extension.authorityKeyIdentifier, false, utils.createAuthorityKeyIdentifier(issuer));
            }
        } catch (Exception e) {
            throw new IllegalStateException("cannot add certificate extensions", e);
        }
    }
}
