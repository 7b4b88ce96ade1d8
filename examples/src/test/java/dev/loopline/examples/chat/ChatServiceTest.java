package dev.loopline.examples.chat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.loopline.server.HttpServer;
import dev.loopline.server.ServerConfig;
import dev.loopline.testsupport.Await;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The chat example over real sockets: the page, and a room's broadcast with the JDK's WebSocket client. */
class ChatServiceTest {

    private static final HttpClient CLIENT = HttpClient.newHttpClient();

    private static final class Inbox implements WebSocket.Listener {
        final LinkedBlockingQueue<String> messages = new LinkedBlockingQueue<>();

        @Override
        public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
            messages.add(data.toString());
            ws.request(1);
            return null;
        }
    }

    private static WebSocket join(HttpServer server, String room, Inbox inbox) throws Exception {
        return CLIENT.newWebSocketBuilder().buildAsync(URI.create("ws://127.0.0.1:" + server.port() + "/chat/" + room),
                inbox).get(10, TimeUnit.SECONDS);
    }

    @Test
    void everyMessageReachesEverySessionOfItsRoomTheSenderIncludedAndNoOtherRoom() throws Exception {
        ChatRooms rooms = new ChatRooms();
        try (HttpServer server = HttpServer.start(ServerConfig.builder().host("127.0.0.1").port(0).build(),
                ChatService.router(rooms))) {
            Inbox ada = new Inbox();
            Inbox bob = new Inbox();
            Inbox eve = new Inbox();
            WebSocket adaSocket = join(server, "lobby", ada);
            join(server, "lobby", bob);
            join(server, "kitchen", eve);
            Await.until("both are in the lobby", () -> rooms.size("lobby") == 2);
            adaSocket.sendText("hello, lobby", true).get(5, TimeUnit.SECONDS);
            assertEquals("hello, lobby", ada.messages.poll(10, TimeUnit.SECONDS));
            assertEquals("hello, lobby", bob.messages.poll(10, TimeUnit.SECONDS));
            assertNull(eve.messages.poll(300, TimeUnit.MILLISECONDS), "the kitchen hears nothing");
            adaSocket.sendClose(WebSocket.NORMAL_CLOSURE, "bye").get(5, TimeUnit.SECONDS);
            Await.until("ada has left", () -> rooms.size("lobby") == 1);
        }
    }

    @Test
    void thePageComesFromTheJarAndOpensAWebSocket() throws Exception {
        try (HttpServer server = HttpServer.start(ServerConfig.builder().host("127.0.0.1").port(0).build(),
                ChatService.router(new ChatRooms()))) {
            HttpResponse<String> page = CLIENT.send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + server.port() + "/")).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, page.statusCode());
            assertTrue(page.body().contains("new WebSocket("), page.body());
        }
    }
}
