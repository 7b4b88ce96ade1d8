package dev.loopline.server.internal;

/**
 * The public logger names of the server (listed in the README): stable, so that an application's logging
 * configuration can name them, whatever classes inside the server do the logging.
 */
final class Loggers {

    /** Start, stop, connections, refused requests (DEBUG), unexpected connection errors. */
    static final String SERVER = "dev.loopline.server";
    /** Handler failures (500 with the stack), handler timeouts, null stages or responses. */
    static final String HANDLER = "dev.loopline.handler";
    /** Blocked event loops, with the loop thread's stack. */
    static final String LOOP_GUARD = "dev.loopline.loopguard";
    /** Offload executors that are full and shed load. */
    static final String OFFLOAD = "dev.loopline.offload";
    /** Readiness checks that fail or throw. */
    static final String HEALTH = "dev.loopline.health";

    private Loggers() {
    }
}
