package dev.loopline.server.internal;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.codec.http2.Http2Exception;
import io.netty.handler.codec.http2.Http2Settings;
import io.netty.util.ReferenceCountUtil;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP/1.1 {@code Upgrade: h2c} path (RFC 7540 section 3.2), only with
 * {@link dev.loopline.server.Http2Config#cleartextUpgrade()}: between the decoder and the dispatcher, it looks at the
 * connection's first request. One without a body that asks for h2c with exactly one valid {@code HTTP2-Settings} gets
 * {@code 101 Switching Protocols}, and HTTP/2 takes the connection with that request as stream 1. Any other request
 * (a body, a bad or missing {@code HTTP2-Settings}, another protocol) is served as HTTP/1.1, its {@code Upgrade}
 * ignored, as RFC 9110 section 7.8 allows; this handler then leaves the pipeline.
 */
final class H2cUpgrade extends ChannelInboundHandlerAdapter {

    private static final Logger log = LoggerFactory.getLogger(Loggers.SERVER);
    private static final byte[] SWITCHING = ("HTTP/1.1 101 Switching Protocols\r\nConnection: Upgrade\r\n"
            + "Upgrade: h2c\r\n\r\n").getBytes(StandardCharsets.US_ASCII);

    private final ServerRuntime runtime;
    private HttpRequest pending; // the upgrade request, until its (empty) end arrives
    private Http2Settings settings;
    private final List<ByteBuf> early = new ArrayList<>(1);

    H2cUpgrade(ServerRuntime runtime) {
        this.runtime = runtime;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object message) throws Exception {
        if (pending == null) {
            if (message instanceof HttpRequest && ((HttpRequest) message).decoderResult().isSuccess()) {
                settings = wanted((HttpRequest) message);
                if (settings != null) {
                    pending = (HttpRequest) message;
                    if (message instanceof LastHttpContent) {
                        ReferenceCountUtil.release(message);
                        upgrade(ctx);
                    }
                    return;
                }
            }
            ctx.pipeline().remove(this); // HTTP/1.1 it stays
            ctx.fireChannelRead(message);
            return;
        }
        if (message instanceof ByteBuf) { // what the client sent after the request: its preface, without waiting
            early.add((ByteBuf) message);  // for the 101; it goes to HTTP/2 once the switch is done
            return;
        }
        ReferenceCountUtil.release(message); // the empty end of the upgrade request
        if (message instanceof LastHttpContent) {
            upgrade(ctx);
        }
    }

    private void upgrade(ChannelHandlerContext ctx) throws Http2Exception {
        log.debug("Connection from {} upgraded to h2c", ctx.channel().remoteAddress());
        ctx.writeAndFlush(Unpooled.wrappedBuffer(SWITCHING));
        // removing the decoder hands this handler what it holds past the request (see channelRead)
        Http2Connections.takeOver(ctx, runtime).upgraded(settings, Http2Head.ofUpgrade(pending));
        for (ByteBuf bytes : early) {
            ctx.fireChannelRead(bytes); // to HTTP/2, just behind this handler
        }
        early.clear();
        ctx.pipeline().remove(this);
    }

    /** The client's settings when {@code request} asks for h2c and may have it; else null. */
    private static Http2Settings wanted(HttpRequest request) {
        String upgrade = request.headers().get(HttpHeaderNames.UPGRADE);
        if (upgrade == null || !tokens(upgrade).contains("h2c")
                || !tokens(request.headers().get(HttpHeaderNames.CONNECTION, "")).contains("http2-settings")) {
            return null;
        }
        List<String> encoded = request.headers().getAll("HTTP2-Settings");
        if (encoded.size() != 1 || HttpUtil.getContentLength(request, 0L) > 0
                || HttpUtil.isTransferEncodingChunked(request)) {
            return null; // RFC 7540 section 3.2.1: exactly one; and a body would have to be held in memory first
        }
        try {
            byte[] payload = Base64.getUrlDecoder().decode(encoded.get(0).trim());
            if (payload.length % 6 != 0) {
                return null;
            }
            Http2Settings settings = new Http2Settings();
            for (int i = 0; i < payload.length; i += 6) {
                char id = (char) ((payload[i] & 0xff) << 8 | payload[i + 1] & 0xff);
                long value = (payload[i + 2] & 0xffL) << 24 | (payload[i + 3] & 0xffL) << 16
                        | (payload[i + 4] & 0xffL) << 8 | payload[i + 5] & 0xffL;
                settings.put(id, Long.valueOf(value));
            }
            return settings;
        } catch (IllegalArgumentException bad) { // not base64url, or a value out of its setting's range
            log.debug("Ignoring Upgrade: h2c with a bad HTTP2-Settings: {}", bad.toString());
            return null;
        }
    }

    private static List<String> tokens(String list) {
        return List.of(list.toLowerCase(Locale.ROOT).replace(" ", "").split(","));
    }
}
