package org.ioswitch.certs.ca;

import java.math.BigInteger;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Objects;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.CRLNumber;
import org.bouncycastle.asn1.x509.CRLReason;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509CRLHolder;
import org.bouncycastle.cert.X509v2CRLBuilder;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CRLConverter;
import org.bouncycastle.cert.jcajce.JcaX509CRLHolder;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.ioswitch.certs.CertsException;

/**
 * An organization's certificate authority: the root (or an intermediate below it) that issues server and client
 * certificates, signs CSRs and revokes. One root per organization, {@code O=<org>}.
 */
public final class OrgCa {
    /** Roots live ten years: they are handed to every device and are costly to roll. */
    public static final long DEFAULT_ROOT_DAYS = 3650;

    private static final SecureRandom RANDOM = new SecureRandom();

    private final String org;
    private final PrivateKey privateKey;
    private final List<X509Certificate> chain;

    private OrgCa(String org, PrivateKey privateKey, List<X509Certificate> chain) {
        this.org = Objects.requireNonNull(org, "org");
        this.privateKey = Objects.requireNonNull(privateKey, "privateKey");
        this.chain = List.copyOf(chain);
    }

    /** Creates a new self-signed EC P-256 root for the organization, valid ten years. */
    public static OrgCa create(String org) {
        return create(org, KeyKind.EC_P256, Validity.days(DEFAULT_ROOT_DAYS));
    }

    /** Creates a new self-signed root for the organization. */
    public static OrgCa create(String org, KeyKind keyKind, Validity validity) {
        checkName("org", org);
        KeyPair keys = keyKind.generate();
        X500Name subject = name(org + " root", org);
        X509v3CertificateBuilder b = builder(subject, subject, keys.getPublic(), validity);
        caExtensions(b, keys.getPublic(), null, -1);
        return new OrgCa(org, keys.getPrivate(), List.of(CertBuilding.sign(b, keys.getPrivate())));
    }

    /** Wraps a CA loaded from files: its certificate, its key and the certificates above it (none for a root). */
    public static OrgCa of(String org, X509Certificate certificate, PrivateKey privateKey,
                           List<X509Certificate> chainAbove) {
        List<X509Certificate> chain = new ArrayList<>();
        chain.add(certificate);
        chain.addAll(chainAbove);
        return new OrgCa(org, privateKey, chain);
    }

    /** Creates an intermediate CA signed by this one; what it issues chains through it to this CA's root. */
    public OrgCa createIntermediate(String name, Validity validity) {
        checkName("name", name);
        KeyPair keys = KeyKind.EC_P256.generate();
        X509v3CertificateBuilder b = builder(subjectName(), name(name, org), keys.getPublic(), validity);
        caExtensions(b, keys.getPublic(), certificate(), 0);
        X509Certificate cert = CertBuilding.sign(b, privateKey);
        List<X509Certificate> sub = new ArrayList<>();
        sub.add(cert);
        sub.addAll(chain);
        return new OrgCa(org, keys.getPrivate(), sub);
    }

    /** The organization name ({@code O=}). */
    public String org() {
        return org;
    }

    /** This CA's own certificate. */
    public X509Certificate certificate() {
        return chain.get(0);
    }

    /** This CA's private key. */
    public PrivateKey privateKey() {
        return privateKey;
    }

    /** This CA's certificate followed by those above it, ending with the root. */
    public List<X509Certificate> chain() {
        return chain;
    }

    /** Issues a new key and certificate; the returned chain runs leaf, this CA, ..., root. */
    public Issued issue(CertSpec spec) {
        KeyPair keys = spec.keyKind().generate();
        X509Certificate leaf = issueFor(name(spec.commonName(), org), keys.getPublic(), spec.usage(),
                spec.dnsNames(), spec.ipAddresses(), spec.validity());
        List<X509Certificate> out = new ArrayList<>();
        out.add(leaf);
        out.addAll(chain);
        return new Issued(keys.getPrivate(), out);
    }

    /**
     * Signs a certificate signing request made where the key must stay. The subject's CN and the requested SAN entries
     * are kept; the organization is set to this CA's.
     */
    public X509Certificate sign(PKCS10CertificationRequest csr, Usage usage, Validity validity) throws CertsException {
        CsrContent content = CsrContent.read(csr);
        return issueFor(name(content.commonName(), org), content.publicKey(), usage, content.dnsNames(),
                content.ipAddresses(), validity);
    }

    /** A CRL listing nothing yet, valid 30 days. */
    public X509CRL emptyCrl() {
        return crl(null, null);
    }

    /** A new CRL with every entry of {@code previousOrNull} plus {@code cert}, numbered one higher. */
    public X509CRL revoke(X509Certificate cert, X509CRL previousOrNull) {
        return crl(cert, previousOrNull);
    }

    /** Creates a self-signed end-entity certificate, for the minimal setup that pins one server certificate. */
    public static Issued selfSigned(CertSpec spec) {
        KeyPair keys = spec.keyKind().generate();
        X500Name subject = new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.CN, spec.commonName()).build();
        X509v3CertificateBuilder b = builder(subject, subject, keys.getPublic(), spec.validity());
        CertBuilding.leafExtensions(b, keys.getPublic(), null, spec.usage(), spec.dnsNames(), spec.ipAddresses());
        return new Issued(keys.getPrivate(), List.of(CertBuilding.sign(b, keys.getPrivate())));
    }

    private X509Certificate issueFor(X500Name subject, PublicKey key, Usage usage, List<String> dns, List<String> ips,
                                     Validity validity) {
        X509v3CertificateBuilder b = builder(subjectName(), subject, key, validity);
        CertBuilding.leafExtensions(b, key, certificate(), usage, dns, ips);
        return CertBuilding.sign(b, privateKey);
    }

    private X509CRL crl(X509Certificate revoked, X509CRL previous) {
        try {
            Instant now = Instant.now();
            X509v2CRLBuilder b = new X509v2CRLBuilder(subjectName(), Date.from(now));
            b.setNextUpdate(Date.from(now.plus(Duration.ofDays(30))));
            BigInteger number = BigInteger.ONE;
            if (previous != null) {
                X509CRLHolder holder = new JcaX509CRLHolder(previous);
                b.addCRL(holder);
                Extension prevNumber = holder.getExtension(Extension.cRLNumber);
                if (prevNumber != null) {
                    number = CRLNumber.getInstance(prevNumber.getParsedValue()).getCRLNumber().add(BigInteger.ONE);
                }
            }
            if (revoked != null) {
                b.addCRLEntry(revoked.getSerialNumber(), Date.from(now), CRLReason.unspecified);
            }
            b.addExtension(Extension.cRLNumber, false, new CRLNumber(number));
            b.addExtension(Extension.authorityKeyIdentifier, false,
                    new JcaX509ExtensionUtils().createAuthorityKeyIdentifier(certificate()));
            X509CRLHolder built = b.build(CertBuilding.signer(privateKey));
            return new JcaX509CRLConverter().getCRL(built);
        } catch (Exception e) {
            throw new IllegalStateException("cannot build CRL for " + org, e);
        }
    }

    private X500Name subjectName() {
        return X500Name.getInstance(certificate().getSubjectX500Principal().getEncoded());
    }

    private static X509v3CertificateBuilder builder(X500Name issuer, X500Name subject, PublicKey key,
                                                    Validity validity) {
        return new JcaX509v3CertificateBuilder(issuer, new BigInteger(127, RANDOM).setBit(126),
                Date.from(validity.notBefore()), Date.from(validity.notAfter()), subject, key);
    }

    private static void caExtensions(X509v3CertificateBuilder b, PublicKey key, X509Certificate issuer, int pathLen) {
        try {
            JcaX509ExtensionUtils utils = new JcaX509ExtensionUtils();
            b.addExtension(Extension.basicConstraints, true,
                    pathLen < 0 ? new BasicConstraints(true) : new BasicConstraints(pathLen));
            b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
            b.addExtension(Extension.subjectKeyIdentifier, false, utils.createSubjectKeyIdentifier(key));
            if (issuer != null) {
                b.addExtension(Extension.authorityKeyIdentifier, false, utils.createAuthorityKeyIdentifier(issuer));
            }
        } catch (Exception e) {
            throw new IllegalStateException("cannot add CA extensions", e);
        }
    }

    static X500Name name(String commonName, String org) {
        return new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.CN, commonName).addRDN(BCStyle.O, org).build();
    }

    private static void checkName(String what, String value) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(what + " must not be blank");
        }
    }
}
