/**
 * Loopline's routing: a trie router, filters, typed parameters and JSON binding. Only
 * {@code dev.loopline.routing} is exported; {@code dev.loopline.routing.internal} is not API.
 */
module dev.loopline.routing {
    requires transitive dev.loopline.server;
    // Json's public methods take and return Jackson types (JsonMapper, TypeReference).
    requires transitive tools.jackson.core;
    requires transitive tools.jackson.databind;
    // Optional: only Metrics uses Micrometer. Not transitive: javac would then demand micrometer.core from every
    // module that reads this one; a service that uses Metrics creates its MeterRegistry, so requires it anyway.
    requires static micrometer.core;
    requires org.slf4j;

    exports dev.loopline.routing;
}
