package dev.loopline.server.streaming;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.loopline.server.Handler;
import dev.loopline.server.HttpServer;
import dev.loopline.server.ServerSentEvents;
import dev.loopline.server.ServerSentEvents.EventStream;
import dev.loopline.testsupport.Await;
import dev.loopline.testsupport.RawClient;
import dev.loopline.testsupport.TestServers;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Events and comments sent from a thread other than the loop, then the close, arrive all and in the order sent. The
 * event publisher emits from whichever thread drains it, so a signal may reach the body's subscriber on the loop while
 * earlier ones from the other thread still wait in the loop's queue: it must not overtake them (it did: about nine
 * rounds in ten lost or reordered an item).
 */
class EventOrderTest {

    @Test
    void eventsSentFromAnotherThreadArriveAllAndInOrder() throws Exception {
        List<EventStream> streams = new CopyOnWriteArrayList<>();
        Handler handler = request -> ServerSentEvents.stream(request, streams::add).completed();
        String expected = "d0,c1,d2,d3,c4,d5,d6,c7,d8,d9,c10,d11";
        try (HttpServer server = TestServers.start(handler)) {
            for (int round = 0; round < 60; round++) {
                streams.clear();
                try (RawClient raw = new RawClient(server.port())) {
                    raw.send("GET /events HTTP/1.1\r\nHost: a\r\n\r\n");
                    Await.until("the stream is open", () -> streams.size() == 1);
                    EventStream stream = streams.get(0);
                    for (int i = 0; i < 12; i++) {
                        if (i % 3 == 1) {
                            stream.comment("c" + i);
                        } else {
                            stream.send("d" + i);
                        }
                    }
                    stream.close();
                    String body = raw.readResponse().bodyText();
                    String seen = Arrays.stream(body.split("\n")).filter(line -> !line.isEmpty() && !line.equals(":"))
                            .map(line -> line.replaceAll("^(data: |: )", "")).collect(Collectors.joining(","));
                    assertEquals(expected, seen, "round " + round + ", dropped " + stream.droppedEvents());
                }
            }
        }
    }
}
