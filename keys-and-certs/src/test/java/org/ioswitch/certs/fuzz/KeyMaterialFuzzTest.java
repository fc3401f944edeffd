package org.ioswitch.certs.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.ioswitch.certs.CertsException;
import org.ioswitch.certs.pem.PemFiles;
import org.ioswitch.certs.pkcs12.Pkcs12Files;

/**
 * Coverage-guided fuzzing (Jazzer) of key material loading: PEM files (certificates, private keys plain and
 * encrypted, CRLs, CSRs) and PKCS#12 keychains. Bad input may only be refused with a {@link CertsException} naming the
 * file; anything else that escapes is a finding. The normal test run replays the seed corpus
 * ({@code src/test/resources/.../KeyMaterialFuzzTestInputs/NAME/}); {@code mvn -Pfuzz} fuzzes for a given time.
 */
class KeyMaterialFuzzTest {
    /** Inputs run per target in this JVM, printed at the end: the executions figure of a fuzzing run. */
    private static final java.util.Map<String, java.util.concurrent.atomic.LongAdder> RUNS =
            new java.util.concurrent.ConcurrentSkipListMap<>();

    private static void count(String target) {
        RUNS.computeIfAbsent(target, t -> new java.util.concurrent.atomic.LongAdder()).increment();
    }

    @org.junit.jupiter.api.AfterAll
    static void printRuns() {
        RUNS.forEach((target, n) -> System.out.println("KeyMaterialFuzzTest#" + target + ": " + n.sum() + " inputs run, no finding"));
    }
    private static final Path FILE = temp();

    private static Path temp() {
        try {
            Path dir = Files.createTempDirectory("ioswitch-fuzz");
            dir.toFile().deleteOnExit();
            return dir.resolve("input");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @FuzzTest(maxDuration = "60s")
    void pem(byte[] input) throws IOException {
        count("pem");
        Files.write(FILE, input);
        try {
            PemFiles.readAll(FILE);
        } catch (CertsException refused) {
            // names the file and what is wrong
        }
        try {
            PemFiles.readCertificates(FILE);
        } catch (CertsException refused) {
            // as above
        }
        try {
            PemFiles.readPrivateKey(FILE, "pw".toCharArray());
        } catch (CertsException refused) {
            // as above
        }
        try {
            PemFiles.readCsr(FILE);
        } catch (CertsException refused) {
            // as above
        }
        try {
            PemFiles.readCrl(FILE);
        } catch (CertsException refused) {
            // as above
        }
    }

    @FuzzTest(maxDuration = "60s")
    void pkcs12(byte[] input) throws IOException {
        count("pkcs12");
        Files.write(FILE, input);
        try {
            Pkcs12Files.read(FILE, "changeit".toCharArray());
        } catch (CertsException refused) {
            // names the file and what is wrong
        }
    }
}
