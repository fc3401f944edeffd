package org.ioswitch.server.console;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/** Admins only. {@code GET /api/v1/audit?limit=N}: the latest audit lines, newest first (default 100, at most 1000). */
final class AuditResource implements Resource {
    static final int DEFAULT_LIMIT = 100;
    static final int MAX_LIMIT = 1000;
    /** Only the file's tail is read: an audit log grows for years. */
    static final int TAIL_BYTES = 256 * 1024;

    private final ConsoleBackend backend;

    AuditResource(ConsoleBackend backend) {
        this.backend = backend;
    }

    @Override
    public void handle(Request r) throws ApiException, IOException {
        DevicesResource.requireMethod(r, "GET");
        int limit = limit(r.exchange().getRequestURI().getRawQuery());
        Http.json(r.exchange(), 200, Map.of("entries", tail(backend.audit().file(), limit)));
    }

    private static int limit(String query) throws ApiException {
        if (query == null || query.isEmpty()) {
            return DEFAULT_LIMIT;
        }
        for (String part : query.split("&")) {
            if (part.startsWith("limit=")) {
                try {
                    int n = Integer.parseInt(part.substring(6));
                    if (n >= 1 && n <= MAX_LIMIT) {
                        return n;
                    }
                } catch (NumberFormatException e) {
                    // falls through to the error below
                }
                throw new ApiException(400, "limit: expected 1.." + MAX_LIMIT + ", got \"" + part.substring(6) + "\"",
                        "limit");
            }
        }
        return DEFAULT_LIMIT;
    }

    static List<String> tail(Path file, int limit) throws IOException {
        if (!Files.exists(file)) {
            return List.of();
        }
        byte[] bytes;
        boolean cut;
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "r")) {
            long start = Math.max(0, f.length() - TAIL_BYTES);
            cut = start > 0;
            bytes = new byte[(int) (f.length() - start)];
            f.seek(start);
            f.readFully(bytes);
        }
        List<String> lines = new ArrayList<>(Arrays.asList(new String(bytes, StandardCharsets.UTF_8).split("\n")));
        if (cut && !lines.isEmpty()) {
            lines.remove(0); // cut in the middle
        }
        lines.removeIf(String::isBlank);
        Collections.reverse(lines);
        return lines.subList(0, Math.min(limit, lines.size()));
    }
}
