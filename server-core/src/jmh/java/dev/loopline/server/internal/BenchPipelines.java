package dev.loopline.server.internal;

import dev.loopline.server.Body;
import dev.loopline.server.Request;
import dev.loopline.server.Response;
import dev.loopline.server.ServerConfig;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.HttpServerCodec;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.concurrent.CompletionStage;

/** The two pipelines of the benchmark, each on an {@link EmbeddedChannel} that looks like a TCP connection. */
final class BenchPipelines {

    private static final Response HELLO = Response.of(200, BenchExchanges.TEXT_PLAIN, Body.of(BenchExchanges.HELLO));
    private static final Response NOT_FOUND = Response.status(404);

    private BenchPipelines() {
    }

    /** Loopline's pipeline as {@code HttpPipeline} builds it for an accepted connection, with default settings. */
    static EmbeddedChannel loopline() {
        ServerConfig config = ServerConfig.builder().build();
        return new TcpLikeChannel(new ChannelInitializer<Channel>() {
            @Override
            protected void initChannel(Channel channel) {
                channel.pipeline().addLast(HttpPipeline.standalone(config, BenchPipelines::handle,
                        channel.eventLoop()));
            }
        });
    }

    /** Netty's {@code HttpServerCodec} and a hand-written handler. */
    static EmbeddedChannel nettyRaw() {
        return new TcpLikeChannel(new HttpServerCodec(), new RawNettyHandler());
    }

    /** The Loopline handler, written as the loadtest's: completed stages, the same payloads as the raw side. */
    private static CompletionStage<Response> handle(Request request) {
        switch (request.path()) {
            case BenchExchanges.PLAINTEXT_PATH:
                return HELLO.completed();
            case BenchExchanges.JSON_PATH:
                return Response.json(BenchExchanges.helloJson()).completed();
            case BenchExchanges.UPLOAD_PATH:
                return Response.of(200, BenchExchanges.TEXT_PLAIN,
                        Body.of(BenchExchanges.uploadAnswer(request.body().length()))).completed();
            default:
                return NOT_FOUND.completed();
        }
    }

    /** An embedded channel with socket addresses, as the server's handlers expect of a TCP connection. */
    private static final class TcpLikeChannel extends EmbeddedChannel {
        private static final InetSocketAddress LOCAL = new InetSocketAddress("127.0.0.1", 8080);
        private static final InetSocketAddress REMOTE = new InetSocketAddress("127.0.0.1", 50000);

        TcpLikeChannel(ChannelHandler... handlers) {
            super(handlers);
        }

        @Override
        protected SocketAddress localAddress0() {
            return LOCAL;
        }

        @Override
        protected SocketAddress remoteAddress0() {
            return REMOTE;
        }
    }
}
