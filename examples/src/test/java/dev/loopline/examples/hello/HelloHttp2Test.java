package dev.loopline.examples.hello;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.loopline.examples.ExampleOptions;
import dev.loopline.examples.RunningExample;
import dev.loopline.testsupport.TestCertificates;
import dev.loopline.testsupport.protocols.JdkClient;
import dev.loopline.testsupport.protocols.NettyHttp2Client;
import dev.loopline.testsupport.protocols.ProtocolClient;
import dev.loopline.testsupport.protocols.SharedCertificates;
import dev.loopline.testsupport.protocols.WireRequest;
import dev.loopline.testsupport.protocols.WireResponse;
import org.junit.jupiter.api.Test;

/**
 * The hello example as its command starts it ({@code hello --port N}, {@code --tls CERT.pem KEY.pem}): the
 * cleartext port answers HTTP/1.1 and h2c with prior knowledge; with TLS the same port gives h2 or HTTP/1.1 by ALPN.
 */
class HelloHttp2Test {

    private static void assertHello(ProtocolClient client, String version) throws Exception {
        WireResponse plaintext = client.send(WireRequest.get("/plaintext"));
        assertEquals(version, plaintext.version(), plaintext.toString());
        assertEquals(200, plaintext.status());
        assertEquals("Hello, World!", plaintext.bodyText());
        WireResponse json = client.send(WireRequest.get("/json"));
        assertEquals(version, json.version(), json.toString());
        assertEquals("{\"message\":\"Hello, World!\"}", json.bodyText());
        assertEquals("application/json", json.header("Content-Type").orElseThrow());
    }

    @Test
    void theCleartextPortServesHttp11AndH2cWithPriorKnowledge() throws Exception {
        ExampleOptions options = ExampleOptions.parse(new String[] {"hello", "--host", "127.0.0.1", "--port", "0"}, 1);
        try (RunningExample hello = HelloService.start(options)) {
            assertTrue(hello.displayUri().toString().startsWith("http://"), hello.displayUri().toString());
            try (ProtocolClient http11 = JdkClient.http11("http://127.0.0.1:" + hello.port(), null)) {
                assertHello(http11, "HTTP/1.1");
            }
            try (ProtocolClient h2c = NettyHttp2Client.connect(hello.port())) {
                assertHello(h2c, "HTTP/2");
            }
        }
    }

    @Test
    void withTlsTheSamePortServesH2AndHttp11ByAlpn() throws Exception {
        TestCertificates certs = SharedCertificates.get(); // made with keytool, once per test JVM
        ExampleOptions options = ExampleOptions.parse(new String[] {"hello", "--host", "127.0.0.1", "--port", "0",
            "--tls", certs.certificateChain.toString(), certs.privateKey.toString()}, 1);
        try (RunningExample hello = HelloService.start(options)) {
            String base = "https://127.0.0.1:" + hello.port();
            assertTrue(hello.displayUri().toString().startsWith(base), hello.displayUri().toString());
            try (ProtocolClient h2 = JdkClient.http2(base, certs.clientContext())) {
                assertHello(h2, "HTTP/2");
            }
            try (ProtocolClient http11 = JdkClient.http11(base, certs.clientContext())) {
                assertHello(http11, "HTTP/1.1");
            }
            try (ProtocolClient h2 = NettyHttp2Client.connectTls(hello.port(), certs.caCertificate)) {
                assertHello(h2, "HTTP/2");
            }
        }
    }
}
