package dev.loopline.loadtest.servers;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.OptionalInt;

/** The bench endpoints as one plain servlet, the way a Tomcat user writes them: blocking, on the request thread. */
final class TomcatBenchServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        switch (request.getRequestURI()) {
            case BenchContract.PLAINTEXT_PATH:
                send(response, BenchContract.TEXT_PLAIN, BenchContract.HELLO_BYTES);
                break;
            case BenchContract.JSON_PATH:
                send(response, BenchContract.APPLICATION_JSON, JsonPayload.helloJson());
                break;
            case BenchContract.SLOW_PATH:
                OptionalInt millis = BenchContract.boundedInt(request.getParameter(BenchContract.SLOW_PARAM),
                        BenchContract.SLOW_DEFAULT_MILLIS, BenchContract.SLOW_MAX_MILLIS);
                if (millis.isEmpty()) {
                    response.sendError(400);
                    break;
                }
                sleep(millis.getAsInt()); // holds this request's thread: the point of the comparison
                send(response, BenchContract.TEXT_PLAIN, BenchContract.HELLO_BYTES);
                break;
            case BenchContract.CPU_PATH:
                OptionalInt rounds = BenchContract.boundedInt(request.getParameter(BenchContract.CPU_PARAM),
                        BenchContract.CPU_DEFAULT_ROUNDS, BenchContract.CPU_MAX_ROUNDS);
                if (rounds.isEmpty()) {
                    response.sendError(400);
                    break;
                }
                send(response, BenchContract.TEXT_PLAIN,
                        CpuWork.sha256Chain(rounds.getAsInt()).getBytes(StandardCharsets.US_ASCII));
                break;
            default:
                response.sendError(404);
        }
    }

    private static void send(HttpServletResponse response, String contentType, byte[] body) throws IOException {
        response.setContentType(contentType); // no charset: getOutputStream() does not add one
        response.setContentLength(body.length);
        response.getOutputStream().write(body);
    }

    private static void sleep(int millis) throws IOException {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while sleeping for /slow", e);
        }
    }
}
