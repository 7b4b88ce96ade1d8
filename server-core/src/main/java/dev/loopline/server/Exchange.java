package dev.loopline.server;

/**
 * One request and its response, as the server saw them, handed to an {@link ExchangeObserver} when the exchange
 * ends. Valid only during that call, on the connection's event loop: copy what you keep. The server makes no
 * object for it (the exchange's own record is handed over), which is why an observer costs no allocation.
 */
public interface Exchange {

    /** How an exchange ended. */
    enum Outcome {
        /** The whole response was written. */
        COMPLETED,
        /** The response began but broke off: its body's publisher failed or stalled, and the connection was closed. */
        BROKEN,
        /** The client went away (or the connection was closed) before the whole response was written. */
        ABANDONED
    }

    /** The request as it was received: its {@link Request#route()} is empty; see {@link #route()}. */
    Request request();

    /** The pattern of the route that served it (as set by a router), or empty when none matched. */
    String route();

    /**
     * The response the handler produced (or the server's error response for it), or null when the exchange ended
     * before there was one. For an {@link Outcome#ABANDONED} exchange it may never have gone out.
     */
    Response response();

    /** How the exchange ended. */
    Outcome outcome();

    /** The request body's bytes: its length when aggregated, the bytes received when streamed to the handler. */
    long requestBodyBytes();

    /**
     * The response body's bytes handed to the connection: the body's length for a body in memory, what went out for a
     * streamed or file body (a broken one included), 0 for {@code HEAD}, 204 and 304.
     */
    long responseBodyBytes();

    /**
     * Time the exchange spent on its event loop, in nanoseconds: the filters and the handler up to the moment the
     * handler returned its stage, plus the continuations run on the loop through {@link Offload#loop} and
     * {@link Delay}, less the time of other exchanges' handlers run meanwhile on the same loop. Work on an offload pool
     * or a client's own threads is not counted. It is wall-clock time: on a machine with more busy threads than cores
     * it includes moments the OS gave the loop's core to another thread.
     */
    long loopNanos();

    /**
     * Nanoseconds from the handler's call to the response's last byte: for a body in memory, when its bytes were
     * handed to the connection; for a streamed or file body, when its end was written to the socket; to the end of the
     * exchange when it did not complete. Measured only when an observer asks for it
     * ({@link ExchangeObserver#wantsDuration()}); -1 otherwise.
     */
    long durationNanos();
}
