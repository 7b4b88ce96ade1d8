package dev.loopline.examples.chat;

import dev.loopline.examples.ExampleOptions;
import dev.loopline.examples.RunningExample;
import dev.loopline.routing.AccessLog;
import dev.loopline.routing.Router;
import dev.loopline.server.ServerConfig;
import dev.loopline.server.StaticFiles;
import dev.loopline.server.WebSocketOptions;
import java.time.Duration;
import java.util.Set;

/**
 * A chat: a tiny page at {@code /} (HTML and the browser's own WebSocket, packed in the jar) and the endpoint
 * {@code /chat/{room}}, where every text message is sent to every session in the room, the sender's included.
 * Messages up to 4 KiB; the server pings every 30 s, so that proxies keep idle sessions, and closes a session silent
 * for 2 minutes. Options: none beyond {@code --host} and {@code --port}.
 */
public final class ChatService {

    private ChatService() {
    }

    public static RunningExample start(ExampleOptions options) {
        options.requireOnly("chat", Set.of());
        ServerConfig config = ServerConfig.builder().host(options.host()).port(options.port()).build();
        return RunningExample.start("chat", config, router(new ChatRooms()));
    }

    /** The page and the chat endpoint over {@code rooms}. */
    public static Router router(ChatRooms rooms) {
        WebSocketOptions chat = WebSocketOptions.defaults()
                .withMaxMessageBytes(4096)
                .withPingInterval(Duration.ofSeconds(30))
                .withIdleTimeout(Duration.ofMinutes(2));
        return Router.builder()
                .filter(AccessLog.filter())
                .websocket("/chat/{room}", chat, rooms::listenerFor)
                .get("/{*path}", StaticFiles.classpath("chat-ui").cacheControl("**", "no-cache").build())
                .build();
    }
}
