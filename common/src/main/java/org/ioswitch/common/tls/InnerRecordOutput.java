package org.ioswitch.common.tls;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import org.ioswitch.common.tunnel.TunnelCodec;

/**
 * The output of a TLS session that runs inside another (end to end through a switchbox): cuts writes so that each
 * inner record fits one outer record. A 16 KiB inner record is 16,406 bytes on the wire (TLS 1.3: header, content
 * type, tag) and the outer session, whose records carry at most 16,384, would send it as two records, one of 22
 * bytes; every hop of the relay then handles twice the records. Writes of at most {@value #MAX_PIECE} bytes make
 * inner records the outer session carries whole, and that the switchbox then forwards, as one tunnel STREAM_DATA
 * frame, in one record of the tunnel's TLS session too.
 */
public final class InnerRecordOutput extends FilterOutputStream {
    /**
     * 16,384 minus the larger record overhead of TLS 1.2 with AES-GCM (5 header, 8 explicit nonce, 16 tag; TLS 1.3
     * needs 22: 5 header, 1 content type, 16 tag) and minus the tunnel's STREAM_DATA frame overhead (10), so the
     * switchbox's frame carrying the inner record fits one tunnel record: with a 16,377-byte inner record the frame
     * was 16,387 bytes, and every chunk took a second, 3-byte tunnel record (measured 2026-12-03, docs/performance.md).
     */
    static final int MAX_PIECE = 16_384 - 29 - TunnelCodec.HEADER_LENGTH - TunnelCodec.DATA_OVERHEAD;

    /** Over the inner TLS socket's own output stream. */
    public InnerRecordOutput(OutputStream innerTls) {
        super(innerTls);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        while (len > 0) {
            int piece = Math.min(len, MAX_PIECE);
            out.write(b, off, piece);
            off += piece;
            len -= piece;
        }
    }
}
