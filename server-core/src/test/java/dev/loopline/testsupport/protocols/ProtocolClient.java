package dev.loopline.testsupport.protocols;

import java.io.IOException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A client of one {@link Protocol}: sends {@link WireRequest}s to one server and returns whole responses that say
 * which protocol version carried them. Every wait is bounded: {@link #send} gives up after {@link #SAFETY_NET_SECONDS}.
 */
public interface ProtocolClient extends AutoCloseable {

    /** A safety net against a hanging test, never a timing assertion. */
    long SAFETY_NET_SECONDS = 30;

    Protocol protocol();

    /** Sends the request; the stage completes with the whole response, or exceptionally (a reset, a closed connection). */
    CompletableFuture<WireResponse> sendAsync(WireRequest request);

    /** Sends the request and waits for the whole response. */
    default WireResponse send(WireRequest request) throws IOException {
        try {
            return sendAsync(request).get(SAFETY_NET_SECONDS, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while waiting for the response to " + request, e);
        } catch (TimeoutException e) {
            throw new IOException(protocol() + ": no response to " + request + " within " + SAFETY_NET_SECONDS + " s", e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            throw cause instanceof IOException ? (IOException) cause
                    : new IOException(protocol() + ": " + request + " failed: " + cause, cause);
        }
    }

    /** Waits for a stage from {@link #sendAsync}, within the safety net. */
    static WireResponse await(CompletableFuture<WireResponse> response) throws Exception {
        return response.get(SAFETY_NET_SECONDS, TimeUnit.SECONDS);
    }

    @Override
    void close();
}
