package org.ioswitch.common.tunnel;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketAddress;
import java.net.UnknownHostException;

/**
 * A {@link Socket} view of a tunnel stream, so BCJSSE ({@code createSocket(socket, host, port, true)}) and session
 * code treat it like an accepted TCP connection. The remote address is the relayed client's, as the switchbox saw it.
 */
final class StreamSocket extends Socket {
    private final TunnelStream stream;
    private final InetAddress clientAddress;

    StreamSocket(TunnelStream stream) {
        this.stream = stream;
        this.clientAddress = parse(stream.info().clientHost());
    }

    private static InetAddress parse(String host) {
        try {
            // the switchbox sends an IP literal, so this never queries DNS
            return InetAddress.getByName(host.isEmpty() ? "0.0.0.0" : host);
        } catch (UnknownHostException e) {
            return InetAddress.getLoopbackAddress();
        }
    }

    @Override
    public InputStream getInputStream() {
        return stream.input();
    }

    @Override
    public OutputStream getOutputStream() {
        return stream.output();
    }

    @Override
    public void close() {
        stream.close();
    }

    @Override
    public boolean isClosed() {
        return stream.isClosed();
    }

    @Override
    public boolean isConnected() {
        return true;
    }

    @Override
    public boolean isBound() {
        return true;
    }

    @Override
    public void shutdownInput() {
        stream.close();
    }

    @Override
    public void shutdownOutput() {
        stream.close();
    }

    @Override
    public boolean isInputShutdown() {
        return stream.isClosed();
    }

    @Override
    public boolean isOutputShutdown() {
        return stream.isClosed();
    }

    @Override
    public void setSoTimeout(int timeout) {
        if (timeout < 0) {
            throw new IllegalArgumentException("timeout must be >= 0, was " + timeout);
        }
        stream.soTimeout(timeout);
    }

    @Override
    public int getSoTimeout() {
        return stream.soTimeout();
    }

    @Override
    public InetAddress getInetAddress() {
        return clientAddress;
    }

    @Override
    public int getPort() {
        return stream.info().clientPort();
    }

    @Override
    public SocketAddress getRemoteSocketAddress() {
        return new InetSocketAddress(clientAddress, stream.info().clientPort());
    }

    @Override
    public InetAddress getLocalAddress() {
        return InetAddress.getLoopbackAddress();
    }

    @Override
    public int getLocalPort() {
        return 0;
    }

    @Override
    public SocketAddress getLocalSocketAddress() {
        return null;
    }

    @Override
    public void setTcpNoDelay(boolean on) {
        // a tunnel stream has no Nagle; the tunnel writer flushes when idle
    }

    @Override
    public boolean getTcpNoDelay() {
        return true;
    }

    @Override
    public void setKeepAlive(boolean on) {
        // the tunnel has its own keepalive
    }

    @Override
    public void connect(SocketAddress endpoint, int timeout) throws IOException {
        throw new IOException("a tunnel stream is already connected");
    }

    @Override
    public String toString() {
        return "StreamSocket[" + stream + "]";
    }
}
