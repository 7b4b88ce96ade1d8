package dev.loopline.loadtest.servers;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.OptionalInt;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.Fields;

/**
 * The bench endpoints on Jetty's core Handler API. A {@code Handler.Abstract} is a blocking handler: Jetty calls
 * it on a pool thread (or a virtual thread), never on a selector, so {@code Thread.sleep} here is the
 * thread-per-request model at work.
 */
final class JettyBenchHandler extends Handler.Abstract {

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        if (!HttpMethod.GET.is(request.getMethod())) {
            Response.writeError(request, response, callback, 405);
            return true;
        }
        switch (Request.getPathInContext(request)) {
            case BenchContract.PLAINTEXT_PATH:
                send(response, callback, BenchContract.TEXT_PLAIN, BenchContract.HELLO_BYTES);
                return true;
            case BenchContract.JSON_PATH:
                send(response, callback, BenchContract.APPLICATION_JSON, JsonPayload.helloJson());
                return true;
            case BenchContract.SLOW_PATH:
                OptionalInt millis = BenchContract.boundedInt(param(request, BenchContract.SLOW_PARAM),
                        BenchContract.SLOW_DEFAULT_MILLIS, BenchContract.SLOW_MAX_MILLIS);
                if (millis.isEmpty()) {
                    Response.writeError(request, response, callback, 400);
                    return true;
                }
                Thread.sleep(millis.getAsInt()); // holds this request's thread: the point of the comparison
                send(response, callback, BenchContract.TEXT_PLAIN, BenchContract.HELLO_BYTES);
                return true;
            case BenchContract.CPU_PATH:
                OptionalInt rounds = BenchContract.boundedInt(param(request, BenchContract.CPU_PARAM),
                        BenchContract.CPU_DEFAULT_ROUNDS, BenchContract.CPU_MAX_ROUNDS);
                if (rounds.isEmpty()) {
                    Response.writeError(request, response, callback, 400);
                    return true;
                }
                byte[] hex = CpuWork.sha256Chain(rounds.getAsInt()).getBytes(StandardCharsets.US_ASCII);
                send(response, callback, BenchContract.TEXT_PLAIN, hex);
                return true;
            default:
                return false; // Jetty answers 404
        }
    }

    private static String param(Request request, String name) {
        Fields query = Request.extractQueryParameters(request);
        return query.getValue(name);
    }

    private static void send(Response response, Callback callback, String contentType, byte[] body) {
        response.setStatus(200);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, contentType);
        response.getHeaders().put(HttpHeader.CONTENT_LENGTH, body.length);
        response.write(true, ByteBuffer.wrap(body), callback);
    }
}
