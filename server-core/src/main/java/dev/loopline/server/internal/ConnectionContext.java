package dev.loopline.server.internal;

import io.netty.channel.EventLoop;

/** What a request knows of the connection it arrived on: enough for offloading and writing back. */
interface ConnectionContext {

    ServerRuntime runtime();

    /** The connection's own event loop, where its response is written. */
    EventLoop loop();

    /** False once the client has gone away: offloaded work for it is not started. */
    boolean isOpen();
}
