package dev.loopline.server.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.loopline.server.HttpServer;
import dev.loopline.server.Request;
import dev.loopline.server.Response;
import dev.loopline.server.ServerConfig;
import dev.loopline.testsupport.RawClient;
import dev.loopline.testsupport.RawResponse;
import dev.loopline.testsupport.TestServers;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Hostile input from RFC 9110 and RFC 9112, one raw-socket case per row of the tables in {@link RequestLineCases},
 * {@link HeaderCases} and {@link FramingCases}. Each case's bytes are followed on the same connection by a
 * well-formed request; the responses read until the server closes must be one of the transcripts the case allows,
 * and the request behind a refused one is never handled, let alone answered.
 */
class HostileInputTest {

    private static final AtomicInteger followUpsHandled = new AtomicInteger();
    private static HttpServer server;

    @BeforeAll
    static void start() {
        server = TestServers.start(ServerConfig.builder()
                .maxInitialLineBytes(HeaderCases.MAX_LINE_BYTES)
                .maxHeaderBytes(HeaderCases.MAX_HEADER_BYTES)
                .maxBodyBytes(FramingCases.MAX_BODY_BYTES), HostileInputTest::echo);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    /** The server the cases run against, for other tests of the same corpus. */
    static HttpServer server() {
        return server;
    }

    /** Answers "METHOD path[ body]", so a transcript shows how the server framed each request. */
    static CompletionStage<Response> echo(Request request) {
        if (request.path().equals("/smuggled")) {
            followUpsHandled.incrementAndGet();
        }
        String body = request.body().asString();
        return Response.text(request.method() + " " + request.path() + (body.isEmpty() ? "" : " " + body))
                .completed();
    }

    static Stream<HostileCase> cases() {
        return Stream.of(RequestLineCases.cases(), HeaderCases.cases(), FramingCases.cases()).flatMap(List::stream);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void answersAsTheRfcAllowsAndNothingBehindARefusal(HostileCase hostile) throws Exception {
        int followUpsBefore = followUpsHandled.get();
        List<RawResponse> transcript;
        try (RawClient client = new RawClient(server.port())) {
            client.send(hostile.wire());
            transcript = client.readResponsesUntilClosed();
        }
        assertTrue(hostile.allows(transcript), hostile + ": got " + HostileCase.describe(transcript)
                + ", allowed " + hostile.allowed());
        long followUpsAnswered = transcript.stream().filter(r -> r.bodyText().endsWith(" /smuggled")).count();
        assertEquals(followUpsAnswered, followUpsHandled.get() - followUpsBefore,
                hostile + ": a request behind the case was handled but not answered");
        for (RawResponse response : transcript) {
            if (response.status() >= 400) {
                assertEquals("application/problem+json", response.header("Content-Type"), hostile.toString());
                assertEquals("close", response.header("Connection"), hostile + ": an error closes the connection");
            }
        }
    }

    @Test
    void theTablesCoverAtLeastSixtyCasesWithDistinctNames() {
        List<HostileCase> all = cases().collect(java.util.stream.Collectors.toList());
        assertTrue(all.size() >= 60, "only " + all.size() + " cases");
        assertEquals(all.size(), all.stream().map(HostileCase::name).distinct().count(), "case names repeat");
    }
}
