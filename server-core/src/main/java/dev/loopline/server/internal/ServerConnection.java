package dev.loopline.server.internal;

/** An open connection as graceful shutdown sees it: an HTTP connection, or the WebSocket session it became. */
interface ServerConnection {

    /** Finish what has arrived, then close (an HTTP connection); close with 1001 (a WebSocket session). Any thread. */
    void startDrain();

    /** The grace period is over: close now. Any thread. */
    void closeNow();
}
