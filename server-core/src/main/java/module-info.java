/**
 * Loopline's server: event loops, HTTP/1.1, the {@code Handler} contract, offload, the loop guard, limits,
 * errors and shutdown. Only {@code dev.loopline.server} is exported; the {@code internal} packages are not API.
 */
module dev.loopline.server {
    requires io.netty.buffer;
    requires io.netty.codec;
    requires io.netty.codec.compression;
    requires io.netty.codec.http;
    requires io.netty.codec.http2;
    requires io.netty.common;
    // TLS: SslHandler and SslContext. OpenSSL (netty-tcnative-boringssl-static) is optional: without it the JDK's
    // SSLEngine runs; netty-handler itself reads it only if present.
    requires io.netty.handler;
    requires io.netty.transport;
    // The native transports' classes; their native libraries (io.netty.transport.epoll.linux.x86_64 and
    // io.netty.transport.io_uring.linux.x86_64) are optional: without them the server runs on NIO.
    requires io.netty.transport.classes.epoll;
    requires io.netty.transport.classes.io_uring;
    requires org.slf4j;
    requires com.github.luben.zstd_jni;
    // brotli only when the application brings brotli4j (and its native jar)
    requires static com.aayushatharva.brotli4j;

    exports dev.loopline.server;
}
