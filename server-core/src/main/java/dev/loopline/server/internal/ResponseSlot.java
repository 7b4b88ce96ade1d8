package dev.loopline.server.internal;

import dev.loopline.server.Request;
import dev.loopline.server.RequestContext;
import dev.loopline.server.Response;
import java.net.InetSocketAddress;
import java.util.concurrent.CompletionStage;

/**
 * One request's exchange: its place in the connection's response order (created when the head arrives, so that
 * responses go out in request order whichever handler finishes first), and the {@link RequestContext} every
 * request derived from it hands on, through which offloading, timers and cancellation find the connection. The
 * queue fields are owned by the connection's loop; cancellation may come from any thread.
 */
final class ResponseSlot implements RequestContext {

    final ConnectionContext connection;
    final boolean headRequest;  // HEAD: write the headers only
    final boolean keepAlive;    // false: close the connection after this response
    final boolean http10;       // an HTTP/1.0 keep-alive must be confirmed with "Connection: keep-alive"
    boolean continuePending;    // "100 Continue" is owed as soon as this slot is first in line
    DefaultRequest request;     // set once the body has arrived
    ConnectionTimers.Timer timeout; // the handler timeout, while the handler runs
    CompletionStage<Response> stage; // what the handler returned, while it runs
    Response response;          // set once, when done
    boolean invoked;            // the handler has been called
    boolean bodyArriving;       // its body is streamed to the handler and has not all arrived: no handler timeout yet
    boolean done;
    private volatile boolean cancelled;
    private boolean ended;        // left the queue: answered and written, or abandoned (loop thread)
    private Rare rare;            // what few exchanges need, made on first use (keeps every slot small); guarded by this

    /** The parts of an exchange that few requests use. */
    private static final class Rare {
        Thread interruptible;               // running this request's interruptible work
        Runnable endAction;                 // what runs when it ends (temporary files of a form); loop thread
        WebSocketHandshake.Upgrade upgrade; // the handler accepted a WebSocket upgrade: the 101 switches the connection
    }

    private synchronized Rare rare() {
        if (rare == null) {
            rare = new Rare();
        }
        return rare;
    }

    /** The handler accepted a WebSocket upgrade (any thread): the 101, when it is due, switches the connection. */
    void upgrade(WebSocketHandshake.Upgrade accepted) {
        rare().upgrade = accepted;
    }

    /** The upgrade the handler accepted, or null. */
    synchronized WebSocketHandshake.Upgrade upgrade() {
        return rare == null ? null : rare.upgrade;
    }

    ResponseSlot(ConnectionContext connection, boolean headRequest, boolean keepAlive, boolean http10) {
        this.connection = connection;
        this.headRequest = headRequest;
        this.keepAlive = keepAlive;
        this.http10 = http10;
    }

    /** The server-side exchange of {@code request}, or null for a request built without a server. */
    static ResponseSlot of(Request request) {
        RequestContext context = request.context();
        return context instanceof ResponseSlot ? (ResponseSlot) context : null;
    }

    // ---- RequestContext

    @Override
    public String scheme() {
        String forwarded = origin().scheme();
        return forwarded != null ? forwarded : connection.scheme();
    }

    @Override
    public String authority() {
        return Forwarding.authority(origin(), request);
    }

    @Override
    public InetSocketAddress localAddress() {
        return connection.localAddress();
    }

    @Override
    public InetSocketAddress remoteAddress() {
        return connection.remoteAddress();
    }

    @Override
    public InetSocketAddress clientAddress() {
        return origin().client();
    }

    @Override
    public boolean isCancelled() {
        return cancelled;
    }

    private Forwarding.Origin origin() {
        return Forwarding.resolve(request.headers(), connection.remoteAddress(), connection.runtime().trustedProxies);
    }

    // ---- cancellation (any thread)

    /**
     * The request is no longer wanted (its handler timed out, or its client has gone): offloaded work that has not
     * started never will, and interruptible work that runs now is interrupted.
     */
    void cancel() {
        cancelled = true;
        synchronized (this) {
            if (rare != null && rare.interruptible != null) {
                rare.interruptible.interrupt();
            }
        }
    }

    /** The current thread runs this request's interruptible work until {@link #endInterruptible()}. */
    synchronized boolean beginInterruptible() {
        if (cancelled) {
            return false;
        }
        rare().interruptible = Thread.currentThread();
        return true;
    }

    /** The interruptible work has ended: no later cancellation interrupts this thread (nor has one left a flag). */
    synchronized void endInterruptible() {
        if (rare != null) {
            rare.interruptible = null;
        }
        Thread.interrupted(); // an interrupt meant for this request must not hit the thread's next task
    }

    // ---- the end of the exchange (loop thread)

    /**
     * Runs {@code action} when this exchange ends: once its response has been written (a streamed body to its
     * end) or the connection has given it up. Runs it at once when it has ended already.
     */
    void whenEnded(Runnable action) {
        assert connection.loop().inEventLoop();
        if (ended) {
            action.run();
            return;
        }
        Rare extras = rare();
        Runnable before = extras.endAction;
        extras.endAction = before == null ? action : () -> {
            try {
                before.run();
            } finally {
                action.run();
            }
        };
    }

    /** The exchange has left the connection's queue: its end actions run (a plain check when there are none). */
    void end() {
        ended = true;
        Rare extras = rare; // set, if at all, by this loop thread's own whenEnded: no lock needed to see it
        if (extras != null && extras.endAction != null) {
            Runnable action = extras.endAction;
            extras.endAction = null;
            action.run();
        }
    }

    // ---- the queue (loop thread)

    void cancelTimeout() {
        if (timeout != null) {
            timeout.cancel();
            timeout = null;
        }
    }

    @Override
    public String toString() {
        return request == null ? "(request not yet received)" : request.toString();
    }
}
