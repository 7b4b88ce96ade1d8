package dev.loopline.loadtest.servers;

import org.eclipse.jetty.alpn.server.ALPNServerConnectionFactory;
import org.eclipse.jetty.http2.server.HTTP2CServerConnectionFactory;
import org.eclipse.jetty.http2.server.HTTP2ServerConnectionFactory;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.util.VirtualThreads;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * {@code jetty-platform} and {@code jetty-virtual}: Jetty 12 with a core (non-servlet) blocking handler, so every
 * request runs on a pool thread, or on its own virtual thread. The cleartext connector speaks HTTP/1.1 and h2c (prior
 * knowledge or upgrade); in TLS mode the one connector is TLS on the JDK's engine with ALPN h2, then http/1.1.
 */
final class JettyBenchServer implements RunningServer {

    private final Server server;
    private final ServerConnector connector;
    private final boolean virtual;
    private final BenchTls tls;

    private JettyBenchServer(int port, boolean virtual, BenchTls tls) throws Exception {
        this.virtual = virtual;
        this.tls = tls;
        QueuedThreadPool pool = new QueuedThreadPool(BenchLimits.PLATFORM_POOL_THREADS); // Jetty's default, stated
        pool.setName(virtual ? "jetty-virtual" : "jetty-platform");
        if (virtual) {
            if (!VirtualThreads.areSupported()) {
                throw new IllegalStateException("jetty-virtual needs a Java 21+ runtime (this is "
                        + Runtime.version() + ")");
            }
            // Unbounded, like tomcat-virtual: handlers run one virtual thread each; the pool keeps the selectors.
            pool.setVirtualThreadsExecutor(VirtualThreads.getNamedVirtualThreadsExecutor("jetty-vt-"));
        }
        server = new Server(pool);
        HttpConfiguration http = new HttpConfiguration(); // defaults: Date and Server headers, unlimited keep-alive
        connector = tls == null
                ? new ServerConnector(server, new HttpConnectionFactory(http), http2(new HTTP2CServerConnectionFactory(http)))
                : tlsConnector(server, http, tls);
        connector.setHost(BenchLimits.HOST);
        connector.setPort(port);
        connector.setAcceptQueueSize(BenchLimits.BACKLOG); // default 0 leaves the JDK's backlog of 50
        connector.setIdleTimeout(BenchLimits.IDLE_TIMEOUT.toMillis()); // default 30 s
        server.addConnector(connector);
        server.setHandler(new JettyBenchHandler());
        server.start();
    }

    static RunningServer start(int port, boolean virtual, BenchTls tls) throws Exception {
        return new JettyBenchServer(port, virtual, tls);
    }

    /** TLS (JDK engine: Jetty has no OpenSSL one) with ALPN choosing h2 or http/1.1, the same ciphers as all. */
    private static ServerConnector tlsConnector(Server server, HttpConfiguration http, BenchTls tls) throws Exception {
        if (tls.engine() != BenchTls.Engine.JDK) {
            throw new IllegalArgumentException("Jetty runs TLS on the JDK's engine only (asked: " + tls.engine() + ")");
        }
        SecureRequestCustomizer secure = new SecureRequestCustomizer();
        secure.setSniHostCheck(false); // the bench connects to 127.0.0.1, the certificate names localhost
        http.addCustomizer(secure);
        SslContextFactory.Server ssl = new SslContextFactory.Server();
        ssl.setKeyStore(tls.keyStore());
        ssl.setKeyStorePassword(BenchTls.STORE_PASSWORD);
        ssl.setIncludeProtocols(BenchTls.PROTOCOLS.toArray(String[]::new));
        ssl.setIncludeCipherSuites(BenchTls.CIPHERS.toArray(String[]::new));
        ssl.setUseCipherSuitesOrder(true); // the server's order, as the other servers
        ALPNServerConnectionFactory alpn = new ALPNServerConnectionFactory(BenchTls.ALPN.toArray(String[]::new));
        alpn.setDefaultProtocol("http/1.1"); // a client without ALPN
        return new ServerConnector(server, new SslConnectionFactory(ssl, alpn.getProtocol()), alpn,
                http2(new HTTP2ServerConnectionFactory(http)), new HttpConnectionFactory(http));
    }

    /** Jetty's HTTP/2 with the same stream limit as every other server (Jetty's default is 128). */
    private static <T extends org.eclipse.jetty.http2.server.AbstractHTTP2ServerConnectionFactory> T http2(T h2) {
        h2.setMaxConcurrentStreams(NettyRawHttp2Handler.MAX_CONCURRENT_STREAMS);
        return h2;
    }

    @Override
    public int port() {
        return connector.getLocalPort();
    }

    @Override
    public String details() {
        return "threads=" + (virtual ? "virtual (unbounded)" : "platform pool of " + BenchLimits.PLATFORM_POOL_THREADS)
                + " selectors=" + connector.getSelectorManager().getSelectorCount()
                + " acceptors=" + connector.getAcceptors() + " protocols=" + connector.getProtocols();
    }

    @Override
    public void close() {
        try {
            server.stop();
        } catch (Exception e) {
            throw new IllegalStateException("Jetty did not stop cleanly", e);
        }
    }
}
