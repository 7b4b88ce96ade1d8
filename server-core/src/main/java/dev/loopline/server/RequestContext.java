package dev.loopline.server;

import java.net.InetSocketAddress;

/**
 * What the server knows about the exchange a request belongs to: where it came from, and whether it is still
 * wanted. Every {@link Request} hands on the context of the request it was made from, so a filter's wrapper or a
 * derived request ({@link Request#withHeader}, {@link Request#with}) keeps it: a delegating {@code Request}
 * implementation simply returns its delegate's context. Offload, Delay, Health, timeouts and the loop guard find
 * the request's connection through it.
 */
public interface RequestContext {

    /**
     * {@code http} or {@code https}: the scheme of the connection, or the one a trusted proxy says the client
     * used ({@code Forwarded: proto=}, {@code X-Forwarded-Proto}; see {@link ServerConfig#trustedProxies()}).
     */
    String scheme();

    /**
     * The authority the client asked for, {@code host[:port]}: a trusted proxy's {@code Forwarded: host=} or
     * {@code X-Forwarded-Host}, else the authority of an absolute-form request-target, else {@code Host}; empty
     * when there is none (an HTTP/1.0 request without {@code Host}).
     */
    String authority();

    /** The server's address of the connection. */
    InetSocketAddress localAddress();

    /** The socket peer: the client, or the proxy in front of the server. */
    InetSocketAddress remoteAddress();

    /**
     * The client's address: the socket peer, unless that peer is a trusted proxy (see
     * {@link ServerConfig#trustedProxies()}); then the rightmost address in its {@code Forwarded} or
     * {@code X-Forwarded-For} chain that is not a trusted proxy (port 0 when the header names none).
     */
    InetSocketAddress clientAddress();

    /**
     * True once the request is no longer wanted: its handler timed out, or its client went away. Offloaded work
     * of a cancelled request that has not started never starts; long-running work may check this and stop.
     */
    boolean isCancelled();

    /**
     * The TLS session of the request's connection: empty on a cleartext connection (and for a request made without
     * a server). It describes the connection to the server, not what a proxy in front of it saw.
     */
    default java.util.Optional<TlsSession> tls() {
        return java.util.Optional.empty();
    }

    /**
     * Tells the server which route's pattern matched (for example {@code /todos/{id}}; a pattern, never a raw path,
     * which would make a series per URL), for its {@link ExchangeObserver}s and loop time per route (each loop keeps
     * 1024 routes apart; more share one entry). A router calls it when it does not make a routed request with
     * {@link Request#withRoute} (which tells the server itself); the default does nothing.
     */
    default void routeMatched(String routePattern) {
    }
}
