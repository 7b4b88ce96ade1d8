package dev.loopline.server.internal;

import dev.loopline.server.Body;
import dev.loopline.server.HttpStatusException;
import dev.loopline.server.Request;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpHeaders;
import java.net.InetSocketAddress;
import java.util.Objects;

/** Builds requests without a server, for tests; validates as the decoder would. */
public final class RequestBuilder implements Request.Builder {

    private static final InetSocketAddress LOCALHOST = new InetSocketAddress("127.0.0.1", 0);

    private final String method;
    private final RequestTarget target = new RequestTarget();
    private final HttpHeaders headers = new DefaultHttpHeaders();
    private Body body = Body.EMPTY;
    private InetSocketAddress remoteAddress = LOCALHOST;

    public RequestBuilder(String method, String target) {
        if (method == null || !FieldRules.isToken(method)) {
            throw new IllegalArgumentException("invalid method: " + method);
        }
        try {
            this.target.parse(method, Objects.requireNonNull(target, "target"));
        } catch (HttpStatusException badTarget) {
            throw new IllegalArgumentException(badTarget.detail());
        }
        this.method = method;
    }

    @Override
    public Request.Builder header(String name, String value) {
        headers.add(name, value);
        return this;
    }

    @Override
    public Request.Builder body(byte[] bytes) {
        body = Body.of(bytes);
        return this;
    }

    @Override
    public Request.Builder body(String utf8Body) {
        body = Body.of(utf8Body);
        return this;
    }

    @Override
    public Request.Builder remoteAddress(InetSocketAddress address) {
        remoteAddress = Objects.requireNonNull(address, "address");
        return this;
    }

    @Override
    public Request build() {
        StandaloneContext context = new StandaloneContext(remoteAddress);
        DefaultRequest request = new DefaultRequest(method, target, "HTTP/1.1", new NettyHeaders(headers.copy()), body,
                context);
        context.request(request);
        return request;
    }
}
