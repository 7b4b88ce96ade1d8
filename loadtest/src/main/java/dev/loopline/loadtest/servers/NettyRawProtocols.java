package dev.loopline.loadtest.servers;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http2.Http2CodecUtil;
import io.netty.handler.ssl.ApplicationProtocolNames;
import io.netty.handler.ssl.ApplicationProtocolNegotiationHandler;
import java.util.List;
import java.util.concurrent.Executor;

/**
 * How a netty-raw connection picks its protocol, once: on the cleartext port by its first bytes (the HTTP/2
 * preface means h2c with prior knowledge, anything else HTTP/1.1), on a TLS port by ALPN (h2 or http/1.1). The
 * chooser leaves the pipeline after that, so later requests pay nothing for it.
 */
final class NettyRawProtocols {

    private NettyRawProtocols() {
    }

    static void http1(ChannelPipeline pipeline, NettyRawResponses responses, Executor cpuPool) {
        pipeline.addLast(new HttpServerCodec(), new NettyRawHandler(responses, cpuPool));
    }

    static void http2(ChannelPipeline pipeline, NettyRawResponses responses) {
        pipeline.addLast(NettyRawHttp2Handler.create(responses));
    }

    /** The cleartext port's chooser: looks at the first bytes, then replaces itself. */
    static final class PrefaceDetector extends ByteToMessageDecoder {
        private static final ByteBuf PREFACE = Http2CodecUtil.connectionPrefaceBuf();
        private final NettyRawResponses responses;
        private final Executor cpuPool;

        PrefaceDetector(NettyRawResponses responses, Executor cpuPool) {
            this.responses = responses;
            this.cpuPool = cpuPool;
        }

        @Override
        protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
            int length = Math.min(in.readableBytes(), PREFACE.readableBytes());
            boolean prefaceSoFar = ByteBufUtil.equals(in, in.readerIndex(), PREFACE, 0, length);
            if (prefaceSoFar && length < PREFACE.readableBytes()) {
                return; // could still be the preface: wait for more bytes
            }
            if (prefaceSoFar) {
                http2(ctx.pipeline(), responses);
            } else {
                http1(ctx.pipeline(), responses, cpuPool);
            }
            ctx.pipeline().remove(this); // hands the bytes read so far on to the chosen protocol
        }
    }

    /** The TLS port's chooser: ALPN's answer (none: HTTP/1.1). */
    static final class AlpnChooser extends ApplicationProtocolNegotiationHandler {
        private final NettyRawResponses responses;
        private final Executor cpuPool;

        AlpnChooser(NettyRawResponses responses, Executor cpuPool) {
            super(ApplicationProtocolNames.HTTP_1_1);
            this.responses = responses;
            this.cpuPool = cpuPool;
        }

        @Override
        protected void configurePipeline(ChannelHandlerContext ctx, String protocol) {
            if (ApplicationProtocolNames.HTTP_2.equals(protocol)) {
                http2(ctx.pipeline(), responses);
            } else {
                http1(ctx.pipeline(), responses, cpuPool);
            }
        }

        @Override
        protected void handshakeFailure(ChannelHandlerContext ctx, Throwable cause) {
            ctx.close(); // a load generator closing mid-handshake at the end of a run is normal
        }
    }
}
