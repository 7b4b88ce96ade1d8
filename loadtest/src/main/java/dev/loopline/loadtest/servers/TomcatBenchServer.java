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
import org.apache.coyote.http2.Http2Protocol;
import org.apache.tomcat.util.net.SSLHostConfig;
import org.apache.tomcat.util.net.SSLHostConfigCertificate;

/**
 * {@code tomcat-platform} and {@code tomcat-virtual}: embedded Tomcat 11, NIO connector, one servlet. Every
 * attribute that differs from Tomcat's default is set here, by its server.xml name, with the reason. HTTP/2 is
 * Tomcat's {@link Http2Protocol} upgrade on the connector: h2c (prior knowledge or upgrade) on the cleartext port, h2
 * by ALPN in TLS mode (JSSE, the JDK's engine).
 */
final class TomcatBenchServer implements RunningServer {

    private final Tomcat tomcat;
    private final Connector connector;
    private final Path baseDir;
    private final boolean virtual;
    private final BenchTls tls;

    private TomcatBenchServer(int port, boolean virtual, BenchTls tls) throws IOException, LifecycleException {
        this.virtual = virtual;
        this.tls = tls;
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
        Http2Protocol http2 = new Http2Protocol();
        http2.setMaxConcurrentStreams(NettyRawHttp2Handler.MAX_CONCURRENT_STREAMS); // Tomcat's default, stated
        connector.addUpgradeProtocol(http2);
        if (tls != null) {
            enableTls(tls);
        }
        tomcat.setConnector(connector);
        Context context = tomcat.addContext("", baseDir.toString());
        Tomcat.addServlet(context, "bench", new TomcatBenchServlet());
        context.addServletMappingDecoded("/*", "bench");
        tomcat.start();
        if (connector.getState() != org.apache.catalina.LifecycleState.STARTED) { // Tomcat logs this, throws nothing
            tomcat.destroy();
            throw new IllegalStateException("Tomcat's connector did not start (" + connector.getState()
                    + "); its log above says why");
        }
    }

    static RunningServer start(int port, boolean virtual, BenchTls tls) throws IOException, LifecycleException {
        return new TomcatBenchServer(port, virtual, tls);
    }

    /** TLS on JSSE with the bench's PEM files, protocols and ciphers (server order), ALPN h2 then http/1.1. */
    private void enableTls(BenchTls tls) {
        if (tls.engine() != BenchTls.Engine.JDK) {
            throw new IllegalArgumentException("the Tomcat bench runs TLS on JSSE only (asked: " + tls.engine() + ")");
        }
        set("SSLEnabled", "true");
        // JSSE, named: Tomcat 11 could otherwise pick its OpenSSL (FFM) implementation when one is configured.
        set("sslImplementationName", "org.apache.tomcat.util.net.jsse.JSSEImplementation");
        connector.setScheme("https");
        connector.setSecure(true);
        SSLHostConfig host = new SSLHostConfig();
        host.setProtocols("+" + String.join(",+", BenchTls.PROTOCOLS));
        // Tomcat takes TLS 1.3 suites and older ciphers in two lists; together they are the shared list, in order.
        host.setCipherSuites(BenchTls.CIPHERS.stream().filter(c -> !c.contains("_WITH_"))
                .collect(java.util.stream.Collectors.joining(":")));
        host.setCiphers(BenchTls.CIPHERS.stream().filter(c -> c.contains("_WITH_"))
                .collect(java.util.stream.Collectors.joining(",")));
        host.setHonorCipherOrder(true);
        SSLHostConfigCertificate certificate = new SSLHostConfigCertificate(host, SSLHostConfigCertificate.Type.EC);
        certificate.setCertificateFile(tls.certificate().toAbsolutePath().toString()); // relative: to the base dir
        certificate.setCertificateKeyFile(tls.key().toAbsolutePath().toString());
        host.addCertificate(certificate);
        connector.addSslHostConfig(host);
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
                + " protocol=" + connector.getProtocolHandlerClassName() + " upgrade=h2"
                + (tls == null ? "c" : " tls=jdk (JSSE) alpn=h2,http/1.1");
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
