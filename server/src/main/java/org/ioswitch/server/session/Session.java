package org.ioswitch.server.session;

import java.io.IOException;
import org.ioswitch.common.link.CloseReason;
import org.ioswitch.common.link.FrameHandler;
import org.ioswitch.common.link.Link;
import org.ioswitch.common.wire.CloseCode;
import org.ioswitch.common.wire.Frame;
import org.tinylog.Logger;

/** What device and operator sessions share: their link, the close log line, leaving the server's session set. */
abstract class Session implements FrameHandler.ByType {
    protected final HomeServer server;
    protected final String who;
    /** Set once the link starts; the reader thread may see it first through {@link #onFrame}'s argument. */
    private volatile Link link;

    Session(HomeServer server, String who) {
        this.server = server;
        this.who = who;
    }

    /** Called once the link runs and the server tracks it. */
    void started(Link started) {
        this.link = started;
        onStart(started);
    }

    /** Work to do once live (a device's resync is driven by its announcements, so often nothing). */
    void onStart(Link started) {
    }

    /** The link, or null before it started. */
    Link link() {
        return link;
    }

    void bind(Link l) {
        if (link == null) {
            link = l;
        }
    }

    /** Closes this session's connection with a reason; safe before the link started. */
    void close(CloseCode code, String text) {
        Link l = link;
        if (l != null) {
            l.close(code, text);
        }
    }

    @Override
    public final void onClose(Link closed, CloseReason reason) {
        server.unregister(closed);
        try {
            onEnd(reason);
        } finally {
            Logger.info("{} closed: {}", closed.peer(), reason);
        }
    }

    /** Releases what the session holds in the registry; {@code reason} is null when the link never started. */
    abstract void onEnd(CloseReason reason);

    /** The peer's role as metrics label it: {@code device}, {@code operator} or {@code pairing}. */
    abstract String role();

    /** Keeps the link a frame came on (the reader thread may see it before {@link #started}), then dispatches it. */
    @Override
    public void onFrame(Link link, Frame frame) throws IOException {
        bind(link);
        FrameHandler.ByType.super.onFrame(link, frame);
    }
}
