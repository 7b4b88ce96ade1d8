package dev.loopline.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.loopline.testsupport.RawClient;
import dev.loopline.testsupport.TestServers;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Where a request came from: {@code Forwarded} and {@code X-Forwarded-*} are believed only from trusted proxies, and
 * the rightmost hop that is not a trusted proxy is the client. The tests' socket peer is 127.0.0.1.
 */
class ForwardedTest {

    /** Answers {@code client scheme://authority (peer)}. */
    private static final Handler ORIGIN = request -> {
        RequestContext context = request.context();
        return Response.text(context.clientAddress().getAddress().getHostAddress() + ":"
                + context.clientAddress().getPort() + " " + context.scheme() + "://" + context.authority() + " ("
                + context.remoteAddress().getAddress().getHostAddress() + ")").completed();
    };

    private static String origin(String[] trusted, String headers) throws Exception {
        try (HttpServer server = TestServers.start(ServerConfig.builder().trustedProxies(trusted), ORIGIN);
             RawClient client = new RawClient(server.port())) {
            return client.exchange("GET /whoami HTTP/1.1\r\nHost: internal:8080\r\n" + headers + "\r\n").bodyText();
        }
    }

    @Test
    void withoutTrustedProxiesForwardingHeadersAreIgnored() throws Exception {
        String spoofed = "X-Forwarded-For: 203.0.113.9\r\nX-Forwarded-Proto: https\r\nX-Forwarded-Host: evil.example\r\n"
                + "Forwarded: for=203.0.113.9;proto=https;host=evil.example\r\n";
        String body = origin(new String[0], spoofed);
        assertTrue(body.startsWith("127.0.0.1:") && body.endsWith(" http://internal:8080 (127.0.0.1)"), body);
    }

    @Test
    void aPeerThatIsNotTrustedIsTheClientWhateverItSays() throws Exception {
        String body = origin(new String[] {"10.0.0.0/8"}, "X-Forwarded-For: 203.0.113.9\r\n");
        assertTrue(body.startsWith("127.0.0.1:"), body);
    }

    @Test
    void theRightmostHopThatIsNotTrustedWins() throws Exception {
        // the client forged the first entry; the trusted proxy on 127.0.0.1 appended the address it saw
        assertEquals("10.0.0.5:0 http://internal:8080 (127.0.0.1)",
                origin(new String[] {"127.0.0.1"}, "X-Forwarded-For: 1.2.3.4, 10.0.0.5\r\n"));
        // through two trusted proxies, with the edge proxy's scheme and host
        assertEquals("203.0.113.9:0 https://api.example.com (127.0.0.1)", origin(
                new String[] {"127.0.0.1/32", "10.0.0.0/8"}, "X-Forwarded-For: 203.0.113.9, 10.0.0.5\r\n"
                        + "X-Forwarded-Proto: https, http\r\nX-Forwarded-Host: api.example.com, internal\r\n"));
    }

    @Test
    void forwardedWinsOverTheXForwardedFamily() throws Exception {
        assertEquals("198.51.100.17:0 https://shop.example (127.0.0.1)", origin(
                new String[] {"127.0.0.1", "2001:db8::/32"},
                "Forwarded: for=198.51.100.17;proto=https;host=shop.example, for=\"[2001:db8::1]:4711\"\r\n"
                        + "X-Forwarded-For: 192.0.2.99\r\n"));
        assertEquals("2001:db8:0:0:0:0:0:1:4711 http://internal:8080 (127.0.0.1)", origin(
                new String[] {"127.0.0.1"}, "Forwarded: for=\"[2001:db8::1]:4711\"\r\n"));
    }

    @Test
    void malformedOrUnknownHopsNeverBreakTheRequest() throws Exception {
        String[] trusted = {"127.0.0.1"};
        assertTrue(origin(trusted, "Forwarded: for=\"unterminated\r\n").startsWith("127.0.0.1:"));
        assertTrue(origin(trusted, "Forwarded: for=unknown;proto=https\r\n").startsWith("127.0.0.1:"));
        assertTrue(origin(trusted, "X-Forwarded-For: not-an-address\r\n").startsWith("127.0.0.1:"));
        assertTrue(origin(trusted, "X-Forwarded-For: 203.0.113.9\r\nX-Forwarded-Proto: gopher\r\n")
                .startsWith("203.0.113.9:0 http://"));
        assertTrue(origin(trusted, "X-Forwarded-For: 203.0.113.9\r\nX-Forwarded-Host: a b\r\n")
                .endsWith("http://internal:8080 (127.0.0.1)"));
    }

    @Test
    void trustedProxiesAreCheckedWhenConfigured() {
        for (String bad : new String[] {"10.0.0.0/33", "fe80::/129", "example.com", "10.0.0", "", "10.0.0.1/"}) {
            IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                    () -> ServerConfig.builder().trustedProxies(bad), bad);
            assertTrue(error.getMessage().startsWith("ServerConfig.trustedProxies "), error.getMessage());
        }
        assertEquals(List.of("10.0.0.0/8", "::1"),
                ServerConfig.builder().trustedProxies("10.0.0.0/8", "::1").build().trustedProxies());
    }
}
