package dev.loopline.server.reliability;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.loopline.server.HttpServer;
import dev.loopline.testsupport.ErrorDetails;
import dev.loopline.testsupport.RawClient;
import dev.loopline.testsupport.RawResponse;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The whole hostile corpus ({@link RequestLineCases}, {@link HeaderCases}, {@link FramingCases}), every error body
 * read: no Java class name, no phrase of Netty's codec, and every 400 names the rule that was broken, with its RFC
 * section, in Loopline's own words.
 */
class ErrorMessagesTest {

    private static HttpServer server;

    @BeforeAll
    static void start() {
        HostileInputTest.start();
        server = HostileInputTest.server();
    }

    @AfterAll
    static void stop() {
        HostileInputTest.stop();
    }

    @Test
    void everyErrorOfTheCorpusIsInLooplinesOwnWords() throws Exception {
        int errors = 0;
        for (HostileCase hostile : HostileInputTest.cases().toList()) {
            List<RawResponse> transcript;
            try (RawClient client = new RawClient(server.port())) {
                client.send(hostile.wire());
                transcript = client.readResponsesUntilClosed();
            }
            for (RawResponse response : transcript) {
                if (response.status() >= 400) {
                    errors++;
                    ErrorDetails.assertOwnWords(response.bodyText(), hostile.toString());
                    if (response.status() == 400) {
                        ErrorDetails.assertNamesTheRule(response.bodyText(), hostile.toString());
                    }
                }
            }
        }
        assertTrue(errors >= 100, "only " + errors + " error responses: the corpus is not being sent");
    }
}
