package dev.loopline.examples.rest;

import dev.loopline.routing.Metrics;
import dev.loopline.server.Body;
import dev.loopline.server.ExchangeObserver;
import dev.loopline.server.Handler;
import dev.loopline.server.HttpServer;
import dev.loopline.server.Response;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

/**
 * {@code GET /metrics} in the Prometheus text format: requests by route pattern and status (routing's
 * {@code Metrics.observer}), the server's loop lag, offload pools and connections ({@code Metrics.bind}), and the
 * JVM's memory, GC, threads and CPU.
 */
public final class PrometheusMetrics implements AutoCloseable {

    /** The Prometheus text exposition format, version 0.0.4, which {@code scrape()} writes. */
    public static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final JvmGcMetrics gcMetrics = new JvmGcMetrics(); // listens to GC notifications until closed

    public PrometheusMetrics() {
        new JvmMemoryMetrics().bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        gcMetrics.bindTo(registry);
    }

    /**
     * Times every exchange to its last byte, with its loop time and body sizes; register it with
     * {@code ServerConfig.Builder.observer}: it sees every request a handler ran for, 404s included, by route pattern.
     */
    public ExchangeObserver observer() {
        return Metrics.observer(registry);
    }

    /** The scrape handler; a scrape of a few hundred series is cheap enough for the loop. */
    public Handler handler() {
        return request -> Response.of(200, CONTENT_TYPE, Body.of(registry.scrape())).completed();
    }

    /** Adds the server's own meters, once it is running. */
    public void bind(HttpServer server) {
        Metrics.bind(registry, server);
    }

    @Override
    public void close() {
        gcMetrics.close();
        registry.close();
    }

    @Override
    public String toString() {
        return "Prometheus metrics";
    }
}
