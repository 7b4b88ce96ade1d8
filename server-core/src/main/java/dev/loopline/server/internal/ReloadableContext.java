package dev.loopline.server.internal;

import dev.loopline.server.TlsConfig;
import io.netty.handler.ssl.SslContext;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One certificate's {@link SslContext} (the default one, or one chosen by SNI) and the reload of its files, which
 * {@link TlsState} drives: files that changed and then stayed the same for one check are loaded into a new context;
 * files that cannot be used keep the old context and log one ERROR, until they change again.
 */
final class ReloadableContext {

    private static final Logger log = LoggerFactory.getLogger(Loggers.SERVER);

    private final TlsConfig config; // its key material is this certificate's; its other settings are shared
    private final String servedTo;  // "" for the default certificate, else " for server name(s) ..." for the logs
    private final Function<TlsConfig, TlsContexts.Built> builder;
    private final Consumer<SslContext> prepare; // runs on each new context before connections can get it
    private volatile TlsContexts.Built built;
    private List<Object> loaded;  // the files' fingerprint the context was made from; reload thread only
    private List<Object> pending; // changed files seen at the last check, not loaded yet
    private List<Object> failed;  // files that could not be used (logged once)

    private ReloadableContext(TlsConfig config, String servedTo, Function<TlsConfig, TlsContexts.Built> builder,
            Consumer<SslContext> prepare) {
        this.config = config;
        this.servedTo = servedTo;
        this.builder = builder;
        this.prepare = prepare;
    }

    /**
     * Reads the key material of {@code config} now.
     *
     * @param servedTo empty for the default certificate, else {@code " for server name ..."}
     * @throws IllegalArgumentException naming the file and the problem
     */
    static ReloadableContext load(TlsConfig config, String servedTo, Function<TlsConfig, TlsContexts.Built> builder,
            Consumer<SslContext> prepare) {
        ReloadableContext reloadable = new ReloadableContext(config, servedTo, builder, prepare);
        List<Object> fingerprint = fingerprint(config); // before reading: a change while reading is seen later
        try {
            reloadable.publish(builder.apply(config), fingerprint);
        } catch (IllegalArgumentException e) {
            throw servedTo.isEmpty() ? e : new IllegalArgumentException(e.getMessage() + " (the certificate"
                    + servedTo + ")", e);
        }
        return reloadable;
    }

    /** The current context. */
    SslContext context() {
        return built.context();
    }

    /** {@code OpenSSL} or {@code JDK}. */
    String engine() {
        return built.engine();
    }

    /** One check of the files (the reload thread's; tests call it directly too). */
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
                publish(builder.apply(config), now);
                failed = null;
                log.info("TLS key and certificate{} reloaded from {}: new handshakes use them", servedTo,
                        files(config));
            } catch (RuntimeException e) {
                failed = now;
                log.error("TLS reload{} failed, still serving the previous certificate: {}", servedTo,
                        e.getMessage());
            }
        } catch (RuntimeException e) {
            log.error("TLS reload check failed", e); // never lets the schedule die
        }
    }

    private void publish(TlsContexts.Built next, List<Object> fingerprint) {
        prepare.accept(next.context());
        built = next;
        loaded = fingerprint;
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
