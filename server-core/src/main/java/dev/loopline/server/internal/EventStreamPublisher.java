package dev.loopline.server.internal;

import dev.loopline.server.Request;
import dev.loopline.server.ServerSentEvents;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * An event stream as the body publisher of its response: events are encoded when sent, wait in a bounded queue
 * until the connection asks for them, and go out one buffer each. Senders on any thread never block; signals to the
 * subscriber are serialized by a drain loop that whichever thread finds work runs.
 */
public final class EventStreamPublisher implements Flow.Publisher<ByteBuffer>, ServerSentEvents.EventStream,
        ResponseStream.EndsOnDrain {

    private static final byte[] HEARTBEAT = ":\n\n".getBytes(StandardCharsets.US_ASCII);

    private final Request request;
    private final int capacity;
    private final boolean closeWhenFull;
    private final Duration heartbeat;
    private final CompletableFuture<Void> closed = new CompletableFuture<>();
    private final AtomicLong dropped = new AtomicLong();
    private final Object lock = new Object();
    private static final VarHandle ENCODED;

    static {
        try {
            ENCODED = MethodHandles.privateLookupIn(ServerSentEvents.Event.class, MethodHandles.lookup())
                    .findVarHandle(ServerSentEvents.Event.class, "encoded", byte[].class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final ArrayDeque<ByteBuffer> queue = new ArrayDeque<>(); // guarded by lock
    private Flow.Subscriber<? super ByteBuffer> subscriber;         // guarded by lock
    private long demand;        // guarded by lock
    private boolean closing;    // close() was called: complete once the queue is empty; guarded by lock
    private boolean ended;      // a terminal signal went out, or the subscriber cancelled; guarded by lock
    private boolean draining;   // guarded by lock
    private boolean missed;     // work arrived while another thread drained; guarded by lock

    public EventStreamPublisher(Request request, int capacity, boolean closeWhenFull, Duration heartbeat,
                                Duration retry) {
        this.request = request;
        this.capacity = capacity;
        this.closeWhenFull = closeWhenFull;
        this.heartbeat = heartbeat;
        // The first buffer lets the head go out at once (a browser's EventSource opens then): the retry hint, or a
        // comment.
        queue.add(ByteBuffer.wrap(retry == null ? HEARTBEAT
                : ("retry: " + retry.toMillis() + "\n\n").getBytes(StandardCharsets.US_ASCII)));
    }

    // ---- ServerSentEvents.EventStream (any thread)

    @Override
    public boolean send(ServerSentEvents.Event event) {
        return offer(encode(event));
    }

    @Override
    public boolean comment(String text) {
        StringBuilder lines = new StringBuilder(text.length() + 4);
        for (String line : text.split("\r\n|\r|\n", -1)) {
            lines.append(": ").append(line).append('\n');
        }
        return offer(ByteBuffer.wrap(lines.append('\n').toString().getBytes(StandardCharsets.UTF_8)));
    }

    @Override
    public void close() {
        synchronized (lock) {
            if (ended || closing) {
                return;
            }
            closing = true;
        }
        drain();
    }

    /** The server drains: the stream ends, and the browser reconnects (to another instance) with Last-Event-ID. */
    @Override
    public void serverDraining() {
        close();
    }

    @Override
    public boolean isOpen() {
        synchronized (lock) {
            return !ended && !closing;
        }
    }

    @Override
    public CompletionStage<Void> closed() {
        return closed;
    }

    @Override
    public long droppedEvents() {
        return dropped.get();
    }

    @Override
    public Request request() {
        return request;
    }

    // ---- Flow.Publisher

    @Override
    public void subscribe(Flow.Subscriber<? super ByteBuffer> newSubscriber) {
        synchronized (lock) {
            if (subscriber != null) {
                newSubscriber.onSubscribe(Subscriptions.NONE);
                newSubscriber.onError(new IllegalStateException("an event stream has one subscriber"));
                return;
            }
            subscriber = newSubscriber;
        }
        newSubscriber.onSubscribe(new Flow.Subscription() {
            @Override
            public void request(long n) {
                synchronized (lock) {
                    demand = Subscriptions.addDemand(demand, Math.max(n, 1));
                }
                drain();
            }

            @Override
            public void cancel() {
                end();
            }
        });
        scheduleHeartbeat();
    }

    private boolean offer(ByteBuffer buffer) {
        synchronized (lock) {
            if (ended || closing) {
                return false;
            }
            if (queue.size() >= capacity) {
                if (closeWhenFull) { // too slow: end the stream now; the client reconnects with Last-Event-ID
                    queue.clear();
                    closing = true;
                } else {
                    queue.pollFirst();
                    dropped.incrementAndGet();
                }
            }
            if (!closing) {
                queue.addLast(buffer);
            }
        }
        drain();
        return true;
    }

    private void drain() {
        synchronized (lock) {
            if (draining) {
                missed = true;
                return;
            }
            draining = true;
        }
        while (true) {
            ByteBuffer next = null;
            boolean complete = false;
            Flow.Subscriber<? super ByteBuffer> target;
            synchronized (lock) {
                target = subscriber;
                if (ended || target == null) {
                    draining = false;
                    return;
                }
                if (demand > 0 && !queue.isEmpty()) {
                    next = queue.pollFirst();
                    demand--;
                } else if (closing && queue.isEmpty()) {
                    ended = true;
                    complete = true;
                } else if (missed) {
                    missed = false;
                    continue;
                } else {
                    draining = false;
                    return;
                }
            }
            if (next != null) {
                target.onNext(next);
            } else if (complete) {
                target.onComplete();
                closed.complete(null);
            }
        }
    }

    private void end() {
        synchronized (lock) {
            ended = true;
            queue.clear();
        }
        closed.complete(null);
    }

    /** A comment every heartbeat interval, on the connection's loop, while the stream is open. */
    private void scheduleHeartbeat() {
        ResponseSlot exchange = ResponseSlot.of(request);
        if (exchange == null) {
            return; // a request made without a server: nobody to keep alive
        }
        ConnectionContext connection = exchange.connection;
        Runnable arm = () -> connection.timers().schedule(this::beat, heartbeat.toNanos(), this::end);
        try {
            if (connection.loop().inEventLoop()) {
                arm.run();
            } else {
                connection.loop().execute(arm);
            }
        } catch (RejectedExecutionException shutDown) {
            end();
        }
    }

    private void beat() {
        if (isOpen() && offer(ByteBuffer.wrap(HEARTBEAT))) {
            scheduleHeartbeat();
        }
    }

    /**
     * The event in the text/event-stream format, made once per event however many streams send it (a broadcast to
     * 10 000 streams encodes once); each stream gets its own read-only view of the shared bytes.
     */
    static ByteBuffer encode(ServerSentEvents.Event event) {
        byte[] bytes = (byte[]) ENCODED.getAcquire(event);
        if (bytes == null) {
            bytes = wireForm(event);
            ENCODED.setRelease(event, bytes); // two threads may both make it: the same bytes either way
        }
        return ByteBuffer.wrap(bytes).asReadOnlyBuffer();
    }

    private static byte[] wireForm(ServerSentEvents.Event event) {
        String data = event.data();
        StringBuilder text = new StringBuilder(data.length() + 32);
        event.id().ifPresent(id -> text.append("id: ").append(id).append('\n'));
        event.name().ifPresent(name -> text.append("event: ").append(name).append('\n'));
        event.retry().ifPresent(retry -> text.append("retry: ").append(retry.toMillis()).append('\n'));
        int start = 0;
        for (int i = 0; i <= data.length(); i++) { // a line ends at CRLF, CR or LF (WHATWG "event stream")
            char c = i < data.length() ? data.charAt(i) : '\n';
            if (c == '\r' || c == '\n') {
                text.append("data: ").append(data, start, i).append('\n');
                if (c == '\r' && i + 1 < data.length() && data.charAt(i + 1) == '\n') {
                    i++;
                }
                start = i + 1;
            }
        }
        return text.append('\n').toString().getBytes(StandardCharsets.UTF_8);
    }
}
