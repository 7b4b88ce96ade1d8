package dev.loopline.loadtest.servers;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.EmptyHttpHeaders;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.handler.codec.http.websocketx.WebSocketServerHandshaker;
import io.netty.handler.codec.http.websocketx.WebSocketServerHandshakerFactory;
import io.netty.util.ReferenceCountUtil;
import java.util.ArrayDeque;
import java.util.List;
import java.util.OptionalInt;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;

/**
 * netty-raw's endpoints for one connection. Immediate answers are written at once and flushed once per read
 * batch; a deferred answer (timer, CPU pool) queues the answers behind it so that pipelined responses keep
 * request order.
 */
final class NettyRawHandler extends ChannelInboundHandlerAdapter {

    private final NettyRawResponses responses;
    private final Executor cpuPool;
    private final ArrayDeque<Slot> queued = new ArrayDeque<>(); // owned by the channel's loop

    /** One request's place in the response order. */
    private static final class Slot {
        final boolean keepAlive;
        FullHttpResponse response; // null until answered; owned by the channel's loop

        Slot(boolean keepAlive) {
            this.keepAlive = keepAlive;
        }
    }

    NettyRawHandler(NettyRawResponses responses, Executor cpuPool) {
        this.responses = responses;
        this.cpuPool = cpuPool;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object message) {
        try {
            if (message instanceof HttpRequest) {
                HttpRequest request = (HttpRequest) message;
                if (request.decoderResult().isFailure()) {
                    ctx.writeAndFlush(responses.status(HttpResponseStatus.BAD_REQUEST))
                            .addListener(ChannelFutureListener.CLOSE);
                    return;
                }
                route(ctx, request, new Slot(HttpUtil.isKeepAlive(request)));
            }
        } finally {
            ReferenceCountUtil.release(message); // request heads and (empty) bodies are not kept
        }
    }

    private void route(ChannelHandlerContext ctx, HttpRequest request, Slot slot) {
        if (!HttpMethod.GET.equals(request.method())) {
            answer(ctx, slot, responses.status(HttpResponseStatus.METHOD_NOT_ALLOWED));
            return;
        }
        String uri = request.uri();
        if (uri.equals(BenchContract.PLAINTEXT_PATH)) { // the hot path skips query parsing
            answer(ctx, slot, responses.plaintext());
            return;
        }
        QueryStringDecoder query = new QueryStringDecoder(uri);
        switch (query.path()) {
            case BenchContract.PLAINTEXT_PATH:
                answer(ctx, slot, responses.plaintext());
                break;
            case BenchContract.JSON_PATH:
                answer(ctx, slot, responses.json(JsonPayload.helloJson()));
                break;
            case BenchContract.SLOW_PATH:
                OptionalInt millis = BenchContract.boundedInt(first(query, BenchContract.SLOW_PARAM),
                        BenchContract.SLOW_DEFAULT_MILLIS, BenchContract.SLOW_MAX_MILLIS);
                if (millis.isEmpty()) {
                    answer(ctx, slot, responses.status(HttpResponseStatus.BAD_REQUEST));
                    break;
                }
                queued.add(slot);
                ctx.executor().schedule(() -> answerLater(ctx, slot, responses.plaintext()),
                        millis.getAsInt(), TimeUnit.MILLISECONDS);
                break;
            case BenchContract.CPU_PATH:
            case BenchContract.CPU_INLINE_PATH:
                OptionalInt rounds = BenchContract.boundedInt(first(query, BenchContract.CPU_PARAM),
                        BenchContract.CPU_DEFAULT_ROUNDS, BenchContract.CPU_MAX_ROUNDS);
                if (rounds.isEmpty()) {
                    answer(ctx, slot, responses.status(HttpResponseStatus.BAD_REQUEST));
                } else if (query.path().equals(BenchContract.CPU_INLINE_PATH)) {
                    answer(ctx, slot, responses.text(CpuWork.sha256Chain(rounds.getAsInt())));
                } else {
                    queued.add(slot);
                    cpuPool.execute(() -> {
                        String hex = CpuWork.sha256Chain(rounds.getAsInt());
                        ctx.executor().execute(() -> answerLater(ctx, slot, responses.text(hex)));
                    });
                }
                break;
            case BenchContract.WEBSOCKET_PATH:
                upgrade(ctx, request, slot);
                break;
            case BenchContract.EVENTS_PATH:
                if (queued.isEmpty()) {
                    NettyRawEvents.subscribe(ctx); // the response never ends: nothing after it is answered
                } else {
                    answer(ctx, slot, responses.status(HttpResponseStatus.BAD_REQUEST));
                }
                break;
            case BenchContract.FILE_PATH:
                if (queued.isEmpty()) {
                    responses.writeFile(ctx, slot.keepAlive); // sendfile, as Netty's own static file example does
                } else {
                    answer(ctx, slot, responses.downloadWhole()); // the same bytes, in order (never in the scenario)
                }
                break;
            case BenchContract.DOWNLOAD_PATH:
                if (queued.isEmpty()) {
                    responses.writeDownload(ctx, slot.keepAlive); // the head, then the same chunks, then the end
                } else { // behind a pending answer (never in the scenario): in one piece, in order
                    answer(ctx, slot, responses.downloadWhole());
                }
                break;
            default:
                answer(ctx, slot, responses.status(HttpResponseStatus.NOT_FOUND));
        }
    }

    /** /ws-echo: Netty's handshaker answers 101 and swaps the HTTP codec for the WebSocket codec; frames echo. */
    private void upgrade(ChannelHandlerContext ctx, HttpRequest request, Slot slot) {
        FullHttpRequest full = new DefaultFullHttpRequest(request.protocolVersion(), request.method(), request.uri(),
                Unpooled.EMPTY_BUFFER, request.headers().copy(), EmptyHttpHeaders.INSTANCE);
        WebSocketServerHandshaker handshaker = new WebSocketServerHandshakerFactory(
                "ws://" + request.headers().get(HttpHeaderNames.HOST) + request.uri(), null, false, 65536)
                .newHandshaker(full);
        if (handshaker == null || !queued.isEmpty()) {
            answer(ctx, slot, responses.status(HttpResponseStatus.BAD_REQUEST));
            return;
        }
        ctx.pipeline().addBefore(ctx.name(), "ws-echo", new NettyRawWebSocketEcho(handshaker));
        handshaker.handshake(ctx.channel(), full);
    }

    /** An answer computed during the read: written now unless an earlier request is still pending. */
    private void answer(ChannelHandlerContext ctx, Slot slot, FullHttpResponse response) {
        if (queued.isEmpty()) {
            write(ctx, slot.keepAlive, response);
        } else {
            slot.response = response;
            queued.add(slot);
        }
    }

    /** An answer from a timer or the CPU pool, on the loop: writes every answer that is now in order. */
    private void answerLater(ChannelHandlerContext ctx, Slot slot, FullHttpResponse response) {
        if (!ctx.channel().isActive()) {
            response.release();
            return;
        }
        slot.response = response;
        while (!queued.isEmpty() && queued.peekFirst().response != null) {
            Slot next = queued.pollFirst();
            write(ctx, next.keepAlive, next.response);
        }
        ctx.flush();
    }

    private static void write(ChannelHandlerContext ctx, boolean keepAlive, FullHttpResponse response) {
        if (keepAlive) {
            ctx.write(response, ctx.voidPromise());
        } else {
            ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
        }
    }

    private static String first(QueryStringDecoder query, String name) {
        List<String> values = query.parameters().get(name);
        return values == null || values.isEmpty() ? null : values.get(0);
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        ctx.flush(); // one flush per read batch: pipelined answers leave in one write
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        for (Slot slot : queued) {
            if (slot.response != null) {
                slot.response.release();
            }
        }
        queued.clear();
        ctx.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        ctx.close(); // a reset by the load generator at the end of a run is normal
    }
}
