package org.ioswitch.certs.ca;

import java.net.InetAddress;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.List;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.DERIA5String;
import org.bouncycastle.asn1.pkcs.Attribute;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.x500.RDN;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x500.style.IETFUtils;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.Extensions;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.operator.jcajce.JcaContentVerifierProviderBuilder;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.ioswitch.certs.CertsException;

/** What a CSR asks for, after its self-signature has been checked. */
record CsrContent(String commonName, PublicKey publicKey, List<String> dnsNames, List<String> ipAddresses) {

    static CsrContent read(PKCS10CertificationRequest csr) throws CertsException {
        PublicKey key;
        try {
            // JcaPEMKeyConverter maps the key OID to a JDK algorithm name; looking the OID up directly fails for EC.
            key = new JcaPEMKeyConverter().getPublicKey(csr.getSubjectPublicKeyInfo());
            if (!csr.isSignatureValid(new JcaContentVerifierProviderBuilder().build(key))) {
                throw new CertsException("CSR signature does not verify: the request was altered or is broken");
            }
        } catch (CertsException e) {
            throw e;
        } catch (Exception e) {
            throw new CertsException("CSR cannot be read: " + e.getMessage(), e);
        }
        RDN[] cns = csr.getSubject().getRDNs(BCStyle.CN);
        if (cns.length == 0) {
            throw new CertsException("CSR subject " + csr.getSubject() + " has no CN");
        }
        String cn = IETFUtils.valueToString(cns[0].getFirst().getValue());
        List<String> dns = new ArrayList<>();
        List<String> ips = new ArrayList<>();
        for (Attribute attr : csr.getAttributes(PKCSObjectIdentifiers.pkcs_9_at_extensionRequest)) {
            for (ASN1Encodable value : attr.getAttributeValues()) {
                GeneralNames names = GeneralNames.fromExtensions(Extensions.getInstance(value),
                        Extension.subjectAlternativeName);
                if (names == null) {
                    continue;
                }
                for (GeneralName n : names.getNames()) {
                    if (n.getTagNo() == GeneralName.dNSName) {
                        dns.add(DERIA5String.getInstance(n.getName()).getString());
                    } else if (n.getTagNo() == GeneralName.iPAddress) {
                        ips.add(ipText(ASN1OctetString.getInstance(n.getName()).getOctets()));
                    }
                }
            }
        }
        return new CsrContent(cn, key, dns, ips);
    }

    private static String ipText(byte[] raw) throws CertsException {
        try {
            return InetAddress.getByAddress(raw).getHostAddress();
        } catch (Exception e) {
            throw new CertsException("CSR has a malformed IP SAN entry", e);
        }
    }
}
