package dev.loopline.server.internal;

import dev.loopline.server.RequestContext;
import java.net.InetSocketAddress;

/**
 * The context of a request built without a server ({@link dev.loopline.server.Request#builder}): the address the
 * builder was given, plain http, never cancelled. Offload, Delay and Health see that there is no connection.
 */
final class StandaloneContext implements RequestContext {

    private static final InetSocketAddress LOCAL = new InetSocketAddress("127.0.0.1", 0);

    private final InetSocketAddress remoteAddress;
    private DefaultRequest request; // set once by the builder, right after the request is made

    StandaloneContext(InetSocketAddress remoteAddress) {
        this.remoteAddress = remoteAddress;
    }

    void request(DefaultRequest built) {
        request = built;
    }

    @Override
    public String scheme() {
        return "http";
    }

    @Override
    public String authority() {
        return Forwarding.authority(new Forwarding.Origin(remoteAddress, null, null), request);
    }

    @Override
    public InetSocketAddress localAddress() {
        return LOCAL;
    }

    @Override
    public InetSocketAddress remoteAddress() {
        return remoteAddress;
    }

    @Override
    public InetSocketAddress clientAddress() {
        return remoteAddress;
    }

    @Override
    public boolean isCancelled() {
        return false;
    }
}
