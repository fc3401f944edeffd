package org.ioswitch.certs.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/**
 * What a command that makes a new key pair for a name takes ({@code certs server|client|node} and {@code certs csr}):
 * the names for the SAN, the key's kind and the password that encrypts NAME.key.
 */
final class NewKeyOptions {
    @Option(names = "--dns", split = ",", paramLabel = "HOST",
            description = "DNS name for the SAN; repeatable or comma-separated.")
    List<String> dns = new ArrayList<>();

    @Option(names = "--ip", split = ",", paramLabel = "ADDRESS",
            description = "IP address for the SAN; repeatable or comma-separated.")
    List<String> ips = new ArrayList<>();

    @Option(names = "--rsa", paramLabel = "BITS", description = "RSA key of 2048 or 4096 bits instead of EC P-256.")
    Integer rsa;

    @Option(names = "--key-password", paramLabel = "PASSWORD",
            description = "Encrypt NAME.key with this password (default: not encrypted).")
    String keyPassword;

    @Option(names = "--key-password-file", paramLabel = "FILE",
            description = "File whose first line is the password for NAME.key.")
    Path keyPasswordFile;
}
