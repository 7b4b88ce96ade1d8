package dev.loopline.loadtest.servers;

import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The bench servers, by the name used on the command line and in the report. Every one but nginx is a Java server
 * started in its own JVM by {@link ServerCommand}; nginx, the C reference, is the distribution's binary, which
 * answers {@code /plaintext} and {@code /json} only.
 */
public enum ServerKind {
    LOOPLINE("loopline", Model.EVENT_LOOP, false),
    NETTY_RAW("netty-raw", Model.EVENT_LOOP, false),
    NGINX("nginx", Model.EVENT_LOOP, false),
    JETTY_PLATFORM("jetty-platform", Model.THREAD_PER_REQUEST, false),
    TOMCAT_PLATFORM("tomcat-platform", Model.THREAD_PER_REQUEST, false),
    JETTY_VIRTUAL("jetty-virtual", Model.THREAD_PER_REQUEST, true),
    TOMCAT_VIRTUAL("tomcat-virtual", Model.THREAD_PER_REQUEST, true);

    /** How a server runs handlers: on its event loops, or one (platform or virtual) thread per request. */
    public enum Model { EVENT_LOOP, THREAD_PER_REQUEST }

    private final String benchName;
    private final Model model;
    private final boolean needsVirtualThreads;

    ServerKind(String benchName, Model model, boolean needsVirtualThreads) {
        this.benchName = benchName;
        this.model = model;
        this.needsVirtualThreads = needsVirtualThreads;
    }

    public String benchName() {
        return benchName;
    }

    public Model model() {
        return model;
    }

    public boolean isEventLoop() {
        return model == Model.EVENT_LOOP;
    }

    /** A Java server in a JVM of its own: it has a heap, a JIT and the {@link ServerCommand} protocol. */
    public boolean isJvm() {
        return this != NGINX;
    }

    /**
     * Whether it answers the whole {@link BenchContract} ({@code /slow}, {@code /cpu} too); nginx answers
     * {@code /plaintext} and {@code /json} only, so the scenarios that need more skip it.
     */
    public boolean answersWholeContract() {
        return this != NGINX;
    }

    /** Virtual threads are final in JDK 21; these servers are skipped without a 21+ runtime. */
    public boolean needsVirtualThreads() {
        return needsVirtualThreads;
    }

    /**
     * The TLS engines this server can run: OpenSSL and the JDK's for Loopline and raw Netty; the JDK's for Jetty and
     * Tomcat (their own OpenSSL paths, Conscrypt and Tomcat's FFM OpenSSL, are not set up here); none for nginx.
     */
    public List<BenchTls.Engine> tlsEngines() {
        switch (this) {
            case LOOPLINE:
            case NETTY_RAW:
                return List.of(BenchTls.Engine.OPENSSL, BenchTls.Engine.JDK);
            case NGINX:
                return List.of();
            default:
                return List.of(BenchTls.Engine.JDK);
        }
    }

    /**
     * Starts this Java server on 127.0.0.1:{@code port} in this JVM; returns once it listens. {@code tls} null: the
     * cleartext port (HTTP/1.1 and h2c); else TLS with that engine and certificate (h2 or HTTP/1.1 by ALPN).
     */
    public RunningServer start(int port, BenchTls tls) throws Exception {
        switch (this) {
            case LOOPLINE:
                return LooplineBenchServer.start(port, tls);
            case NETTY_RAW:
                return NettyRawServer.start(port, tls);
            case JETTY_PLATFORM:
                return JettyBenchServer.start(port, false, tls);
            case JETTY_VIRTUAL:
                return JettyBenchServer.start(port, true, tls);
            case TOMCAT_PLATFORM:
                return TomcatBenchServer.start(port, false, tls);
            case TOMCAT_VIRTUAL:
                return TomcatBenchServer.start(port, true, tls);
            case NGINX:
                throw new IllegalArgumentException("nginx is not a Java server: the runner starts the nginx binary");
            default:
                throw new AssertionError(this);
        }
    }

    /** The server called {@code name}, or null when there is none (a report from another version of the kit). */
    public static ServerKind named(String name) {
        for (ServerKind kind : values()) {
            if (kind.benchName.equals(name)) {
                return kind;
            }
        }
        return null;
    }

    public static ServerKind byName(String name) {
        for (ServerKind kind : values()) {
            if (kind.benchName.equals(name)) {
                return kind;
            }
        }
        throw new IllegalArgumentException("unknown server '" + name + "'; one of: " + names());
    }

    public static String names() {
        return Arrays.stream(values()).map(ServerKind::benchName).collect(Collectors.joining(", "));
    }

    public static List<ServerKind> all() {
        return List.of(values());
    }
}
