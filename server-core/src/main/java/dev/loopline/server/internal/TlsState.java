package dev.loopline.server.internal;

import dev.loopline.server.TlsConfig;
import io.netty.handler.ssl.SslContext;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The TLS context new connections get, and its hot reload: a daemon thread (never an event loop) checks the files'
 * modification times and sizes every {@link TlsConfig#reloadInterval()}; files that changed and then stayed the same
 * for one interval (so that a certificate and key written one after the other are read together) are loaded into a
 * new context. Open connections keep the engine they were given. Files that cannot be used keep the old context and
 * log one ERROR, until they change again.
 */
final class TlsState implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Loggers.SERVER);

    private final TlsConfig config;
    private final List<String> alpn; // the protocols offered, kept for reloads
    private final String engine;
    private volatile SslContext context;
    private List<Object> loaded;  // the files' fingerprint the context was made from; reload thread only
    private List<Object> pending; // changed files seen at the last check, not loaded yet
    private List<Object> failed;  // files that could not be used (logged once)
    private ScheduledExecutorService watcher;

    private TlsState(TlsConfig config, List<String> alpn, TlsContexts.Built built, List<Object> fingerprint) {
        this.config = config;
        this.alpn = alpn;
        this.engine = built.engine();
        this.context = built.context();
        this.loaded = fingerprint;
    }

    /**
     * Reads the key material now.
     *
     * @throws IllegalArgumentException naming the file and the problem
     */
    static TlsState load(TlsConfig config, boolean http2) {
        List<Object> fingerprint = fingerprint(config); // before reading: a change while reading is seen later
        List<String> alpn = http2 ? TlsContexts.ALPN : TlsContexts.HTTP1_ONLY;
        return new TlsState(config, alpn, TlsContexts.build(config, alpn), fingerprint);
    }

    /** The context for a new connection. */
    SslContext context() {
        return context;
    }

    /** {@code OpenSSL} or {@code JDK}. */
    String engine() {
        return engine;
    }

    /** Starts checking the files, unless the config's reload interval is zero. */
    synchronized void watch() {
        long interval = config.reloadInterval().toMillis();
        if (interval <= 0 || watcher != null) {
            return;
        }
        watcher = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "loopline-tls-reload");
            thread.setDaemon(true);
            return thread;
        });
        watcher.scheduleWithFixedDelay(this::check, interval, interval, TimeUnit.MILLISECONDS);
    }

    /** One check of the files (the watcher's thread; tests call it directly too). */
    void check() {
        try {
            List<Object> now = fingerprint(config);
            if (now.equals(loaded) || now.equals(failed)) {
                pending = null;
                return;
            }
            if (!now.equals(pending)) {
                pending = now; // changed: load once it has stayed so for one interval
                return;
            }
            pending = null;
            try {
                TlsContexts.Built built = TlsContexts.build(config, alpn);
                context = built.context();
                loaded = now;
                failed = null;
                log.info("TLS key and certificate reloaded from {}: new handshakes use them", files(config));
            } catch (RuntimeException e) {
                failed = now;
                log.error("TLS reload failed, still serving the previous certificate: {}", e.getMessage());
            }
        } catch (RuntimeException e) {
            log.error("TLS reload check failed", e); // never lets the schedule die
        }
    }

    @Override
    public synchronized void close() {
        if (watcher != null) {
            watcher.shutdownNow();
        }
    }

    private static List<Path> files(TlsConfig config) {
        List<Path> files = new ArrayList<>(config.keyStore() != null ? List.of(config.keyStore())
                : List.of(config.certificateChain(), config.privateKey()));
        if (config.trustedCertificates() != null) {
            files.add(config.trustedCertificates());
        }
        return files;
    }

    /** Each file's path, modification time and size (following symlinks), or its absence. */
    private static List<Object> fingerprint(TlsConfig config) {
        List<Object> parts = new ArrayList<>();
        for (Path file : files(config)) {
            parts.add(file);
            try {
                BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
                parts.add(attributes.lastModifiedTime());
                parts.add(attributes.size());
            } catch (IOException e) {
                parts.add("missing");
                parts.add(-1L);
            }
        }
        return parts;
    }
}
