package org.ioswitch.server.admin;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.InstantSource;
import java.time.temporal.ChronoUnit;
import org.ioswitch.server.pairing.PairingAudit;
import org.tinylog.Logger;

/**
 * {@code DIR/audit.log}: one line per admin action, appended and flushed before the answer goes out:
 * {@code 2026-11-25T09:41:07Z user=pekka action=approve target=gina result=ok approved gina7.pekkahome}.
 * Owner-only, because it names devices and addresses. Pairing writes its auto-approvals here too, as user
 * {@code auto-approve}, through {@link PairingAudit}.
 */
public final class AuditLog implements PairingAudit {
    /** The file name inside the server directory. */
    public static final String FILE_NAME = "audit.log";

    private final Path file;
    private final InstantSource clock;

    /** An audit log in {@code dir}. */
    public AuditLog(Path dir, InstantSource clock) {
        this.file = dir.resolve(FILE_NAME);
        this.clock = clock;
    }

    /** The log file. */
    public Path file() {
        return file;
    }

    /** Appends one action; a failure to write is logged as an error (the action itself has happened). */
    @Override
    public synchronized void append(String who, String action, String target, boolean ok, String result) {
        String line = clock.instant().truncatedTo(ChronoUnit.SECONDS) + " user=" + clean(who) + " action="
                + clean(action) + " target=" + clean(target.isEmpty() ? "-" : target) + " result="
                + (ok ? "ok " : "refused ") + result.replace('\n', ' ') + "\n";
        try {
            if (!Files.exists(file) && FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
                Files.createFile(file, PosixFilePermissions.asFileAttribute(
                        PosixFilePermissions.fromString("rw-------")));
            }
            Files.write(file, line.getBytes(StandardCharsets.UTF_8), StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND, StandardOpenOption.SYNC);
        } catch (IOException e) {
            Logger.error("{}: cannot append the audit line for {} by {}: {}", file, action, who, e.getMessage());
        }
    }

    private static String clean(String s) {
        return s.replaceAll("\\s", "_");
    }
}
