package org.ioswitch.common.tls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.ioswitch.certs.ca.Issued;
import org.ioswitch.certs.ca.OrgCa;
import org.ioswitch.certs.pem.PemFiles;
import org.ioswitch.certs.pkcs12.Pkcs12Files;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Key material in every form the seeds use, made by the certs library, openssl and keytool; and each way it fails. */
class KeyMaterialTest {
    @TempDir
    Path dir;
    Pki pki;
    OrgCa ca;
    Path root;
    Issued issued;

    @BeforeEach
    void pki() throws Exception {
        pki = new Pki(dir);
        ca = OrgCa.create("pekkahome");
        root = pki.cert("root.crt", ca.certificate());
        issued = Pki.server(ca, "myserver");
    }

    /** Opens a server with {@code options}, connects a client trusting {@code trust} and expects VERIFIED. */
    private void assertServes(TlsOptions options, Path trust) throws Exception {
        try (Loopback loop = new Loopback();
                TlsServerContext server = TlsServerContext.open(options.toBuilder().requiredLevel(SecurityLevel.TLS).build());
                TlsClientContext client = TlsClientContext.open(TlsOptions.builder().trust(trust).build());
                Loopback.Pair pair = loop.connect(server, client, "localhost")) {
            assertEquals(SecurityLevel.VERIFIED, pair.client().facts().level());
        }
    }

    private TlsSetupException refused(TlsOptions options) {
        return assertThrows(TlsSetupException.class,
                () -> TlsServerContext.open(options.toBuilder().requiredLevel(SecurityLevel.TLS).build()));
    }

    @Test
    void pemFormatsFromTheCertsLibraryLoad() throws Exception {
        Path chain = pki.certs("chain.crt", issued.chain());
        Path password = pki.text("key.pass", "s3cret\n");
        // unencrypted PKCS#8
        assertServes(TlsOptions.builder().certificate(chain).privateKey(pki.key("plain.key", issued.privateKey(), null))
                .build(), root);
        // encrypted PKCS#8
        assertServes(TlsOptions.builder().certificate(chain).privateKey(pki.key("enc.key", issued.privateKey(), "s3cret"))
                .privateKeyPasswordFile(password).build(), root);
        // encrypted traditional (openssl -aes256 style)
        Path traditional = dir.resolve("trad.key");
        PemFiles.writeTraditionalKey(traditional, issued.privateKey(), "s3cret".toCharArray());
        assertTrue(Files.readString(traditional).contains("Proc-Type: 4,ENCRYPTED"));
        assertServes(TlsOptions.builder().certificate(chain).privateKey(traditional).privateKeyPasswordFile(password)
                .build(), root);
        // key embedded in the certificate file (FairCom)
        Path combined = dir.resolve("combined.pem");
        Files.writeString(combined, Files.readString(chain) + Files.readString(dir.resolve("plain.key")));
        assertServes(TlsOptions.builder().certificate(combined).build(), root);
        // PKCS#12 keychain path;password
        Pkcs12Files.write(dir.resolve("server.p12"), "server", issued.privateKey(), issued.chain(), "changeit".toCharArray());
        assertServes(TlsOptions.builder().keychain(StoreFile.parseKeychain("server.p12;changeit", dir)).build(), root);
    }

    @Test
    void keysAndChainsMadeByOpensslLoad() throws Exception {
        pki.ok("openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes",
                "-keyout", "ca.key", "-out", "ca.crt", "-subj", "/O=ossl/CN=ossl root", "-days", "30",
                "-addext", "basicConstraints=critical,CA:TRUE", "-addext", "keyUsage=critical,keyCertSign,cRLSign");
        pki.text("ext.cnf", "subjectAltName=DNS:localhost,IP:127.0.0.1\nextendedKeyUsage=serverAuth\n"
                + "keyUsage=critical,digitalSignature,keyEncipherment\n");
        pki.text("pw.txt", "s3cret\n");
        List<List<String>> keygens = List.of(
                List.of("openssl", "genrsa", "-out", "rsa.key", "2048"),
                List.of("openssl", "genrsa", "-traditional", "-aes256", "-passout", "pass:s3cret", "-out", "rsa-trad.key", "2048"),
                List.of("openssl", "ecparam", "-genkey", "-name", "prime256v1", "-noout", "-out", "ec.key"),
                List.of("openssl", "genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256", "-aes-256-cbc",
                        "-pass", "pass:s3cret", "-out", "ec-pkcs8.key"));
        for (List<String> keygen : keygens) {
            pki.ok(keygen.toArray(new String[0]));
            String key = keygen.get(keygen.indexOf("-out") + 1);
            boolean encrypted = keygen.contains("pass:s3cret");
            String base = key.replace(".key", "");
            List<String> req = new java.util.ArrayList<>(List.of("openssl", "req", "-new", "-key", key, "-subj",
                    "/O=ossl/CN=" + base, "-out", base + ".csr"));
            if (encrypted) {
                req.addAll(List.of("-passin", "pass:s3cret"));
            }
            pki.ok(req.toArray(new String[0]));
            pki.ok("openssl", "x509", "-req", "-in", base + ".csr", "-CA", "ca.crt", "-CAkey", "ca.key",
                    "-CAcreateserial", "-days", "30", "-extfile", "ext.cnf", "-out", base + ".crt");
            TlsOptions.Builder options = TlsOptions.builder().certificate(dir.resolve(base + ".crt"))
                    .privateKey(dir.resolve(key));
            if (encrypted) {
                options.privateKeyPasswordFile(dir.resolve("pw.txt"));
            }
            try {
                assertServes(options.build(), dir.resolve("ca.crt"));
            } catch (Exception | AssertionError e) {
                throw new AssertionError("key " + key + ": " + e, e);
            }
        }
        assertTrue(Files.readString(dir.resolve("rsa-trad.key")).contains("Proc-Type: 4,ENCRYPTED"));
        // openssl pkcs12 -export: the classic way to turn PEM files into a keychain
        pki.ok("openssl", "pkcs12", "-export", "-inkey", "ec.key", "-in", "ec.crt", "-certfile", "ca.crt",
                "-passout", "pass:changeit", "-out", "ec.p12");
        assertServes(TlsOptions.builder().keychain(StoreFile.parseKeychain("ec.p12;changeit", dir)).build(),
                dir.resolve("ca.crt"));
    }

    @Test
    void keytoolKeychainWithPinnedCertificateAndTrustStoreLoads() throws Exception {
        pki.ok("keytool", "-genkeypair", "-alias", "server", "-keyalg", "EC", "-groupname", "secp256r1",
                "-dname", "CN=localhost", "-ext", "san=dns:localhost,ip:127.0.0.1", "-validity", "30",
                "-keystore", "server.p12", "-storetype", "PKCS12", "-storepass", "changeit");
        pki.ok("keytool", "-exportcert", "-rfc", "-alias", "server", "-keystore", "server.p12", "-storepass", "changeit",
                "-file", "server.crt");
        pki.ok("keytool", "-importcert", "-noprompt", "-alias", "server", "-file", "server.crt",
                "-keystore", "trust.p12", "-storetype", "PKCS12", "-storepass", "trustpw");
        TlsOptions server = TlsOptions.builder().keychain(StoreFile.parseKeychain("server.p12;changeit", dir))
                .requiredLevel(SecurityLevel.TLS).build();
        assertServes(server, dir.resolve("server.crt"));
        try (Loopback loop = new Loopback(); TlsServerContext s = TlsServerContext.open(server);
                TlsClientContext c = TlsClientContext.open(TlsOptions.builder()
                        .trusted(StoreFile.parseList("trust.p12;trustpw", dir)).build());
                Loopback.Pair pair = loop.connect(s, c, "127.0.0.1")) {
            assertEquals(SecurityLevel.VERIFIED, pair.client().facts().level());
        }
    }

    @Test
    void badMaterialIsRefusedWithFileAndProblem() throws Exception {
        Path chain = pki.certs("chain.crt", issued.chain());
        Path encrypted = pki.key("enc.key", issued.privateKey(), "s3cret");
        Path wrongPassword = pki.text("wrong.pass", "guess\n");
        TlsSetupException e = refused(TlsOptions.builder().certificate(chain).privateKey(encrypted)
                .privateKeyPasswordFile(wrongPassword).build());
        assertTrue(e.getMessage().contains("enc.key") && e.getMessage().contains("wrong password"), e.getMessage());

        Path traditional = dir.resolve("trad.key");
        PemFiles.writeTraditionalKey(traditional, issued.privateKey(), "s3cret".toCharArray());
        e = refused(TlsOptions.builder().certificate(chain).privateKey(traditional).privateKeyPasswordFile(wrongPassword).build());
        assertTrue(e.getMessage().contains("trad.key") && e.getMessage().contains("wrong password"), e.getMessage());

        e = refused(TlsOptions.builder().certificate(chain).privateKey(encrypted).build());
        assertTrue(e.getMessage().contains("enc.key") && e.getMessage().contains("privateKeyPasswordFile"), e.getMessage());

        Pkcs12Files.write(dir.resolve("server.p12"), "server", issued.privateKey(), issued.chain(), "changeit".toCharArray());
        e = refused(TlsOptions.builder().keychain(StoreFile.parseKeychain("server.p12;nope", dir)).build());
        assertTrue(e.getMessage().contains("server.p12") && e.getMessage().contains("wrong password"), e.getMessage());

        Path otherKey = pki.key("other.key", Pki.server(ca, "other").privateKey(), null);
        e = refused(TlsOptions.builder().certificate(chain).privateKey(otherKey).build());
        assertTrue(e.getMessage().contains("other.key") && e.getMessage().contains("does not match"), e.getMessage());

        Path garbage = pki.text("garbage.crt", "this is not a certificate\n");
        e = refused(TlsOptions.builder().certificate(garbage).privateKey(otherKey).build());
        assertTrue(e.getMessage().contains("garbage.crt") && e.getMessage().contains("not a PEM file"), e.getMessage());

        Path broken = pki.text("broken.crt", "-----BEGIN CERTIFICATE-----\nnot base64 at all!!\n-----END CERTIFICATE-----\n");
        e = refused(TlsOptions.builder().certificate(broken).privateKey(otherKey).build());
        assertTrue(e.getMessage().contains("broken.crt"), e.getMessage());

        e = refused(TlsOptions.builder().certificate(dir.resolve("missing.crt")).privateKey(otherKey).build());
        assertTrue(e.getMessage().contains("missing.crt") && e.getMessage().contains("file not found"), e.getMessage());

        Path keyOnlyTrust = pki.key("trust-key.pem", issued.privateKey(), null);
        e = refused(TlsOptions.builder().certificate(chain).privateKey(pki.key("k.key", issued.privateKey(), null))
                .trust(keyOnlyTrust).build());
        assertTrue(e.getMessage().contains("trust-key.pem") && e.getMessage().contains("no certificate"), e.getMessage());

        e = refused(TlsOptions.builder().certificate(chain).build());
        assertTrue(e.getMessage().contains("chain.crt") && e.getMessage().contains("no private key"), e.getMessage());
    }

    @Test
    void keychainWithoutPasswordIsAnOptionsError() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> StoreFile.parseKeychain("server.p12", dir));
        assertTrue(e.getMessage().contains("expected \"path;password\", got \"server.p12\""), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> StoreFile.parseList("a.crt;trust.p12", dir));
        assertTrue(e.getMessage().contains("trust.p12"), e.getMessage());
        assertEquals(3, StoreFile.parseList("a.crt;trust.p12;pw;b.crt", dir).size());
        assertTrue(StoreFile.parseList("t.p12;pw", dir).get(0).toString().contains("****"));
    }

    @Test
    void keytoolDefaultFilesWithoutExtensionAreRecognizedByContent() throws Exception {
        // The EPICS PVA guide: keytool's own default names, no .p12 to go by, given as TRUSTSTORE;changeit.
        pki.ok("keytool", "-genkeypair", "-alias", "server", "-keyalg", "EC", "-groupname", "secp256r1",
                "-dname", "CN=localhost", "-ext", "san=dns:localhost,ip:127.0.0.1", "-validity", "30",
                "-keystore", "KEYSTORE", "-storetype", "PKCS12", "-storepass", "changeit");
        pki.ok("keytool", "-exportcert", "-rfc", "-alias", "server", "-keystore", "KEYSTORE", "-storepass", "changeit",
                "-file", "server.crt");
        pki.ok("keytool", "-importcert", "-noprompt", "-alias", "server", "-file", "server.crt",
                "-keystore", "TRUSTSTORE", "-storetype", "PKCS12", "-storepass", "changeit");
        List<StoreFile> trusted = StoreFile.parseList("TRUSTSTORE;changeit", dir);
        assertEquals(1, trusted.size(), "changeit is TRUSTSTORE's password, not a second file");
        assertTrue(trusted.get(0).isPkcs12());
        TlsOptions server = TlsOptions.builder().keychain(StoreFile.parseKeychain("KEYSTORE;changeit", dir))
                .requiredLevel(SecurityLevel.TLS).build();
        try (Loopback loop = new Loopback(); TlsServerContext s = TlsServerContext.open(server);
                TlsClientContext c = TlsClientContext.open(TlsOptions.builder().trusted(trusted).build());
                Loopback.Pair pair = loop.connect(s, c, "127.0.0.1")) {
            assertEquals(SecurityLevel.VERIFIED, pair.client().facts().level());
        }
        // The same through the config reader, as a process's config.json says it.
        com.google.gson.JsonObject json = com.google.gson.JsonParser.parseString(
                "{\"tls\": {\"keychain\": \"KEYSTORE;changeit\", \"trusted\": \"TRUSTSTORE;changeit\"}}").getAsJsonObject();
        TlsOptions fromConfig = TlsOptions.fromConfig(
                org.ioswitch.common.config.ConfigObject.of("config.json", json, dir).object("tls"));
        assertEquals(1, fromConfig.trusted().size());
    }

    @Test
    void extensionlessPkcs12WithoutPasswordAndDerCertificatesAreToldApart() throws Exception {
        Pkcs12Files.writeTrustStore(dir.resolve("TRUSTSTORE"), List.of(ca.certificate()), "changeit".toCharArray());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> StoreFile.parseList("TRUSTSTORE", dir));
        assertTrue(e.getMessage().contains("expected \"path;password\" after TRUSTSTORE"), e.getMessage());
        // A DER certificate also starts with a SEQUENCE, but not with version 3: it stays a certificate file.
        Files.write(dir.resolve("root.der"), ca.certificate().getEncoded());
        List<StoreFile> files = StoreFile.parseList("root.der;root.crt", dir);
        assertEquals(2, files.size());
        assertTrue(!files.get(0).isPkcs12() && !files.get(1).isPkcs12());
    }
}
