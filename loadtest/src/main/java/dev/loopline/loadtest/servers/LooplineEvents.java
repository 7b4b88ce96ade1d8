package dev.loopline.loadtest.servers;

import dev.loopline.server.Request;
import dev.loopline.server.Response;
import dev.loopline.server.ServerSentEvents;
import dev.loopline.server.ServerSentEvents.EventStream;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** {@code /events} on Loopline, as a user writes a broadcast: {@link ServerSentEvents} streams kept in a set. */
final class LooplineEvents {

    private static final Set<EventStream> STREAMS = ConcurrentHashMap.newKeySet();
    private static final EventTicker TICKER = new EventTicker(LooplineEvents::broadcast);

    private LooplineEvents() {
    }

    static Response subscribe(Request request) {
        TICKER.ensureStarted();
        return ServerSentEvents.stream(request, stream -> {
            STREAMS.add(stream);
            stream.closed().whenComplete((ended, failure) -> STREAMS.remove(stream));
        });
    }

    private static void broadcast() {
        ServerSentEvents.Event event = ServerSentEvents.Event.data(BenchContract.eventData(System.nanoTime()));
        for (EventStream stream : STREAMS) {
            stream.send(event);
        }
    }
}
