package dev.loopline.server.internal;

import dev.loopline.server.Exchange;
import dev.loopline.server.Request;
import dev.loopline.server.RequestContext;
import dev.loopline.server.Response;
import java.net.InetSocketAddress;

/**
 * One request's exchange: its place in the connection's response order (created when the head arrives, so that
 * responses go out in request order whichever handler finishes first), and the {@link RequestContext} every
 * request derived from it hands on, through which offloading, timers and cancellation find the connection. The
 * queue fields are owned by the connection's loop; cancellation may come from any thread.
 */
final class ResponseSlot implements RequestContext, Exchange {

    // The state bits: one byte for what the head said, one for the exchange's progress (loop thread), one for its
    // outcome: with six references and the loop time, a slot stays 48 bytes, as small as before the observers came.
    private static final int HEAD = 1;             // HEAD: write the headers only
    private static final int KEEP_ALIVE = 2;       // else: close the connection after this response
    private static final int HTTP10 = 4;           // an HTTP/1.0 keep-alive must be confirmed with "Connection: keep-alive"
    private static final int CONTINUE_PENDING = 1; // "100 Continue" is owed as soon as this slot is first in line
    private static final int INVOKED = 2;          // the handler has been called
    private static final int BODY_ARRIVING = 4;    // its body is streamed to the handler and has not all arrived
    private static final int DONE = 8;             // answered (or given up)
    private static final int ENDED = 16;           // left the queue: answered and written, or abandoned
    private static final int CONTINUING = 32;      // a continuation of it runs on the loop (see LoopTimers)
    private static final Outcome[] OUTCOMES = Outcome.values();

    final ConnectionContext connection;
    private final byte head;      // HEAD | KEEP_ALIVE | HTTP10
    private byte state;           // CONTINUE_PENDING | INVOKED | BODY_ARRIVING | DONE | ENDED | CONTINUING; loop thread
    private byte outcome;         // 1 + the Outcome's ordinal once the exchange has ended, else 0
    private volatile boolean cancelled;
    DefaultRequest request;       // set once the body has arrived
    Response response;            // set once, when done
    ConnectionTimers.Timer timeout; // the handler timeout, while an asynchronous handler runs
    private Rare rare;            // what few exchanges need, made on first use (keeps every slot small); guarded by this
    // What the observers are told (loop thread): no object is made for it, the slot is the Exchange.
    String route = "";            // the matched route's pattern, set by a router; read after the response came back
    long loopNanos;               // time spent on the loop: the handler's call and the continuations run there

    /** The parts of an exchange that few requests use. */
    private static final class Rare {
        Thread interruptible;               // running this request's interruptible work
        Runnable endAction;                 // what runs when it ends (temporary files of a form); loop thread
        WebSocketHandshake.Upgrade upgrade; // the handler accepted a WebSocket upgrade: the 101 switches the connection
        RequestBodyStream requestBody;      // its request body, streamed to the handler
        long streamedBytes = -1;            // bytes of a streamed or file response body handed to the connection
        long continuationStart;             // when the continuation running on the loop now began
        long startNanos;                    // when the handler was called, kept only when an observer wants the duration
        long durationNanos = -1;            // from then to the last byte, once ended
    }

    // ---- state (loop thread)

    boolean headRequest() {
        return (head & HEAD) != 0;
    }

    boolean keepAlive() {
        return (head & KEEP_ALIVE) != 0;
    }

    boolean http10() {
        return (head & HTTP10) != 0;
    }

    boolean continuePending() {
        return (state & CONTINUE_PENDING) != 0;
    }

    void continuePending(boolean on) {
        set(CONTINUE_PENDING, on);
    }

    boolean invoked() {
        return (state & INVOKED) != 0;
    }

    void invoked(boolean on) {
        set(INVOKED, on);
    }

    boolean bodyArriving() {
        return (state & BODY_ARRIVING) != 0;
    }

    void bodyArriving(boolean on) {
        set(BODY_ARRIVING, on);
    }

    boolean done() {
        return (state & DONE) != 0;
    }

    void done(boolean on) {
        set(DONE, on);
    }

    private void set(int bit, boolean on) {
        state = (byte) (on ? state | bit : state & ~bit);
    }

    /** How the exchange ended, once it has (loop thread). */
    void outcome(Outcome ended) {
        outcome = (byte) (ended.ordinal() + 1);
    }

    boolean hasOutcome() {
        return outcome != 0;
    }

    /** A continuation of this exchange begins on the loop at {@code nanos} (see LoopTimers). */
    void continuationStarts(long nanos) {
        rare().continuationStart = nanos;
        set(CONTINUING, true);
    }

    /** The continuation running on the loop ends (or the exchange ends in it) at {@code nanos}: its time counts. */
    void continuationEnds(long nanos) {
        if ((state & CONTINUING) != 0) {
            set(CONTINUING, false);
            loopNanos += nanos - rare.continuationStart;
        }
    }

    boolean continuing() {
        return (state & CONTINUING) != 0;
    }

    /** The request body is streamed to the handler by {@code stream} (loop thread). */
    void requestBodyStream(RequestBodyStream stream) {
        rare().requestBody = stream;
    }

    /** The bytes of a streamed or file response body that went out (loop thread). */
    void streamedBytes(long bytes) {
        rare().streamedBytes = bytes;
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
        this.head = (byte) ((headRequest ? HEAD : 0) | (keepAlive ? KEEP_ALIVE : 0) | (http10 ? HTTP10 : 0));
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
    public java.util.Optional<dev.loopline.server.TlsSession> tls() {
        return java.util.Optional.ofNullable(connection.tls());
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

    @Override
    public void routeMatched(String routePattern) {
        route = routePattern;
    }

    private Forwarding.Origin origin() {
        return Forwarding.resolve(request.headers(), connection.remoteAddress(), connection.runtime().trustedProxies);
    }

    // ---- Exchange (loop thread, while the observers are told of its end)

    @Override
    public Request request() {
        return request;
    }

    @Override
    public String route() {
        return route;
    }

    @Override
    public Response response() {
        return response;
    }

    @Override
    public Outcome outcome() {
        return outcome == 0 ? null : OUTCOMES[outcome - 1];
    }

    @Override
    public long requestBodyBytes() {
        Rare extras = rareIfAny();
        if (extras != null && extras.requestBody != null) {
            return extras.requestBody.received();
        }
        return request == null ? 0 : Math.max(0, request.body().length());
    }

    @Override
    public long responseBodyBytes() {
        Rare extras = rareIfAny();
        if (extras != null && extras.streamedBytes >= 0) {
            return extras.streamedBytes;
        }
        if (response == null || outcome() != Outcome.COMPLETED || headRequest()) {
            return 0;
        }
        int status = response.status();
        return status == 204 || status == 205 || status == 304 ? 0 : Math.max(0, response.body().length());
    }

    @Override
    public long loopNanos() {
        return loopNanos;
    }

    @Override
    public long durationNanos() {
        Rare extras = rareIfAny();
        return extras == null ? -1 : extras.durationNanos;
    }

    /** The handler was called at {@code nanos} (loop thread); kept only when an observer wants the duration. */
    void startedAt(long nanos) {
        rare().startNanos = nanos;
    }

    /** The exchange ended at {@code nanos}: its duration from the handler's call (loop thread). */
    void endedAt(long nanos) {
        Rare extras = rare();
        extras.durationNanos = nanos - extras.startNanos;
    }

    /** The rare part, or null; read under its lock, as another thread may have made it. */
    private synchronized Rare rareIfAny() {
        return rare;
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
        if ((state & ENDED) != 0) {
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
        set(ENDED, true);
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
