package dev.loopline.server;

import dev.loopline.server.internal.EventStreamPublisher;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;

/**
 * Server-sent events ({@code text/event-stream}, HTML Living Standard section 9.2): a response that stays open and
 * carries events as they happen.
 *
 * <pre>{@code
 * router.get("/events", request -> ServerSentEvents.stream(request, events -> {
 *     ticker.subscribe(tick -> events.send(ServerSentEvents.Event.data(tick.json()).id(tick.id())));
 *     events.closed().thenRun(ticker::unsubscribe);                      // the client has gone
 * }).completed());
 * }</pre>
 *
 * <p>{@link EventStream#send} never blocks and may be called from any thread. Each connection buffers at most
 * {@link Options#bufferEvents} events that its client has not yet taken; past that, a slow client loses its oldest
 * events ({@link Overflow#DROP_OLDEST}, the default) or its connection ({@link Overflow#CLOSE}), and never slows the
 * others down. A comment line goes out every {@link Options#heartbeat} so that proxies keep the connection, and so
 * that a client that has gone is noticed. The response's handler timeout ends when it is returned; the stream lasts
 * until the client goes or {@link EventStream#close()} is called.
 */
public final class ServerSentEvents {

    private ServerSentEvents() {
    }

    /** A {@code 200 text/event-stream} response; {@code onOpen} gets the stream (before the response goes out). */
    public static Response stream(Request request, Consumer<EventStream> onOpen) {
        return stream(request, Options.defaults(), onOpen);
    }

    /** As {@link #stream(Request, Consumer)}, with these options. */
    public static Response stream(Request request, Options options, Consumer<EventStream> onOpen) {
        EventStreamPublisher publisher = new EventStreamPublisher(request, options.bufferEvents,
                options.overflow == Overflow.CLOSE, options.heartbeat, options.retry);
        onOpen.accept(publisher);
        return Response.of(200, "text/event-stream; charset=utf-8", Body.stream(publisher))
                .withHeader("Cache-Control", "no-store")
                .withHeader("X-Accel-Buffering", "no"); // nginx: pass events through, do not buffer them
    }

    /** The id of the last event a reconnecting client saw ({@code Last-Event-ID}), to resume after it. */
    public static Optional<String> lastEventId(Request request) {
        return request.header("Last-Event-ID").filter(id -> !id.isEmpty());
    }

    /** One open event stream. Thread-safe. */
    public interface EventStream {

        /** Queues {@code event} for the client; false when the stream is closed (the client has gone). */
        boolean send(Event event);

        /** Queues an event with just {@code data}. */
        default boolean send(String data) {
            return send(Event.data(data));
        }

        /** Queues a comment line ({@code : text}), which clients ignore. */
        boolean comment(String text);

        /** Ends the stream once the queued events are out. */
        void close();

        /** True until the stream has ended. */
        boolean isOpen();

        /** Completes when the stream ends: the client went away, the stream was closed, or it was too slow. */
        CompletionStage<Void> closed();

        /** Events lost because the client was too slow ({@link Overflow#DROP_OLDEST}). */
        long droppedEvents();

        /** The request that opened the stream. */
        Request request();
    }

    /** What happens to a client that falls {@link Options#bufferEvents} events behind. */
    public enum Overflow {
        /** Its oldest waiting event is dropped for each new one (counted in {@link EventStream#droppedEvents}). */
        DROP_OLDEST,
        /** Its connection is closed; a browser's EventSource reconnects with {@code Last-Event-ID}. */
        CLOSE
    }

    /** The options of an event stream. Immutable; change with the {@code with...} methods. */
    public static final class Options {
        private final int bufferEvents;
        private final Overflow overflow;
        private final Duration heartbeat;
        private final Duration retry; // null: none sent

        private Options(int bufferEvents, Overflow overflow, Duration heartbeat, Duration retry) {
            this.bufferEvents = bufferEvents;
            this.overflow = overflow;
            this.heartbeat = heartbeat;
            this.retry = retry;
        }

        /** 256 events buffered, dropping the oldest; a heartbeat every 15 s; no retry hint. */
        public static Options defaults() {
            return new Options(256, Overflow.DROP_OLDEST, Duration.ofSeconds(15), null);
        }

        /** At most {@code events} events wait for a slow client. */
        public Options bufferEvents(int events) {
            if (events < 1) {
                throw new IllegalArgumentException("bufferEvents must be >= 1 (was " + events + ")");
            }
            return new Options(events, overflow, heartbeat, retry);
        }

        /** What happens to a client that falls behind. */
        public Options whenSlow(Overflow policy) {
            return new Options(bufferEvents, Objects.requireNonNull(policy, "policy"), heartbeat, retry);
        }

        /** A comment line this often; keep it below the server's idle timeout and your proxies' read timeouts. */
        public Options heartbeat(Duration interval) {
            if (interval.isNegative() || interval.isZero()) {
                throw new IllegalArgumentException("heartbeat must be a positive duration (was " + interval + ")");
            }
            return new Options(bufferEvents, overflow, interval, retry);
        }

        /** The reconnection delay the client is told to use ({@code retry:}), sent first. */
        public Options retry(Duration delay) {
            if (delay.isNegative()) {
                throw new IllegalArgumentException("retry must not be negative (was " + delay + ")");
            }
            return new Options(bufferEvents, overflow, heartbeat, delay);
        }
    }

    /** One event: data (several lines allowed), and optionally an id, an event name and a retry hint. Immutable. */
    public static final class Event {
        private final String data;
        private final String id;
        private final String name;
        private final Duration retry;
        @SuppressWarnings("unused") // the wire form, made once by the first stream that sends it (EventStreamPublisher)
        private volatile byte[] encoded;

        private Event(String data, String id, String name, Duration retry) {
            this.data = data;
            this.id = id;
            this.name = name;
            this.retry = retry;
        }

        /** An event carrying {@code data}; line breaks in it become several {@code data:} lines. */
        public static Event data(String data) {
            return new Event(Objects.requireNonNull(data, "data"), null, null, null);
        }

        /** This event with an id, which a reconnecting client sends back as {@code Last-Event-ID}. */
        public Event id(String newId) {
            return new Event(data, singleLine(newId, "id", true), name, retry);
        }

        /** This event with a name (the {@code event:} field; a browser dispatches it to that listener). */
        public Event name(String newName) {
            return new Event(data, id, singleLine(newName, "name", false), retry);
        }

        /** This event with a reconnection delay for the client. */
        public Event retry(Duration delay) {
            if (delay.isNegative()) {
                throw new IllegalArgumentException("retry must not be negative (was " + delay + ")");
            }
            return new Event(data, id, name, delay);
        }

        /** The data, as given. */
        public String data() {
            return data;
        }

        /** The id, when set. */
        public Optional<String> id() {
            return Optional.ofNullable(id);
        }

        /** The event name, when set. */
        public Optional<String> name() {
            return Optional.ofNullable(name);
        }

        /** The reconnection delay, when set. */
        public Optional<Duration> retry() {
            return Optional.ofNullable(retry);
        }

        private static String singleLine(String value, String field, boolean noNul) {
            Objects.requireNonNull(value, field);
            if (value.indexOf('\n') >= 0 || value.indexOf('\r') >= 0 || noNul && value.indexOf('\0') >= 0) {
                throw new IllegalArgumentException("an event's " + field + " must be one line" + (noNul
                        ? " without NUL" : "") + " (was \"" + value + "\")");
            }
            return value;
        }

        @Override
        public String toString() {
            return "Event[" + (id == null ? "" : "id=" + id + ", ") + (name == null ? "" : "name=" + name + ", ")
                    + data.length() + " chars]";
        }
    }
}
