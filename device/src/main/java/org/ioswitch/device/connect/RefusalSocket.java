package org.ioswitch.device.connect;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PushbackInputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketAddress;
import java.net.SocketException;
import org.ioswitch.common.wire.Close;
import org.ioswitch.common.wire.Frame;
import org.ioswitch.common.wire.FrameReader;
import org.ioswitch.common.wire.FrameType;
import org.ioswitch.common.wire.WireLimits;

/**
 * The outer connection to a switchbox as seen by the inner TLS handshake. A switchbox that will not relay answers the
 * HELLO with a wire CLOSE ({@code 0x3F}) where the home server's first TLS record ({@code 0x16}) would start; this
 * socket notices that first byte, keeps the CLOSE for the error message and ends the stream, so the client reports the
 * switchbox's reason instead of a garbled TLS failure. Every other byte passes through untouched.
 */
final class RefusalSocket extends Socket {
    private final Socket outer;
    private final FirstByteCheck in;

    RefusalSocket(Socket outer) throws IOException {
        this.outer = outer;
        this.in = new FirstByteCheck(new PushbackInputStream(outer.getInputStream(), 1));
    }

    /** The switchbox's CLOSE, if it answered the HELLO with one. */
    Close refusal() {
        return in.refusal;
    }

    @Override
    public InputStream getInputStream() {
        return in;
    }

    @Override
    public OutputStream getOutputStream() throws IOException {
        return outer.getOutputStream();
    }

    @Override
    public synchronized void close() throws IOException {
        outer.close();
    }

    @Override
    public boolean isClosed() {
        return outer.isClosed();
    }

    @Override
    public boolean isConnected() {
        return outer.isConnected();
    }

    @Override
    public boolean isBound() {
        return outer.isBound();
    }

    @Override
    public boolean isInputShutdown() {
        return outer.isInputShutdown();
    }

    @Override
    public boolean isOutputShutdown() {
        return outer.isOutputShutdown();
    }

    @Override
    public void shutdownInput() throws IOException {
        outer.close();
    }

    @Override
    public void shutdownOutput() throws IOException {
        outer.close();
    }

    @Override
    public synchronized void setSoTimeout(int timeout) throws SocketException {
        outer.setSoTimeout(timeout);
    }

    @Override
    public synchronized int getSoTimeout() throws SocketException {
        return outer.getSoTimeout();
    }

    @Override
    public void setTcpNoDelay(boolean on) throws SocketException {
        outer.setTcpNoDelay(on);
    }

    @Override
    public boolean getTcpNoDelay() throws SocketException {
        return outer.getTcpNoDelay();
    }

    @Override
    public void setKeepAlive(boolean on) throws SocketException {
        outer.setKeepAlive(on);
    }

    @Override
    public InetAddress getInetAddress() {
        return outer.getInetAddress();
    }

    @Override
    public int getPort() {
        return outer.getPort();
    }

    @Override
    public SocketAddress getRemoteSocketAddress() {
        return outer.getRemoteSocketAddress();
    }

    @Override
    public InetAddress getLocalAddress() {
        return outer.getLocalAddress();
    }

    @Override
    public int getLocalPort() {
        return outer.getLocalPort();
    }

    @Override
    public SocketAddress getLocalSocketAddress() {
        return outer.getLocalSocketAddress();
    }

    @Override
    public void connect(SocketAddress endpoint, int timeout) throws IOException {
        throw new IOException("the connection to the switchbox is already open");
    }

    @Override
    public String toString() {
        return "switchbox stream over " + outer;
    }

    /** Checks the first byte once; then a plain pass-through. */
    private static final class FirstByteCheck extends InputStream {
        private final PushbackInputStream in;
        /** Reader thread (the TLS handshake) writes, the caller reads after the handshake failed. */
        private volatile Close refusal;
        private boolean checked;

        FirstByteCheck(PushbackInputStream in) {
            this.in = in;
        }

        private boolean refused() throws IOException {
            if (checked) {
                return refusal != null;
            }
            int first = in.read();
            if (first < 0) {
                return false; // end of stream: the handshake reports it
            }
            in.unread(first);
            checked = true;
            if (first == FrameType.CLOSE.code()) {
                Frame frame = new FrameReader(in, WireLimits.DEFAULT).next();
                if (frame instanceof Close close) {
                    refusal = close;
                }
                return true;
            }
            return false;
        }

        @Override
        public int read() throws IOException {
            return refused() ? -1 : in.read();
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (len == 0) {
                return 0;
            }
            return refused() ? -1 : in.read(b, off, len);
        }

        @Override
        public int available() throws IOException {
            return checked && refusal == null ? in.available() : 0;
        }

        @Override
        public void close() throws IOException {
            in.close();
        }
    }
}
