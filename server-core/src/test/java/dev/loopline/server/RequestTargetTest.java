package dev.loopline.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.loopline.testsupport.RawClient;
import dev.loopline.testsupport.RawResponse;
import dev.loopline.testsupport.TestServers;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The request-target, parsed once (RFC 9112 section 3.2, RFC 3986 section 3) into the path and query every handler
 * sees: the path in its canonical form (RFC 3986 section 6.2.2), never taken from the query, never a dot segment.
 */
class RequestTargetTest {

    private static HttpServer server;

    @BeforeAll
    static void start() {
        server = TestServers.start(request -> Response.text("path=" + request.path() + " query=" + request.rawQuery())
                .completed());
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static RawResponse get(String target) throws Exception {
        try (RawClient client = new RawClient(server.port())) {
            return client.exchange("GET " + target + " HTTP/1.1\r\nHost: example.com\r\n\r\n");
        }
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        // absolute-form: the path ends where the query starts, and an empty path is "/" (RFC 9112 3.2.2)
        "http://example.com?x=/admin          | path=/ query=x=/admin",
        "http://example.com                   | path=/ query=",
        "HTTPS://example.com:8443/a/b?c=/d    | path=/a/b query=c=/d",
        "http://example.com/admin?next=/x     | path=/admin query=next=/x",
        // canonical path: unreserved characters decoded, the rest kept encoded with upper-case hex
        "/%7Euser/%61dmin/%2d%2E%5F           | path=/~user/admin/-._ query=",
        "/a%2fb/%2Fc                          | path=/a%2Fb/%2Fc query=",
        "/nul%00/percent%25/space%20          | path=/nul%00/percent%25/space%20 query=",
        "/caf%c3%a9?q=%7e                     | path=/caf%C3%A9 query=q=%7e",
        "/a;jsessionid=1/b                    | path=/a;jsessionid=1/b query=",
        "//double//slash/                     | path=//double//slash/ query=",
        "/..a/b../.well-known                 | path=/..a/b../.well-known query=",
    })
    void thePathIsTheCanonicalPathOfTheTarget(String target, String expected) throws Exception {
        RawResponse response = get(target);
        assertEquals(200, response.status(), response.toString());
        assertEquals(expected, response.bodyText());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "/a/../admin               | path segment \"..\" is not allowed",
        "/%2e%2e/admin             | path segment \"%2e%2e\" is not allowed",
        "/.%2E/admin               | path segment \".%2E\" is not allowed",
        "/admin/./x                | path segment \".\" is not allowed",
        "/a/..                     | path segment \"..\" is not allowed",
        "/static/..%2F..%2Fetc     | path segment \"..%2F..%2Fetc\" is not allowed",
        "http://example.com/a/../b | path segment \"..\" is not allowed",
        "/a#fragment               | a fragment",
        "http://example.com/a#b    | a fragment",
        "ftp://example.com/x       | scheme \"ftp\"",
        "http:///no-host           | invalid authority",
        "example.com:80            | authority-form",
        "*                         | asterisk-form",
        "a/b                       | request-target must start with '/'",
    })
    void aTargetThatBreaksARuleIs400NamingIt(String target, String rule) throws Exception {
        RawResponse response = get(target);
        assertEquals(400, response.status(), response.toString());
        assertEquals("close", response.header("Connection"));
        assertTrue(response.bodyText().contains(rule.replace("\"", "\\\"")), response.bodyText());
    }

    @Test
    void asteriskFormWithOptions() throws Exception {
        try (RawClient client = new RawClient(server.port())) {
            RawResponse response = client.exchange("OPTIONS * HTTP/1.1\r\nHost: a\r\n\r\n");
            assertEquals("path=* query=", response.bodyText());
        }
    }
}
