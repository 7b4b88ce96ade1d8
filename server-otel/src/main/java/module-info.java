/**
 * OpenTelemetry for Loopline: a server span per request, ended at its last byte, and the trace context carried
 * across Loopline's thread hops (offload pools, Delay, continuations on the loop). Depends on the OpenTelemetry API
 * only; the application brings the SDK.
 */
module dev.loopline.otel {
    requires transitive dev.loopline.server;
    requires transitive io.opentelemetry.api;
    requires transitive io.opentelemetry.context;

    exports dev.loopline.otel;
}
