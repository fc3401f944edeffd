package org.ioswitch.common.wire;

import java.io.IOException;
import java.io.OutputStream;
import java.util.Objects;

/**
 * Writes whole frames to a stream. {@link #write} and {@link #flush} are synchronized, so frames from several
 * threads never interleave; a connection still normally has one writer thread, which keeps DATA within credit.
 * Each frame goes to the stream in one {@code write} call; wrap a socket stream in a
 * {@link java.io.BufferedOutputStream} and call {@link #flush} when a batch is done.
 */
public final class FrameWriter {
    private final OutputStream out;
    /** Bytes of the frame header (type, flags, payload length) before every payload. */
    public static final int HEADER_LENGTH = PayloadWriter.HEADER_LENGTH;

    private volatile int maxFrameSize;
    /** Guarded by {@code this}: DATA frames are encoded here, one array for the life of the connection. */
    private byte[] scratch = new byte[0];
    /** Where frames written are counted, or null. */
    private volatile WireCounters counters;

    /** A writer that refuses payloads above the default 64 KiB until the peer's limit is known. */
    public FrameWriter(OutputStream out) {
        this(out, WireLimits.DEFAULT_FRAME_SIZE);
    }

    /** A writer that refuses payloads above {@code maxFrameSize}, the limit the peer announced. */
    public FrameWriter(OutputStream out, int maxFrameSize) {
        this.out = Objects.requireNonNull(out, "out");
        maxFrameSize(maxFrameSize);
    }

    /** Sets the largest payload the peer accepts, as announced in its HELLO or HELLO_ACK. */
    public void maxFrameSize(int size) {
        if (size < WireLimits.MIN_FRAME_SIZE || size > WireLimits.MAX_FRAME_SIZE) {
            throw new IllegalArgumentException("maxFrameSize must be " + WireLimits.MIN_FRAME_SIZE + ".."
                    + WireLimits.MAX_FRAME_SIZE + ", was " + size);
        }
        this.maxFrameSize = size;
    }

    /** Counts every frame written from now on into {@code counters} (a server's metrics); null stops counting. */
    public void countInto(WireCounters counters) {
        this.counters = counters;
    }

    /** The largest payload this writer sends. */
    public int maxFrameSize() {
        return maxFrameSize;
    }

    /**
     * Writes one frame (not HELLO: use {@link #writeHello}).
     *
     * @throws WireException FRAME_TOO_LARGE, before anything is written, if the payload exceeds the peer's limit
     */
    public synchronized void write(Frame frame) throws IOException {
        if (frame.type() == FrameType.HELLO) {
            throw new IllegalArgumentException("HELLO goes first, with its preamble: use writeHello");
        }
        if (frame instanceof Data) {
            // Bulk data: encoded into the reused array, so a 1 MiB block costs no 64 KiB allocation per frame.
            PayloadWriter w = FrameCodec.encodeInto(frame, scratch);
            scratch = w.array();
            checkLength(frame, w.length());
            out.write(scratch, 0, w.length());
            count(w.length());
        } else {
            byte[] bytes = encode(frame);
            checkLength(frame, bytes.length);
            out.write(bytes);
            count(bytes.length);
        }
    }

    private void count(int frameBytes) {
        WireCounters c = counters;
        if (c != null) {
            c.written(frameBytes);
        }
    }

    private void checkLength(Frame frame, int frameBytes) throws WireException {
        int length = frameBytes - PayloadWriter.HEADER_LENGTH;
        if (length > maxFrameSize) {
            throw new WireException(CloseCode.FRAME_TOO_LARGE,
                    frame.type() + ": frame length " + length + " exceeds peer limit " + maxFrameSize);
        }
    }

    /** Writes the preamble ("IOSW", version) and the HELLO frame. */
    public synchronized void writeHello(Hello hello) throws IOException {
        out.write(encodeHello(hello));
    }

    /** Flushes the stream. */
    public synchronized void flush() throws IOException {
        out.flush();
    }

    /** The bytes of one frame, header included (not HELLO). */
    public static byte[] encode(Frame frame) throws WireException {
        return FrameCodec.encode(frame);
    }

    /** The bytes of the preamble and HELLO frame. */
    public static byte[] encodeHello(Hello hello) throws WireException {
        byte[] frame = FrameCodec.encode(hello);
        if (frame.length - PayloadWriter.HEADER_LENGTH > WireLimits.MIN_FRAME_SIZE) {
            throw new WireException(CloseCode.FRAME_TOO_LARGE, "HELLO: frame length exceeds " + WireLimits.MIN_FRAME_SIZE);
        }
        byte[] all = new byte[Hello.MAGIC.length + 2 + frame.length];
        System.arraycopy(Hello.MAGIC, 0, all, 0, Hello.MAGIC.length);
        all[4] = (byte) (hello.version() >>> 8);
        all[5] = (byte) hello.version();
        System.arraycopy(frame, 0, all, 6, frame.length);
        return all;
    }
}
