package org.ioswitch.common.tls;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * A TLS material file: a PEM file (no password) or a PKCS#12 store written as {@code path;password}.
 * {@link #toString()} never shows the password.
 */
public record StoreFile(Path path, String password) {

    /** Checks the path; a password is only allowed (and required) for PKCS#12 files. */
    public StoreFile {
        Objects.requireNonNull(path, "path");
    }

    /** A PEM file. */
    public static StoreFile pem(Path path) {
        return new StoreFile(path, null);
    }

    /** A PKCS#12 store with its password. */
    public static StoreFile pkcs12(Path path, String password) {
        return new StoreFile(path, Objects.requireNonNull(password, "password"));
    }

    /** True when the file is a PKCS#12 store (has a password, ends in .p12/.pfx, or holds one). */
    public boolean isPkcs12() {
        return password != null || isPkcs12Name(path.getFileName().toString()) || holdsPkcs12(path);
    }

    static boolean isPkcs12Name(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        return lower.endsWith(".p12") || lower.endsWith(".pfx");
    }

    /**
     * True when the file's first bytes are a PKCS#12 PFX: a DER SEQUENCE whose first element is INTEGER 3 (its version).
     * A DER certificate or CRL starts with a SEQUENCE holding another SEQUENCE, and PEM starts with text, so keytool's
     * extension-less {@code KEYSTORE}/{@code TRUSTSTORE} files are told apart by content. A missing file is not one.
     */
    static boolean holdsPkcs12(Path file) {
        byte[] head = new byte[8];
        int n;
        try (InputStream in = Files.newInputStream(file)) {
            n = in.readNBytes(head, 0, head.length);
        } catch (IOException e) {
            return false;
        }
        if (n < 5 || (head[0] & 0xff) != 0x30) {
            return false;
        }
        int lengthBytes = (head[1] & 0x80) == 0 ? 0 : head[1] & 0x7f;
        int at = 2 + lengthBytes;
        return lengthBytes <= 4 && at + 3 <= n && head[at] == 0x02 && head[at + 1] == 0x01 && head[at + 2] == 0x03;
    }

    /**
     * Parses {@code a.crt;b.crt;store.p12;secret}: entries separated by {@code ;}, and an entry whose file ends in
     * .p12/.pfx, or whose content is PKCS#12 (keytool's {@code TRUSTSTORE;changeit}), takes the following part as its
     * password. Relative paths resolve against {@code baseDir}.
     *
     * @throws IllegalArgumentException when a PKCS#12 entry has no password or an entry is empty
     */
    public static List<StoreFile> parseList(String spec, Path baseDir) {
        List<StoreFile> files = new ArrayList<>();
        String[] parts = spec.split(";", -1);
        for (int i = 0; i < parts.length; i++) {
            String part = parts[i].trim();
            if (part.isEmpty()) {
                throw new IllegalArgumentException("empty file name in \"" + spec + "\"");
            }
            Path path = baseDir.resolve(part);
            if (isPkcs12Name(part) || holdsPkcs12(path)) {
                if (i + 1 >= parts.length) {
                    throw new IllegalArgumentException("expected \"path;password\" after " + part + ", got no password");
                }
                files.add(pkcs12(path, parts[++i]));
            } else {
                files.add(pem(path));
            }
        }
        return List.copyOf(files);
    }

    /** Parses one {@code path;password} keychain; the password may itself contain {@code ;}. */
    public static StoreFile parseKeychain(String spec, Path baseDir) {
        int semi = spec.indexOf(';');
        if (semi <= 0) {
            throw new IllegalArgumentException("expected \"path;password\", got \"" + spec + "\"");
        }
        return pkcs12(baseDir.resolve(spec.substring(0, semi).trim()), spec.substring(semi + 1));
    }

    @Override
    public String toString() {
        return password == null ? path.toString() : path + ";****";
    }
}
