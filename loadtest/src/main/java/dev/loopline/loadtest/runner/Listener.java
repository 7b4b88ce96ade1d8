package dev.loopline.loadtest.runner;

import dev.loopline.loadtest.servers.BenchTls;
import dev.loopline.loadtest.servers.ServerKind;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What a server session listens on: the cleartext port (HTTP/1.1 and h2c), or TLS with one engine (h2 and
 * http/1.1 by ALPN). Each is a JVM of its own, so a server's TLS rows never share a process with its cleartext rows.
 */
enum Listener {
    CLEARTEXT(null),
    TLS_OPENSSL(BenchTls.Engine.OPENSSL),
    TLS_JDK(BenchTls.Engine.JDK);

    private final BenchTls.Engine engine;

    Listener(BenchTls.Engine engine) {
        this.engine = engine;
    }

    /**
     * The servers with TLS rows: Loopline, raw Netty and the platform-thread Jetty and Tomcat. The virtual-thread
     * variants run the same TLS and HTTP/2 code as their platform twins, so they are left out to keep the run short.
     */
    private static final Set<ServerKind> TLS_SERVERS = Set.of(ServerKind.LOOPLINE, ServerKind.NETTY_RAW,
            ServerKind.JETTY_PLATFORM, ServerKind.TOMCAT_PLATFORM);

    /** The TLS listeners (one per engine it has) of {@code kind} in the TLS scenarios; empty when it has none. */
    static List<Listener> tlsListeners(ServerKind kind) {
        if (!TLS_SERVERS.contains(kind)) {
            return List.of();
        }
        return kind.tlsEngines().stream().map(Listener::tls).collect(Collectors.toList());
    }

    static Listener tls(BenchTls.Engine engine) {
        return engine == BenchTls.Engine.OPENSSL ? TLS_OPENSSL : TLS_JDK;
    }

    boolean isTls() {
        return engine != null;
    }

    BenchTls.Engine engine() {
        return engine;
    }

    String scheme() {
        return isTls() ? "https" : "http";
    }

    /** The report's variant for rows measured on this listener: the engine's name, or empty for cleartext. */
    String variant() {
        return isTls() ? engine.label() : "";
    }

    /** The server command's arguments for this listener. */
    List<String> serverArguments(BenchCertificate certificate) {
        return isTls() ? new BenchTls(engine, certificate.certificate(), certificate.key()).arguments() : List.of();
    }

    /** For log file names: {@code -tls-openssl}, or nothing. */
    String suffix() {
        return isTls() ? "-tls-" + engine.label() : "";
    }
}
