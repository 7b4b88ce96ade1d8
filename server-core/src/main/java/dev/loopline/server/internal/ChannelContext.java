package dev.loopline.server.internal;

import dev.loopline.server.TlsSession;
import io.netty.channel.Channel;
import io.netty.channel.EventLoop;
import io.netty.handler.ssl.SslHandler;
import java.net.InetSocketAddress;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;

/**
 * The facts of one HTTP/1.1 connection that its requests carry (through their {@link ResponseSlot}s): its loop,
 * addresses, timers, and whether it is still open. Written on the connection's loop; {@link #isOpen()} is read by
 * offload workers too.
 */
final class ChannelContext implements ConnectionContext {

    private final ServerRuntime runtime;
    private final Channel channel;
    private final InetSocketAddress remoteAddress;
    private final InetSocketAddress localAddress;
    private ConnectionTimers timers; // made on first use
    private volatile TlsSession tls; // made on first use, after the handshake
    private volatile boolean closed;

    ChannelContext(ServerRuntime runtime, Channel channel) {
        this.runtime = runtime;
        this.channel = channel;
        this.remoteAddress = (InetSocketAddress) channel.remoteAddress();
        this.localAddress = (InetSocketAddress) channel.localAddress();
    }

    @Override
    public ServerRuntime runtime() {
        return runtime;
    }

    @Override
    public String scheme() {
        return runtime.config.tls() == null ? "http" : "https"; // a TLS port answers cleartext with a 400 only
    }

    @Override
    public TlsSession tls() {
        TlsSession session = tls;
        if (session == null && runtime.config.tls() != null) {
            SslHandler handler = channel.pipeline().get(SslHandler.class);
            if (handler == null || !handler.handshakeFuture().isSuccess()) {
                return null;
            }
            SSLSession ssl = handler.engine().getSession();
            List<X509Certificate> peers = new ArrayList<>();
            try {
                for (Certificate certificate : ssl.getPeerCertificates()) {
                    if (certificate instanceof X509Certificate) {
                        peers.add((X509Certificate) certificate);
                    }
                }
            } catch (SSLPeerUnverifiedException none) {
                // no client certificate
            }
            session = new TlsSession(ssl.getProtocol(), ssl.getCipherSuite(), peers, TlsHandlers.serverName(ssl));
            tls = session;
        }
        return session;
    }

    @Override
    public InetSocketAddress localAddress() {
        return localAddress;
    }

    @Override
    public InetSocketAddress remoteAddress() {
        return remoteAddress;
    }

    @Override
    public ConnectionTimers timers() {
        if (timers == null) {
            timers = new ConnectionTimers(channel.eventLoop(), runtime.pendingTimers);
            if (closed) {
                timers.closeAll();
            }
        }
        return timers;
    }

    @Override
    public EventLoop loop() {
        return channel.eventLoop();
    }

    @Override
    public boolean isOpen() {
        return !closed && channel.isActive();
    }

    boolean isClosed() {
        return closed;
    }

    /** Nothing more is read or answered on this connection (it closed, or a lingering close owns it). */
    void markClosed() {
        closed = true;
    }

    /** The connection has closed: its pending timers are cancelled. */
    void closeTimers() {
        closed = true;
        if (timers != null) {
            timers.closeAll(); // handler timeouts and Delay timers: nothing is left scheduled for it
        }
    }
}
