package dev.loopline.loadtest.driver;

import dev.loopline.loadtest.servers.BenchContract;
import dev.loopline.loadtest.servers.ServerKind;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.asynchttpclient.AsyncHttpClient;
import org.asynchttpclient.AsyncHttpClientConfig;
import org.asynchttpclient.DefaultAsyncHttpClientConfig;
import org.asynchttpclient.Dsl;
import org.asynchttpclient.Response;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Checks that a bench server answers the contract before it is measured: status, Content-Type and body of every
 * endpoint, the {@code /cpu} check value, and 400 for a parameter out of range. Numbers are never checked.
 */
public final class ContractCheck {

    /** The outcome: every check that ran, and the ones that failed. */
    public record Result(List<String> checked, List<String> failures) {
        public boolean passed() {
            return failures.isEmpty();
        }
    }

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final String base;
    private final List<String> checked = new ArrayList<>();
    private final List<String> failures = new ArrayList<>();

    private ContractCheck(String base) {
        this.base = base;
    }

    /**
     * Runs every check that applies to {@code kind} against {@code http://host:port}: event-loop servers also answer
     * /cpu-inline; nginx answers /plaintext and /json (and 404) only.
     */
    public static Result run(String host, int port, ServerKind kind) throws Exception {
        ContractCheck check = new ContractCheck("http://" + host + ":" + port);
        try (AsyncHttpClient client = Dsl.asyncHttpClient(LoadClients.config(4, 1, "contract"))) {
            check.expect(client, BenchContract.PLAINTEXT_PATH, 200, BenchContract.TEXT_PLAIN, BenchContract.HELLO);
            check.expectJson(client);
            if (kind.isEventLoop()) {
                check.expectOneMiB(client, BenchContract.FILE_PATH);
            }
            if (!kind.answersWholeContract()) {
                check.expect(client, "/no-such-endpoint", 404, null, null);
                return new Result(List.copyOf(check.checked), List.copyOf(check.failures));
            }
            check.expectSlow(client, 50);
            check.expect(client, "/cpu?n=2000", 200, BenchContract.TEXT_PLAIN, BenchContract.CPU_CHECK_2000);
            check.expect(client, "/cpu", 200, BenchContract.TEXT_PLAIN, BenchContract.CPU_CHECK_2000);
            check.expect(client, "/cpu?n=1000001", 400, null, null);
            check.expect(client, "/slow?ms=soon", 400, null, null);
            check.expect(client, "/no-such-endpoint", 404, null, null);
            if (kind.isEventLoop()) {
                check.expect(client, "/cpu-inline?n=2000", 200, BenchContract.TEXT_PLAIN,
                        BenchContract.CPU_CHECK_2000);
                check.expectOneMiB(client, BenchContract.DOWNLOAD_PATH);
            }
        }
        return new Result(List.copyOf(check.checked), List.copyOf(check.failures));
    }

    /**
     * The part of the contract the TLS scenarios use, over HTTP/1.1 + TLS on {@code https://host:port} (the bench's
     * self-signed certificate is trusted blindly): {@code /plaintext} and {@code /json}.
     */
    public static Result runTls(String host, int port) throws Exception {
        ContractCheck check = new ContractCheck("https://" + host + ":" + port);
        AsyncHttpClientConfig config = new DefaultAsyncHttpClientConfig.Builder(LoadClients.config(4, 1, "contract"))
                .setUseInsecureTrustManager(true)
                .build();
        try (AsyncHttpClient client = Dsl.asyncHttpClient(config)) {
            check.expect(client, BenchContract.PLAINTEXT_PATH, 200, BenchContract.TEXT_PLAIN, BenchContract.HELLO);
            check.expectJson(client);
        }
        return new Result(List.copyOf(check.checked), List.copyOf(check.failures));
    }

    private Response get(AsyncHttpClient client, String target) throws Exception {
        checked.add("GET " + target);
        return client.prepareGet(base + target).execute().get(10, TimeUnit.SECONDS);
    }

    private void expect(AsyncHttpClient client, String target, int status, String contentType, String body)
            throws Exception {
        Response response = get(client, target);
        if (response.getStatusCode() != status) {
            failures.add("GET " + target + ": status " + response.getStatusCode() + ", expected " + status);
            return;
        }
        expectContentType(target, response, contentType);
        if (body != null && !body.equals(response.getResponseBody())) {
            failures.add("GET " + target + ": body '" + abbreviate(response.getResponseBody()) + "', expected '"
                    + body + "'");
        }
    }

    /** /download and /file: 1 MiB, the shared chunk 64 times over. */
    private void expectOneMiB(AsyncHttpClient client, String target) throws Exception {
        Response response = get(client, target);
        byte[] body = response.getResponseBodyAsBytes();
        int expected = BenchContract.DOWNLOAD_CHUNK_BYTES * BenchContract.DOWNLOAD_CHUNKS;
        if (response.getStatusCode() != 200 || body.length != expected) {
            failures.add("GET " + target + ": status " + response.getStatusCode() + ", "
                    + body.length + " bytes, expected 200 and " + expected);
            return;
        }
        for (int i = 0; i < body.length; i++) {
            if (body[i] != (byte) ('a' + i % BenchContract.DOWNLOAD_CHUNK_BYTES % 26)) {
                failures.add("GET " + target + ": wrong byte at " + i);
                return;
            }
        }
    }

    private void expectJson(AsyncHttpClient client) throws Exception {
        Response response = get(client, BenchContract.JSON_PATH);
        if (response.getStatusCode() != 200) {
            failures.add("GET /json: status " + response.getStatusCode());
            return;
        }
        expectContentType(BenchContract.JSON_PATH, response, BenchContract.APPLICATION_JSON);
        JsonNode document = JSON.readTree(response.getResponseBody());
        if (document.size() != 1 || !BenchContract.HELLO.equals(document.path("message").asString())) {
            failures.add("GET /json: body " + abbreviate(response.getResponseBody()));
        }
    }

    private void expectSlow(AsyncHttpClient client, int millis) throws Exception {
        long start = System.nanoTime();
        expect(client, "/slow?ms=" + millis, 200, BenchContract.TEXT_PLAIN, BenchContract.HELLO);
        long tookMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        if (tookMillis < millis) { // a lower bound only: the contract says "after N ms"
            failures.add("GET /slow?ms=" + millis + ": answered after " + tookMillis + " ms");
        }
    }

    private void expectContentType(String target, Response response, String contentType) {
        String actual = response.getContentType();
        if (contentType != null && (actual == null || !actual.startsWith(contentType))) {
            failures.add("GET " + target + ": Content-Type " + actual + ", expected " + contentType);
        }
    }

    private static String abbreviate(String text) {
        return text.length() <= 80 ? text : text.substring(0, 80) + "...";
    }
}
