package dev.loopline.server.internal;

import dev.loopline.server.SniCertificate;
import dev.loopline.server.TlsConfig;
import io.netty.handler.ssl.SslContext;
import io.netty.util.AttributeKey;
import io.netty.util.Mapping;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * The TLS contexts new connections get, and their hot reload: a daemon thread (never an event loop) checks the files'
 * modification times and sizes every {@link TlsConfig#reloadInterval()}; files that changed and then stayed the same
 * for one interval (so that a certificate and key written one after the other are read together) are loaded into a
 * new context. Open connections keep the engine they were given. Files that cannot be used keep the old context and
 * log one ERROR, until they change again. With SNI certificates ({@link TlsConfig#sniCertificates()}) there is one
 * context per distinct set of key files, each reloaded on its own, and this maps the server name a client asks for
 * to the current one of them.
 */
final class TlsState implements AutoCloseable, Mapping<String, SslContext> {

    /**
     * Set on the default context when SNI certificates are configured: the mapping from server name to context that
     * {@link TlsHandlers} hands the handshake to (so it needs nothing but the default context to find them).
     */
    static final AttributeKey<Mapping<String, SslContext>> SERVER_NAMES = AttributeKey.valueOf("loopline.sni");

    private final TlsConfig config;
    private final ReloadableContext defaults;
    private final Map<String, ReloadableContext> byName; // lower-case names and "*.suffix" wildcards; read-only
    private final List<ReloadableContext> all;           // defaults first, each distinct one once
    private ScheduledExecutorService watcher;

    private TlsState(TlsConfig config, List<String> alpn) {
        this.config = config;
        Function<TlsConfig, TlsContexts.Built> builder = keys -> TlsContexts.build(keys, alpn); // kept for reloads
        Consumer<SslContext> prepare = config.sniCertificates().isEmpty() ? context -> { }
                : context -> context.attributes().attr(SERVER_NAMES).set(this);
        this.defaults = ReloadableContext.load(config, "", builder, prepare);
        // names whose key material is the same share one context (a derived config equals another iff its keys do)
        Map<TlsConfig, List<String>> groups = new LinkedHashMap<>();
        for (SniCertificate certificate : config.sniCertificates()) {
            groups.computeIfAbsent(keyMaterialOf(certificate), keys -> new ArrayList<>())
                    .add(certificate.serverName());
        }
        Map<String, ReloadableContext> names = new HashMap<>();
        List<ReloadableContext> contexts = new ArrayList<>(List.of(defaults));
        for (Map.Entry<TlsConfig, List<String>> group : groups.entrySet()) {
            ReloadableContext context = group.getKey().equals(config) ? defaults : ReloadableContext.load(
                    group.getKey(), " for server name" + (group.getValue().size() == 1 ? " " : "s ")
                            + String.join(", ", group.getValue()), builder, ignored -> { });
            if (context != defaults) {
                contexts.add(context);
            }
            group.getValue().forEach(name -> names.put(name, context));
        }
        this.byName = Map.copyOf(names);
        this.all = List.copyOf(contexts);
    }

    /**
     * Reads the key material now; ALPN offers h2 only when {@code http2}.
     *
     * @throws IllegalArgumentException naming the file and the problem
     */
    static TlsState load(TlsConfig config, boolean http2) {
        return new TlsState(config, http2 ? TlsContexts.ALPN : TlsContexts.HTTP1_ONLY);
    }

    /** The context for a new connection (the default certificate's, which leads to the others when there are). */
    SslContext context() {
        return defaults.context();
    }

    /** {@code OpenSSL} or {@code JDK}. */
    String engine() {
        return defaults.engine();
    }

    /**
     * The context for a client that asked for {@code serverName} (lower case, as Netty passes it; null when it asked
     * for none): an exact name first, then the wildcard for its parent domain, else the default. Runs on the event
     * loop during the handshake: two map lookups at most.
     */
    @Override
    public SslContext map(String serverName) {
        ReloadableContext chosen = null;
        if (serverName != null) {
            chosen = byName.get(serverName);
            int dot = serverName.indexOf('.');
            if (chosen == null && dot > 0) {
                chosen = byName.get("*" + serverName.substring(dot));
            }
        }
        return (chosen != null ? chosen : defaults).context();
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

    /** One check of every certificate's files (the watcher's thread; tests call it directly too). */
    void check() {
        for (ReloadableContext context : all) {
            context.check();
        }
    }

    @Override
    public synchronized void close() {
        if (watcher != null) {
            watcher.shutdownNow();
        }
    }

    /** The config an SNI certificate's context is built from: the default's settings with its key material. */
    private TlsConfig keyMaterialOf(SniCertificate certificate) {
        TlsConfig.Builder builder = config.toBuilder();
        return (certificate.keyStore() != null ? builder.pkcs12(certificate.keyStore(), certificate.keyStorePassword())
                : builder.pem(certificate.certificateChain(), certificate.privateKey(), certificate.keyPassword()))
                .build();
    }
}
