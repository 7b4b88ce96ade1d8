package dev.loopline.examples.streaming;

import dev.loopline.server.Request;
import dev.loopline.server.Response;
import dev.loopline.server.ServerSentEvents;
import dev.loopline.server.ServerSentEvents.Event;
import dev.loopline.server.ServerSentEvents.EventStream;
import java.time.Instant;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@code GET /events}: a server-sent-events ticker. One thread broadcasts an event a second to every open stream
 * (sending never blocks: a slow client loses old ticks, see {@link ServerSentEvents}); a client that reconnects with
 * {@code Last-Event-ID} first gets the ticks it missed, up to ten.
 */
public final class Ticker implements AutoCloseable {

    private static final int REPLAY = 10;

    private final Set<EventStream> streams = ConcurrentHashMap.newKeySet();
    private final AtomicLong lastTick = new AtomicLong();
    private final ScheduledExecutorService clock = Executors.newSingleThreadScheduledExecutor(task -> {
        Thread thread = new Thread(task, "ticker");
        thread.setDaemon(true);
        return thread;
    });

    public Ticker() {
        clock.scheduleAtFixedRate(this::tick, 1, 1, TimeUnit.SECONDS);
    }

    CompletionStage<Response> handle(Request request) {
        long resumeAfter = ServerSentEvents.lastEventId(request).map(Ticker::parseId).orElse(-1L);
        return ServerSentEvents.stream(request, stream -> {
            long now = lastTick.get();
            if (resumeAfter >= 0) {
                for (long id = Math.max(resumeAfter + 1, now - REPLAY + 1); id <= now; id++) {
                    stream.send(event(id, "(missed)"));
                }
            }
            streams.add(stream);
            stream.closed().thenRun(() -> streams.remove(stream));
        }).completed();
    }

    /** Streams open now (for tests and logs). */
    int openStreams() {
        return streams.size();
    }

    private void tick() {
        long id = lastTick.incrementAndGet();
        Event event = event(id, Instant.now().toString());
        for (EventStream stream : streams) {
            stream.send(event);
        }
    }

    private static Event event(long id, String time) {
        return Event.data("{\"tick\":" + id + ",\"time\":\"" + time + "\"}").id(Long.toString(id)).name("tick");
    }

    private static long parseId(String id) {
        try {
            return Long.parseLong(id);
        } catch (NumberFormatException notOurs) {
            return -1;
        }
    }

    @Override
    public void close() {
        clock.shutdownNow();
        streams.forEach(EventStream::close);
    }
}
