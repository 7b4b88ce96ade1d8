package dev.loopline.server.internal;

import dev.loopline.server.Response;
import dev.loopline.server.WebSocketOptions;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http.websocketx.WebSocket13FrameDecoder;
import io.netty.handler.codec.http.websocketx.WebSocket13FrameEncoder;
import io.netty.handler.codec.http.websocketx.WebSocketDecoderConfig;
import java.nio.charset.StandardCharsets;

/**
 * The switch from HTTP to WebSocket on one connection, once its 101 is due. The pipeline afterwards, head to tail:
 * frame encoder, frame decoder, [permessage-deflate decoder and encoder], the session, and the HTTP dispatcher,
 * which stays last only to see the channel close.
 */
final class WebSocketPipeline {

    private WebSocketPipeline() {
    }

    /**
     * Switches the connection of {@code ctx} (the HTTP dispatcher's context, its 101 written) to WebSocket: the
     * session and the codec take the place of the HTTP decoder; the dispatcher stays last to see the channel close.
     */
    static WebSocketSession install(ChannelHandlerContext ctx, ServerRuntime runtime, ServerConnection http,
                                    WebSocketHandshake.Upgrade upgrade, Response response) {
        WebSocketOptions options = upgrade.options();
        StringBuilder head = new StringBuilder("HTTP/1.1 101 Switching Protocols\r\n");
        response.headers().forEach((name, value) -> head.append(name).append(": ").append(value).append("\r\n"));
        ctx.writeAndFlush(Unpooled.copiedBuffer(head.append("\r\n"), StandardCharsets.ISO_8859_1));
        WebSocketSession session = new WebSocketSession(runtime, upgrade);
        ChannelPipeline pipeline = ctx.pipeline();
        String dispatcher = ctx.name();
        pipeline.addBefore(dispatcher, "ws-session", session);
        if (upgrade.deflate() != null) {
            pipeline.addBefore("ws-session", "ws-deflate-decoder", upgrade.deflate().newExtensionDecoder());
            pipeline.addBefore("ws-session", "ws-deflate-encoder", upgrade.deflate().newExtensionEncoder());
        }
        // first in line: every frame, the codec's own close frames too, is encoded on its way out
        pipeline.addFirst("ws-encoder", new WebSocket13FrameEncoder(false));
        WebSocketDecoderConfig config = WebSocketDecoderConfig.newBuilder()
                .maxFramePayloadLength(options.maxFrameBytes())
                .expectMaskedFrames(true)
                .allowMaskMismatch(false)
                .allowExtensions(upgrade.deflate() != null)
                .closeOnProtocolViolation(true)
                .withUTF8Validator(false) // checked here on the whole message, after inflating
                .build();
        session.opened();
        // the HTTP decoder hands what it holds beyond the upgrade request to the frame decoder that replaces it
        pipeline.replace("decoder", "ws-decoder", new WebSocket13FrameDecoder(config));
        runtime.connectionClosed(http); // graceful shutdown now closes the session (1001), not an HTTP connection
        runtime.connectionOpened(session);
        return session;
    }

}
