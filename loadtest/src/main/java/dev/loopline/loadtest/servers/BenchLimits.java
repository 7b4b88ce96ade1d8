package dev.loopline.loadtest.servers;

import java.time.Duration;

/** The settings every bench server gets alike (see the fairness table in loadtest/README.md). */
final class BenchLimits {

    static final String HOST = "127.0.0.1";
    /** Listen backlog of every server: pending connections the kernel queues during a connect storm. */
    static final int BACKLOG = 1024;
    /** Thread-per-request pool size on platform threads (also Jetty's and Tomcat's default). */
    static final int PLATFORM_POOL_THREADS = 200;
    /** A connection cap no scenario reaches: the idle scenario holds 10 000 connections plus a probe. */
    static final int MAX_CONNECTIONS = 65_536;
    /** Idle keep-alive connections are closed after this long, by every server that has such a timer. */
    static final Duration IDLE_TIMEOUT = Duration.ofSeconds(60);

    private BenchLimits() {
    }
}
