package org.ioswitch.server.console;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.io.InputStream;
import java.util.Map;

/**
 * The page: a fixed set of files from this jar ({@code console/static/}), served to anyone (they hold no data; the
 * API decides what a login sees). Only names in {@link #FILES} exist, so no path can reach anything else.
 */
final class StaticFiles implements HttpHandler {
    /** Served name → content type. */
    static final Map<String, String> FILES = Map.of(
            "index.html", "text/html; charset=utf-8",
            "console.css", "text/css; charset=utf-8",
            "app.js", "text/javascript; charset=utf-8",
            "api.js", "text/javascript; charset=utf-8",
            "devices.js", "text/javascript; charset=utf-8",
            "device.js", "text/javascript; charset=utf-8",
            "pairing.js", "text/javascript; charset=utf-8",
            "accounts.js", "text/javascript; charset=utf-8",
            "audit.js", "text/javascript; charset=utf-8");

    @Override
    public void handle(HttpExchange ex) throws IOException {
        Http.secure(ex);
        try {
            Http.readBody(ex);
            String path = ex.getRequestURI().getPath();
            String name = path.equals("/") ? "index.html" : path.substring(1);
            String type = FILES.get(name);
            if (!ex.getRequestMethod().equals("GET")) {
                Http.error(ex, 405, "the page is read with GET", null);
                return;
            }
            if (type == null) {
                Http.error(ex, 404, "no such page: " + path, null);
                return;
            }
            byte[] bytes;
            try (InputStream in = StaticFiles.class.getResourceAsStream("static/" + name)) {
                if (in == null) {
                    throw new IOException("console file " + name + " is missing from the jar");
                }
                bytes = in.readAllBytes();
            }
            ex.getResponseHeaders().set("Content-Type", type);
            Http.send(ex, 200, bytes);
        } finally {
            ex.close();
        }
    }
}
