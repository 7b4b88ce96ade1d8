package dev.loopline.server;

import java.time.Duration;
import java.util.Objects;

/**
 * Everything a server can be told, validated once: a bad value fails {@link Builder#build()} (or the canonical
 * constructor) with a message that names the field. Build with {@link #builder()}; every field has a default.
 *
 * @param host address to bind; {@code 0.0.0.0} for every interface
 * @param port TCP port; 0 picks a free one (read it back with {@link HttpServer#port()})
 * @param eventLoops event-loop threads; 0 means one per available processor
 * @param transport socket transport; {@link Transport#AUTO} picks io_uring, then epoll, then NIO
 * @param reusePort with a native transport and several loops: one listening socket per loop with
 *     {@code SO_REUSEPORT}, so the kernel spreads accepts; otherwise one listener
 * @param backlog listen backlog (pending accepts the kernel queues)
 * @param maxInitialLineBytes longest request line; longer is answered 414
 * @param maxMethodBytes longest request method; longer is answered 501 (RFC 9112 section 3), also when the line
 *     is longer than {@code maxInitialLineBytes} too
 * @param maxHeaderBytes largest header section; larger is answered 431
 * @param maxBodyBytes largest request body; larger is answered 413 (before reading it when announced)
 * @param maxConnections open connections; more are answered 503 with {@code Retry-After} and closed
 * @param maxPipelinedRequests requests one connection may hold (received, not yet answered); past it the server
 *     reads and decodes nothing more from that connection until it has answered some
 * @param headerTimeout time from a request's first byte to the end of its header section; then 408
 * @param bodyTimeout time to receive a request body after its header section; then 408
 * @param idleTimeout a keep-alive connection with nothing in flight is closed after this long; so is one whose
 *     client has stopped reading its responses
 * @param handlerTimeout a handler whose stage has not completed by then is answered 503
 * @param drainDelay how long {@link HttpServer#close()} keeps serving after readiness turns 503 and before it
 *     stops accepting, so that a load balancer stops sending traffic first (zero: stop accepting at once)
 * @param shutdownGracePeriod how long {@link HttpServer#close()} then lets requests in flight finish
 * @param writeBufferLowWaterMark bytes queued for a connection below which it is writable again
 * @param writeBufferHighWaterMark bytes queued for a connection above which the server stops reading from it
 * @param cpuThreads threads of the {@link Offload#cpu} pool; 0 means one per available processor
 * @param cpuQueueCapacity tasks waiting for the CPU pool before requests are answered 503
 * @param blockingConcurrency tasks of {@link Offload#blocking} running at once
 * @param blockingQueueCapacity blocking tasks waiting for a slot before requests are answered 503
 * @param loopGuardThreshold a loop held by one task this long is reported with its stack; zero disables the guard
 * @param serverName value of the {@code Server} header
 */
public record ServerConfig(
        String host,
        int port,
        int eventLoops,
        Transport transport,
        boolean reusePort,
        int backlog,
        int maxInitialLineBytes,
        int maxMethodBytes,
        int maxHeaderBytes,
        int maxBodyBytes,
        int maxConnections,
        int maxPipelinedRequests,
        Duration headerTimeout,
        Duration bodyTimeout,
        Duration idleTimeout,
        Duration handlerTimeout,
        Duration drainDelay,
        Duration shutdownGracePeriod,
        int writeBufferLowWaterMark,
        int writeBufferHighWaterMark,
        int cpuThreads,
        int cpuQueueCapacity,
        int blockingConcurrency,
        int blockingQueueCapacity,
        Duration loopGuardThreshold,
        String serverName) {

    /** A configuration, checked field by field; prefer {@link #builder()}. */
    public ServerConfig {
        require(host != null && !host.isBlank(), "host", "must not be blank", host);
        require(port >= 0 && port <= 65535, "port", "must be 0..65535", port);
        require(eventLoops >= 0 && eventLoops <= 1024, "eventLoops", "must be 0 (one per processor)..1024", eventLoops);
        Objects.requireNonNull(transport, "ServerConfig.transport must not be null");
        require(backlog >= 1, "backlog", "must be >= 1", backlog);
        require(maxInitialLineBytes >= 64, "maxInitialLineBytes", "must be >= 64", maxInitialLineBytes);
        require(maxMethodBytes >= 7, "maxMethodBytes", "must be >= 7 (OPTIONS, CONNECT)", maxMethodBytes);
        require(maxHeaderBytes >= 256, "maxHeaderBytes", "must be >= 256", maxHeaderBytes);
        require(maxBodyBytes >= 0, "maxBodyBytes", "must be >= 0", maxBodyBytes);
        require(maxConnections >= 1, "maxConnections", "must be >= 1", maxConnections);
        require(maxPipelinedRequests >= 1, "maxPipelinedRequests", "must be >= 1", maxPipelinedRequests);
        requirePositive(headerTimeout, "headerTimeout");
        requirePositive(bodyTimeout, "bodyTimeout");
        requirePositive(idleTimeout, "idleTimeout");
        requirePositive(handlerTimeout, "handlerTimeout");
        requireNotNegative(drainDelay, "drainDelay");
        requireNotNegative(shutdownGracePeriod, "shutdownGracePeriod");
        require(writeBufferLowWaterMark >= 1, "writeBufferLowWaterMark", "must be >= 1", writeBufferLowWaterMark);
        require(writeBufferHighWaterMark >= writeBufferLowWaterMark, "writeBufferHighWaterMark",
                "must be >= writeBufferLowWaterMark (" + writeBufferLowWaterMark + ")", writeBufferHighWaterMark);
        require(cpuThreads >= 0 && cpuThreads <= 4096, "cpuThreads", "must be 0 (one per processor)..4096", cpuThreads);
        require(cpuQueueCapacity >= 0, "cpuQueueCapacity", "must be >= 0", cpuQueueCapacity);
        require(blockingConcurrency >= 1, "blockingConcurrency", "must be >= 1", blockingConcurrency);
        require(blockingQueueCapacity >= 0, "blockingQueueCapacity", "must be >= 0", blockingQueueCapacity);
        requireNotNegative(loopGuardThreshold, "loopGuardThreshold");
        require(serverName != null && !serverName.isBlank() && serverName.chars().allMatch(c -> c > 0x20 && c < 0x7f
                || c == ' '), "serverName", "must be visible ASCII", serverName);
    }

    /** A builder holding every default. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder holding this configuration's values, to change some of them. */
    public Builder toBuilder() {
        return new Builder(this);
    }

    /** Event loops this config asks for, with 0 resolved to the number of available processors. */
    public int effectiveEventLoops() {
        return eventLoops == 0 ? Runtime.getRuntime().availableProcessors() : eventLoops;
    }

    /** CPU pool threads this config asks for, with 0 resolved to the number of available processors. */
    public int effectiveCpuThreads() {
        return cpuThreads == 0 ? Runtime.getRuntime().availableProcessors() : cpuThreads;
    }

    private static void require(boolean ok, String field, String rule, Object value) {
        if (!ok) {
            throw new IllegalArgumentException("ServerConfig." + field + " " + rule + " (was " + value + ")");
        }
    }

    private static void requirePositive(Duration value, String field) {
        require(value != null && !value.isNegative() && !value.isZero(), field, "must be a positive duration", value);
    }

    private static void requireNotNegative(Duration value, String field) {
        require(value != null && !value.isNegative(), field, "must not be negative", value);
    }

    /** Mutable builder; {@link #build()} validates. */
    public static final class Builder {
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
        private int writeBufferLowWaterMark = 32 * 1024;
        private int writeBufferHighWaterMark = 64 * 1024;
        private int cpuThreads = 0;
        private int cpuQueueCapacity = 256;
        private int blockingConcurrency = 64;
        private int blockingQueueCapacity = 1024;
        private Duration loopGuardThreshold = Duration.ofMillis(100);
        private String serverName = "Loopline";

        private Builder() {
        }

        private Builder(ServerConfig config) {
            host = config.host;
            port = config.port;
            eventLoops = config.eventLoops;
            transport = config.transport;
            reusePort = config.reusePort;
            backlog = config.backlog;
            maxInitialLineBytes = config.maxInitialLineBytes;
            maxMethodBytes = config.maxMethodBytes;
            maxHeaderBytes = config.maxHeaderBytes;
            maxBodyBytes = config.maxBodyBytes;
            maxConnections = config.maxConnections;
            maxPipelinedRequests = config.maxPipelinedRequests;
            headerTimeout = config.headerTimeout;
            bodyTimeout = config.bodyTimeout;
            idleTimeout = config.idleTimeout;
            handlerTimeout = config.handlerTimeout;
            drainDelay = config.drainDelay;
            shutdownGracePeriod = config.shutdownGracePeriod;
            writeBufferLowWaterMark = config.writeBufferLowWaterMark;
            writeBufferHighWaterMark = config.writeBufferHighWaterMark;
            cpuThreads = config.cpuThreads;
            cpuQueueCapacity = config.cpuQueueCapacity;
            blockingConcurrency = config.blockingConcurrency;
            blockingQueueCapacity = config.blockingQueueCapacity;
            loopGuardThreshold = config.loopGuardThreshold;
            serverName = config.serverName;
        }

        /** Address to bind (default {@code 0.0.0.0}, every interface). */
        public Builder host(String value) { host = value; return this; }
        /** TCP port (default 8080; 0 picks a free one). */
        public Builder port(int value) { port = value; return this; }
        /** Event-loop threads (default 0: one per available processor). */
        public Builder eventLoops(int value) { eventLoops = value; return this; }
        /** Socket transport (default {@link Transport#AUTO}). */
        public Builder transport(Transport value) { transport = value; return this; }
        /** One {@code SO_REUSEPORT} listener per loop with a native transport (default false). */
        public Builder reusePort(boolean value) { reusePort = value; return this; }
        /** Listen backlog (default 1024). */
        public Builder backlog(int value) { backlog = value; return this; }
        /** Longest request line, else 414 (default 8 KiB). */
        public Builder maxInitialLineBytes(int value) { maxInitialLineBytes = value; return this; }
        /** Longest request method, else 501 (default 32). */
        public Builder maxMethodBytes(int value) { maxMethodBytes = value; return this; }
        /** Largest header section, else 431 (default 16 KiB). */
        public Builder maxHeaderBytes(int value) { maxHeaderBytes = value; return this; }
        /** Largest request body, else 413 (default 1 MiB). */
        public Builder maxBodyBytes(int value) { maxBodyBytes = value; return this; }
        /** Open connections, past which new ones get 503 (default 10 000). */
        public Builder maxConnections(int value) { maxConnections = value; return this; }
        /** Requests one connection may hold unanswered before the server stops reading it (default 64). */
        public Builder maxPipelinedRequests(int value) { maxPipelinedRequests = value; return this; }
        /** Time to receive a header section once it started, else 408 (default 10 s). */
        public Builder headerTimeout(Duration value) { headerTimeout = value; return this; }
        /** Time to receive a body after its header section, else 408 (default 30 s). */
        public Builder bodyTimeout(Duration value) { bodyTimeout = value; return this; }
        /** Idle keep-alive connections (and clients that stopped reading) are closed after this (default 60 s). */
        public Builder idleTimeout(Duration value) { idleTimeout = value; return this; }
        /** Time a handler's stage has to complete, else 503 (default 30 s). */
        public Builder handlerTimeout(Duration value) { handlerTimeout = value; return this; }
        /** How long {@code close()} keeps serving with readiness at 503 (default 0). */
        public Builder drainDelay(Duration value) { drainDelay = value; return this; }
        /** How long {@code close()} lets requests in flight finish (default 10 s). */
        public Builder shutdownGracePeriod(Duration value) { shutdownGracePeriod = value; return this; }
        /** Queued bytes below which a connection is writable again (default 32 KiB). */
        public Builder writeBufferLowWaterMark(int value) { writeBufferLowWaterMark = value; return this; }
        /** Queued bytes above which the server stops reading a connection (default 64 KiB). */
        public Builder writeBufferHighWaterMark(int value) { writeBufferHighWaterMark = value; return this; }
        /** Threads of the {@link Offload#cpu} pool (default 0: one per available processor). */
        public Builder cpuThreads(int value) { cpuThreads = value; return this; }
        /** Tasks that may wait for the CPU pool before requests get 503 (default 256). */
        public Builder cpuQueueCapacity(int value) { cpuQueueCapacity = value; return this; }
        /** {@link Offload#blocking} tasks running at once (default 64). */
        public Builder blockingConcurrency(int value) { blockingConcurrency = value; return this; }
        /** Blocking tasks that may wait for a slot before requests get 503 (default 1024). */
        public Builder blockingQueueCapacity(int value) { blockingQueueCapacity = value; return this; }
        /** A loop held this long is reported with its stack; zero turns the guard off (default 100 ms). */
        public Builder loopGuardThreshold(Duration value) { loopGuardThreshold = value; return this; }
        /** The {@code Server} header (default {@code Loopline}). */
        public Builder serverName(String value) { serverName = value; return this; }

        /** The configuration; a bad value fails here, with a message naming the field. */
        public ServerConfig build() {
            return new ServerConfig(host, port, eventLoops, transport, reusePort, backlog, maxInitialLineBytes,
                    maxMethodBytes, maxHeaderBytes, maxBodyBytes, maxConnections, maxPipelinedRequests, headerTimeout,
                    bodyTimeout, idleTimeout, handlerTimeout, drainDelay, shutdownGracePeriod, writeBufferLowWaterMark,
                    writeBufferHighWaterMark,
                    cpuThreads, cpuQueueCapacity, blockingConcurrency, blockingQueueCapacity, loopGuardThreshold,
                    serverName);
        }
    }
}
