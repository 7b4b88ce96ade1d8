package dev.loopline.server.internal;

import dev.loopline.server.Response;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;

/** Responses as HTTP/1.1 bytes on one connection (RFC 9112), written by the server's {@link ResponseWriter}. */
final class Http1Wire implements ResponseWire {

    private final ChannelHandlerContext ctx;
    private final ServerRuntime runtime;

    Http1Wire(ChannelHandlerContext ctx, ServerRuntime runtime) {
        this.ctx = ctx;
        this.runtime = runtime;
    }

    @Override
    public ChannelFuture writeResponse(Response response, boolean headRequest, ResponseWriter.ConnectionField field) {
        return runtime.writer.write(ctx, response, headRequest, field);
    }

    @Override
    public void writeContinue() {
        ResponseWriter.writeContinue(ctx);
    }

    @Override
    public ResponseStream.Target streamTarget(Response response, ResponseWriter.ConnectionField field,
                                              ResponseWriter.Framing framing) {
        return new Http1StreamTarget(ctx, runtime.writer, response, field, framing);
    }

    @Override
    public boolean sendsFiles() {
        return runtime.config.tls() == null; // through TLS the bytes pass the engine: no sendfile
    }
}
