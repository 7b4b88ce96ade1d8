package dev.loopline.server.internal;

import io.netty.channel.EventLoop;
import java.net.InetSocketAddress;

/** What a request knows of the connection it arrived on: enough for offloading, timers and writing back. */
interface ConnectionContext {

    ServerRuntime runtime();

    /** The connection's own event loop, where its response is written. */
    EventLoop loop();

    /** False once the client has gone away: offloaded work for it is not started. */
    boolean isOpen();

    /** {@code http}, or {@code https} on a TLS connection. */
    String scheme();

    /** The TLS session, or null on a cleartext connection. */
    default dev.loopline.server.TlsSession tls() {
        return null;
    }

    InetSocketAddress localAddress();

    InetSocketAddress remoteAddress();

    /** The connection's timers, cancelled when it closes (loop thread only). */
    ConnectionTimers timers();
}
