package dev.loopline.server;

import static dev.loopline.server.internal.ConfigRules.atLeast;
import static dev.loopline.server.internal.ConfigRules.notNegative;
import static dev.loopline.server.internal.ConfigRules.positive;
import static dev.loopline.server.internal.ConfigRules.range;
import static dev.loopline.server.internal.ConfigRules.require;

import dev.loopline.server.internal.TrustedProxies;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * Everything a server can be told. Made only by {@link #builder()}: every setter checks its value at once and
 * fails with a message naming the field and the allowed range; {@link Builder#build()} checks the rules that
 * involve two fields. Every field has a default. Immutable; {@link #toString()} prints every effective value and
 * the server logs it at start.
 */
public final class ServerConfig {

    private static final String[] NAMES = {"host", "port", "eventLoops", "transport", "reusePort", "backlog",
        "maxInitialLineBytes", "maxMethodBytes", "maxHeaderBytes", "maxBodyBytes", "maxConnections",
        "maxPipelinedRequests", "headerTimeout", "bodyTimeout", "idleTimeout", "handlerTimeout", "drainDelay",
        "shutdownGracePeriod", "shutdownHook", "writeBufferLowWaterMark", "writeBufferHighWaterMark", "cpuThreads",
        "cpuQueueCapacity", "blockingConcurrency", "blockingQueueCapacity", "loopGuardThreshold", "serverName",
        "trustedProxies", "loopBudget", "observers", "tls", "http2"};

    private final Builder values; // a private copy, never changed

    private ServerConfig(Builder builder) {
        this.values = builder.copy();
    }

    /** A builder with every field at its default. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder holding this config's values, to derive a changed config. */
    public Builder toBuilder() {
        return values.copy();
    }

    /** Address to bind; {@code 0.0.0.0} (default) for every interface. */
    public String host() { return values.host; }
    /** TCP port (default 8080); 0 picks a free one, read back with {@link HttpServer#port()}. */
    public int port() { return values.port; }
    /** Event-loop threads; 0 (default) means one per available processor. */
    public int eventLoops() { return values.eventLoops; }
    /** Socket transport; {@link Transport#AUTO} (default) picks io_uring, then epoll, then NIO. */
    public Transport transport() { return values.transport; }
    /**
     * With a native transport and several loops: one listening socket per loop with {@code SO_REUSEPORT}, so the
     * kernel spreads accepts; otherwise (default) one listener.
     */
    public boolean reusePort() { return values.reusePort; }
    /** Listen backlog: pending accepts the kernel queues (default 1024). */
    public int backlog() { return values.backlog; }
    /** Longest request line (default 8 KiB); longer is answered 414. */
    public int maxInitialLineBytes() { return values.maxInitialLineBytes; }
    /** Longest request method (default 32); longer is answered 501 (RFC 9112 section 3). */
    public int maxMethodBytes() { return values.maxMethodBytes; }
    /** Largest header section (default 16 KiB); larger is answered 431. */
    public int maxHeaderBytes() { return values.maxHeaderBytes; }
    /** Largest request body (default 1 MiB); larger is answered 413, before reading it when announced. */
    public int maxBodyBytes() { return values.maxBodyBytes; }
    /** Open connections (default 10 000); more are answered 503 with {@code Retry-After} and closed. */
    public int maxConnections() { return values.maxConnections; }
    /**
     * Requests one connection may hold, received and not yet answered (default 64); past it the server reads and
     * decodes nothing more from that connection until it has answered some.
     */
    public int maxPipelinedRequests() { return values.maxPipelinedRequests; }
    /** Time from a request's first byte to the end of its header section (default 10 s); then 408. */
    public Duration headerTimeout() { return values.headerTimeout; }
    /** Time to receive a request body after its header section (default 30 s); then 408. */
    public Duration bodyTimeout() { return values.bodyTimeout; }
    /**
     * A keep-alive connection with nothing in flight is closed after this long (default 60 s); so is one whose client
     * has stopped reading its responses.
     */
    public Duration idleTimeout() { return values.idleTimeout; }
    /** A handler whose stage has not completed by then is answered 503 and its request cancelled (default 30 s). */
    public Duration handlerTimeout() { return values.handlerTimeout; }
    /**
     * How long {@link HttpServer#close()} keeps serving after readiness turns 503 and before it stops accepting, so
     * that a load balancer stops sending traffic first (default zero: stop accepting at once).
     */
    public Duration drainDelay() { return values.drainDelay; }
    /** How long {@link HttpServer#close()} then lets requests in flight finish (default 10 s). */
    public Duration shutdownGracePeriod() { return values.shutdownGracePeriod; }
    /**
     * Whether {@link HttpServer#start} installs a JVM shutdown hook that closes the server gracefully on SIGTERM
     * (default true); {@link HttpServer#close()} removes it.
     */
    public boolean shutdownHook() { return values.shutdownHook; }
    /** Bytes queued for a connection below which it is writable again (default 32 KiB). */
    public int writeBufferLowWaterMark() { return values.writeBufferLowWaterMark; }
    /** Bytes queued for a connection above which the server stops reading from it (default 64 KiB). */
    public int writeBufferHighWaterMark() { return values.writeBufferHighWaterMark; }
    /** Threads of the {@link Offload#cpu} pool; 0 (default) means one per available processor. */
    public int cpuThreads() { return values.cpuThreads; }
    /** Tasks waiting for the CPU pool before requests are answered 503 (default 256). */
    public int cpuQueueCapacity() { return values.cpuQueueCapacity; }
    /** Tasks of {@link Offload#blocking} running at once (default 64). */
    public int blockingConcurrency() { return values.blockingConcurrency; }
    /** Blocking tasks waiting for a slot before requests are answered 503 (default 1024). */
    public int blockingQueueCapacity() { return values.blockingQueueCapacity; }
    /** A loop held by one task this long is reported with its stack (default 100 ms); zero disables the guard. */
    public Duration loopGuardThreshold() { return values.loopGuardThreshold; }
    /** Value of the {@code Server} header (default {@code Loopline}). */
    public String serverName() { return values.serverName; }
    /**
     * Addresses (CIDRs such as {@code 10.0.0.0/8}, or single addresses) of the proxies whose {@code Forwarded} and
     * {@code X-Forwarded-*} headers are believed (default none: those headers are ignored).
     */
    public List<String> trustedProxies() { return values.trustedProxies; }
    /**
     * The loop budget (default 1 ms): a route whose p99 time on the event loop over the last minute is above it
     * (with at least 100 calls in that minute) is named in a WARN, at most once a minute, by the loop guard's thread;
     * zero: no warnings. The loop time per route is measured either way ({@link HttpServer#routeLoopTimes()}).
     */
    public Duration loopBudget() { return values.loopBudget; }
    /** Observers told of every exchange's end, in order (default none); see {@link ExchangeObserver}. */
    public List<ExchangeObserver> observers() { return values.observers; }
    /** TLS on the port (certificate, protocols, engine), or null (default) for cleartext HTTP; see {@link TlsConfig}. */
    public TlsConfig tls() { return values.tls; }
    /** HTTP/2 (h2c with prior knowledge, h2 by ALPN) and its limits; on by default, see {@link Http2Config}. */
    public Http2Config http2() { return values.http2; }
    /** Event loops this config asks for, with 0 resolved to the number of available processors. */
    public int effectiveEventLoops() {
        return values.eventLoops == 0 ? Runtime.getRuntime().availableProcessors() : values.eventLoops;
    }

    /** CPU pool threads this config asks for, with 0 resolved to the number of available processors. */
    public int effectiveCpuThreads() {
        return values.cpuThreads == 0 ? Runtime.getRuntime().availableProcessors() : values.cpuThreads;
    }

    private Object[] fieldValues() {
        Builder v = values;
        return new Object[] {v.host, v.port, effectiveEventLoops(), v.transport, v.reusePort, v.backlog,
            v.maxInitialLineBytes, v.maxMethodBytes, v.maxHeaderBytes, v.maxBodyBytes, v.maxConnections,
            v.maxPipelinedRequests, v.headerTimeout, v.bodyTimeout, v.idleTimeout, v.handlerTimeout, v.drainDelay,
            v.shutdownGracePeriod, v.shutdownHook, v.writeBufferLowWaterMark, v.writeBufferHighWaterMark,
            effectiveCpuThreads(), v.cpuQueueCapacity, v.blockingConcurrency, v.blockingQueueCapacity,
            v.loopGuardThreshold, v.serverName, v.trustedProxies, v.loopBudget, v.observers, v.tls, v.http2};
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof ServerConfig && Arrays.equals(fieldValues(), ((ServerConfig) other).fieldValues());
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(fieldValues());
    }

    /**
     * Every field with its effective value ({@code eventLoops} and {@code cpuThreads} resolved), for the start-up log.
     * A field that holds a secret prints as {@code ****}.
     */
    @Override
    public String toString() {
        Object[] fieldValues = fieldValues();
        StringBuilder text = new StringBuilder("ServerConfig[");
        for (int i = 0; i < NAMES.length; i++) {
            text.append(i == 0 ? "" : ", ").append(NAMES[i]).append('=').append(fieldValues[i]);
        }
        return text.append(']').toString();
    }

    /** Collects values for a {@link ServerConfig}; each setter rejects a bad value at once, naming the field. */
    public static final class Builder implements Cloneable {
        private String host = "0.0.0.0";
        private int port = 8080;
        private int eventLoops = 0;
        private Transport transport = Transport.AUTO;
        private boolean reusePort = false;
        private int backlog = 1024;
        private int maxInitialLineBytes = 8 * 1024;
        private int maxMethodBytes = 32;
        private int maxHeaderBytes = 16 * 1024;
        private int maxBodyBytes = 1024 * 1024;
        private int maxConnections = 10_000;
        private int maxPipelinedRequests = 64;
        private Duration headerTimeout = Duration.ofSeconds(10);
        private Duration bodyTimeout = Duration.ofSeconds(30);
        private Duration idleTimeout = Duration.ofSeconds(60);
        private Duration handlerTimeout = Duration.ofSeconds(30);
        private Duration drainDelay = Duration.ZERO;
        private Duration shutdownGracePeriod = Duration.ofSeconds(10);
        private boolean shutdownHook = true;
        private int writeBufferLowWaterMark = 32 * 1024;
        private int writeBufferHighWaterMark = 64 * 1024;
        private int cpuThreads = 0;
        private int cpuQueueCapacity = 256;
        private int blockingConcurrency = 64;
        private int blockingQueueCapacity = 1024;
        private Duration loopGuardThreshold = Duration.ofMillis(100);
        private String serverName = "Loopline";
        private List<String> trustedProxies = List.of();
        private Duration loopBudget = Duration.ofMillis(1);
        private List<ExchangeObserver> observers = List.of();
        private TlsConfig tls; // null: cleartext
        private Http2Config http2 = Http2Config.defaults();

        private Builder() {
        }

        /** See {@link ServerConfig#host()}. */
        public Builder host(String value) {
            require(value != null && !value.isBlank(), "host", "must not be blank", value);
            host = value;
            return this;
        }
        /** See {@link ServerConfig#port()}. */
        public Builder port(int value) { port = range(value, 0, 65535, "port"); return this; }
        /** See {@link ServerConfig#eventLoops()}. */
        public Builder eventLoops(int value) { eventLoops = range(value, 0, 1024, "eventLoops"); return this; }
        /** See {@link ServerConfig#transport()}. */
        public Builder transport(Transport value) {
            transport = Objects.requireNonNull(value, "ServerConfig.transport must not be null");
            return this;
        }
        /** See {@link ServerConfig#reusePort()}. */
        public Builder reusePort(boolean value) { reusePort = value; return this; }
        /** See {@link ServerConfig#backlog()}. */
        public Builder backlog(int value) { backlog = atLeast(value, 1, "backlog"); return this; }
        /** See {@link ServerConfig#maxInitialLineBytes()}. */
        public Builder maxInitialLineBytes(int value) {
            maxInitialLineBytes = atLeast(value, 64, "maxInitialLineBytes");
            return this;
        }
        /** See {@link ServerConfig#maxMethodBytes()}; at least 7, the length of {@code OPTIONS} and {@code CONNECT}. */
        public Builder maxMethodBytes(int value) { maxMethodBytes = atLeast(value, 7, "maxMethodBytes"); return this; }
        /** See {@link ServerConfig#maxHeaderBytes()}. */
        public Builder maxHeaderBytes(int value) {
            maxHeaderBytes = atLeast(value, 256, "maxHeaderBytes");
            return this;
        }
        /** See {@link ServerConfig#maxBodyBytes()}. */
        public Builder maxBodyBytes(int value) { maxBodyBytes = atLeast(value, 0, "maxBodyBytes"); return this; }
        /** See {@link ServerConfig#maxConnections()}. */
        public Builder maxConnections(int value) { maxConnections = atLeast(value, 1, "maxConnections"); return this; }
        /** See {@link ServerConfig#maxPipelinedRequests()}. */
        public Builder maxPipelinedRequests(int value) {
            maxPipelinedRequests = atLeast(value, 1, "maxPipelinedRequests");
            return this;
        }
        /** See {@link ServerConfig#headerTimeout()}. */
        public Builder headerTimeout(Duration value) { headerTimeout = positive(value, "headerTimeout"); return this; }
        /** See {@link ServerConfig#bodyTimeout()}. */
        public Builder bodyTimeout(Duration value) {
            bodyTimeout = positive(value, "bodyTimeout");
            return this;
        }
        /** See {@link ServerConfig#idleTimeout()}. */
        public Builder idleTimeout(Duration value) {
            idleTimeout = positive(value, "idleTimeout");
            return this;
        }
        /** See {@link ServerConfig#handlerTimeout()}. */
        public Builder handlerTimeout(Duration value) {
            handlerTimeout = positive(value, "handlerTimeout");
            return this;
        }
        /** See {@link ServerConfig#drainDelay()}. */
        public Builder drainDelay(Duration value) {
            drainDelay = notNegative(value, "drainDelay");
            return this;
        }
        /** See {@link ServerConfig#shutdownGracePeriod()}. */
        public Builder shutdownGracePeriod(Duration value) {
            shutdownGracePeriod = notNegative(value, "shutdownGracePeriod");
            return this;
        }
        /** See {@link ServerConfig#shutdownHook()}. */
        public Builder shutdownHook(boolean value) {
            shutdownHook = value;
            return this;
        }
        /** See {@link ServerConfig#writeBufferLowWaterMark()}. */
        public Builder writeBufferLowWaterMark(int value) {
            writeBufferLowWaterMark = atLeast(value, 1, "writeBufferLowWaterMark");
            return this;
        }
        /** See {@link ServerConfig#writeBufferHighWaterMark()}; at least the low-water mark (checked by build). */
        public Builder writeBufferHighWaterMark(int value) {
            writeBufferHighWaterMark = atLeast(value, 1, "writeBufferHighWaterMark");
            return this;
        }
        /** See {@link ServerConfig#cpuThreads()}. */
        public Builder cpuThreads(int value) {
            cpuThreads = range(value, 0, 4096, "cpuThreads");
            return this;
        }
        /** See {@link ServerConfig#cpuQueueCapacity()}. */
        public Builder cpuQueueCapacity(int value) {
            cpuQueueCapacity = atLeast(value, 0, "cpuQueueCapacity");
            return this;
        }
        /** See {@link ServerConfig#blockingConcurrency()}. */
        public Builder blockingConcurrency(int value) {
            blockingConcurrency = atLeast(value, 1, "blockingConcurrency");
            return this;
        }
        /** See {@link ServerConfig#blockingQueueCapacity()}. */
        public Builder blockingQueueCapacity(int value) {
            blockingQueueCapacity = atLeast(value, 0, "blockingQueueCapacity");
            return this;
        }
        /** See {@link ServerConfig#loopGuardThreshold()}. */
        public Builder loopGuardThreshold(Duration value) {
            loopGuardThreshold = notNegative(value, "loopGuardThreshold");
            return this;
        }
        /** See {@link ServerConfig#serverName()}. */
        public Builder serverName(String value) {
            require(value != null && !value.isBlank() && value.chars().allMatch(c -> c >= 0x20 && c < 0x7f),
                    "serverName", "must be visible ASCII", value);
            serverName = value;
            return this;
        }
        /** See {@link ServerConfig#trustedProxies()}; each entry an IPv4 or IPv6 address or CIDR. */
        public Builder trustedProxies(List<String> cidrs) {
            require(cidrs != null, "trustedProxies", "must not be null", null);
            for (String cidr : cidrs) {
                String problem = TrustedProxies.problemWith(cidr);
                require(problem == null, "trustedProxies", "entries must be IP addresses or CIDRs: " + problem, cidr);
            }
            trustedProxies = List.copyOf(cidrs);
            return this;
        }
        /** See {@link ServerConfig#trustedProxies()}. */
        public Builder trustedProxies(String... cidrs) {
            return trustedProxies(Arrays.asList(cidrs));
        }
        /** See {@link ServerConfig#loopBudget()}. */
        public Builder loopBudget(Duration value) {
            loopBudget = notNegative(value, "loopBudget");
            return this;
        }
        /** Adds an observer (see {@link ServerConfig#observers()}); each is told after those added before it. */
        public Builder observer(ExchangeObserver observer) {
            require(observer != null, "observers", "must not contain null", null);
            List<ExchangeObserver> more = new java.util.ArrayList<>(observers);
            more.add(observer);
            observers = List.copyOf(more);
            return this;
        }
        /** See {@link ServerConfig#tls()}; null turns TLS off. */
        public Builder tls(TlsConfig value) { tls = value; return this; }
        /** See {@link ServerConfig#http2()}; {@link Http2Config#disabled()} for HTTP/1.1 only. */
        public Builder http2(Http2Config value) {
            http2 = Objects.requireNonNull(value, "ServerConfig.http2 must not be null");
            return this;
        }
        /**
         * The config.
         *
         * @throws IllegalArgumentException when two fields contradict each other, naming the field to change
         */
        public ServerConfig build() {
            require(writeBufferHighWaterMark >= writeBufferLowWaterMark, "writeBufferHighWaterMark",
                    "must be >= writeBufferLowWaterMark (" + writeBufferLowWaterMark + ")", writeBufferHighWaterMark);
            return new ServerConfig(this);
        }

        private Builder copy() {
            try {
                return (Builder) clone(); // every field is immutable: a shallow copy is a full one
            } catch (CloneNotSupportedException impossible) {
                throw new AssertionError(impossible);
            }
        }
    }
}
