package dev.loopline.loadtest.servers;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import org.apache.catalina.Context;
import org.apache.catalina.LifecycleException;
import org.apache.catalina.connector.Connector;
import org.apache.catalina.startup.Tomcat;

/**
 * {@code tomcat-platform} and {@code tomcat-virtual}: embedded Tomcat 11, NIO connector, one servlet. Every
 * attribute that differs from Tomcat's default is set here, by its server.xml name, with the reason.
 */
final class TomcatBenchServer implements RunningServer {

    private final Tomcat tomcat;
    private final Connector connector;
    private final Path baseDir;
    private final boolean virtual;

    private TomcatBenchServer(int port, boolean virtual) throws IOException, LifecycleException {
        this.virtual = virtual;
        baseDir = Files.createTempDirectory("loopline-tomcat-");
        tomcat = new Tomcat();
        tomcat.setBaseDir(baseDir.toString());
        connector = new Connector("HTTP/1.1"); // Http11NioProtocol
        connector.setPort(port);
        set("address", BenchLimits.HOST);
        set("maxThreads", String.valueOf(BenchLimits.PLATFORM_POOL_THREADS)); // Tomcat's default, stated
        set("acceptCount", String.valueOf(BenchLimits.BACKLOG)); // default 100
        set("maxKeepAliveRequests", "-1"); // default 100 requests, then the connection is closed
        set("maxConnections", String.valueOf(BenchLimits.MAX_CONNECTIONS)); // default 8192 < the idle scenario
        set("keepAliveTimeout", String.valueOf(BenchLimits.IDLE_TIMEOUT.toMillis())); // default: connectionTimeout
        set("server", "Apache Tomcat"); // default: no Server header, which every other server sends
        if (virtual) {
            if (Runtime.version().feature() < 21) {
                throw new IllegalStateException("tomcat-virtual needs a Java 21+ runtime (this is "
                        + Runtime.version() + ")");
            }
            set("useVirtualThreads", "true"); // one virtual thread per request, unbounded
        }
        tomcat.setConnector(connector);
        Context context = tomcat.addContext("", baseDir.toString());
        Tomcat.addServlet(context, "bench", new TomcatBenchServlet());
        context.addServletMappingDecoded("/*", "bench");
        tomcat.start();
    }

    static RunningServer start(int port, boolean virtual) throws IOException, LifecycleException {
        return new TomcatBenchServer(port, virtual);
    }

    private void set(String attribute, String value) {
        if (!connector.setProperty(attribute, value)) {
            throw new IllegalStateException("Tomcat connector refused " + attribute + "=" + value);
        }
    }

    @Override
    public int port() {
        return connector.getLocalPort();
    }

    @Override
    public String details() {
        return "threads=" + (virtual ? "virtual (unbounded)" : "platform pool of " + BenchLimits.PLATFORM_POOL_THREADS)
                + " protocol=" + connector.getProtocolHandlerClassName();
    }

    @Override
    public void close() {
        try {
            tomcat.stop();
            tomcat.destroy();
        } catch (LifecycleException e) {
            throw new IllegalStateException("Tomcat did not stop cleanly", e);
        } finally {
            deleteBaseDir();
        }
    }

    private void deleteBaseDir() {
        try (Stream<Path> files = Files.walk(baseDir)) {
            for (Path file : (Iterable<Path>) files.sorted(Comparator.reverseOrder())::iterator) {
                Files.deleteIfExists(file);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete Tomcat's work directory " + baseDir, e);
        }
    }
}
