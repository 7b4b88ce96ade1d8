package dev.loopline.server;

import dev.loopline.server.internal.WebSocketHandshake;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Upgrades a request to a WebSocket session. A handler (usually a router's {@code websocket} route, which calls
 * this) answers with the stage this returns; the server checks the handshake, and once the 101 is written (after the
 * responses to earlier requests on the connection), HTTP leaves the connection: its codec, timers and handlers are
 * replaced by the WebSocket codec and {@code listener}.
 *
 * <pre>{@code
 * Handler chat = request -> WebSockets.upgrade(request, WebSocketOptions.defaults(), new WebSocketListener() {
 *     public void onText(WebSocket session, String text) {
 *         session.sendText("echo: " + text);
 *     }
 * });
 * }</pre>
 *
 * <p>The stage fails with an {@link HttpStatusException} for a request that is not a valid upgrade: 400 for a
 * request that is not a GET or whose {@code Sec-WebSocket-Key} is missing or not 16 bytes of base64; 426 with
 * {@code Sec-WebSocket-Version: 13} for a plain request (no {@code Upgrade: websocket}) or another protocol version;
 * 403 for an {@code Origin} outside {@link WebSocketOptions#allowedOrigins()}. Filters see the 101 (an access log
 * logs it) and may refuse it before it goes out by answering otherwise.
 */
public final class WebSockets {

    private WebSockets() {
    }

    /** Upgrades {@code request}: its session's events go to {@code listener}. */
    public static CompletionStage<Response> upgrade(Request request, WebSocketOptions options,
                                                    WebSocketListener listener) {
        try {
            return CompletableFuture.completedFuture(Response.switchingProtocols(
                    WebSocketHandshake.accept(request, options, listener)));
        } catch (RuntimeException refused) {
            return CompletableFuture.failedFuture(refused);
        }
    }
}
