package dev.loopline.loadtest.servers;

import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.VirtualThreads;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * {@code jetty-platform} and {@code jetty-virtual}: Jetty 12 with a core (non-servlet) blocking handler, so every
 * request runs on a pool thread, or on its own virtual thread.
 */
final class JettyBenchServer implements RunningServer {

    private final Server server;
    private final ServerConnector connector;
    private final boolean virtual;

    private JettyBenchServer(int port, boolean virtual) throws Exception {
        this.virtual = virtual;
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
        connector = new ServerConnector(server, new HttpConnectionFactory(http));
        connector.setHost(BenchLimits.HOST);
        connector.setPort(port);
        connector.setAcceptQueueSize(BenchLimits.BACKLOG); // default 0 leaves the JDK's backlog of 50
        connector.setIdleTimeout(BenchLimits.IDLE_TIMEOUT.toMillis()); // default 30 s
        server.addConnector(connector);
        server.setHandler(new JettyBenchHandler());
        server.start();
    }

    static RunningServer start(int port, boolean virtual) throws Exception {
        return new JettyBenchServer(port, virtual);
    }

    @Override
    public int port() {
        return connector.getLocalPort();
    }

    @Override
    public String details() {
        return "threads=" + (virtual ? "virtual (unbounded)" : "platform pool of " + BenchLimits.PLATFORM_POOL_THREADS)
                + " selectors=" + connector.getSelectorManager().getSelectorCount()
                + " acceptors=" + connector.getAcceptors();
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
