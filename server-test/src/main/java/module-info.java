/**
 * Loopline's test kit: {@code LooplineExtension} serves a handler for a JUnit 5 test, with an AsyncHttpClient,
 * and fails a test during which a handler blocked an event loop. Add it in test scope only.
 */
module dev.loopline.server.test {
    requires transitive dev.loopline.server;
    requires transitive org.junit.jupiter.api;
    // AsyncHttpClient 3.0.x has no module descriptor nor Automatic-Module-Name: the name comes from its file name.
    requires transitive async.http.client;

    exports dev.loopline.server.test;
}
