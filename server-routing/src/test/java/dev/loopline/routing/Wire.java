package dev.loopline.routing;

import dev.loopline.testsupport.RawClient;
import dev.loopline.testsupport.RawResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/** Sends one request over a real socket and reads the response; for the integration tests. */
final class Wire {

    private Wire() {
    }

    static RawResponse send(int port, String method, String target, String... headerLines) throws IOException {
        return sendBody(port, method, target, null, headerLines);
    }

    static RawResponse sendBody(int port, String method, String target, String body, String... headerLines)
            throws IOException {
        StringBuilder request = new StringBuilder(method + " " + target + " HTTP/1.1\r\nHost: localhost\r\n");
        for (String line : headerLines) {
            request.append(line).append("\r\n");
        }
        byte[] bytes = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
        if (body != null) {
            request.append("Content-Length: ").append(bytes.length).append("\r\n");
        }
        request.append("\r\n");
        try (RawClient client = new RawClient(port)) {
            client.send(request.toString().getBytes(StandardCharsets.UTF_8));
            client.send(bytes);
            return method.equals("HEAD") ? client.readHeadResponse() : client.readResponse();
        }
    }

    static RawResponse postJson(int port, String target, String json) throws IOException {
        return sendBody(port, "POST", target, json, "Content-Type: application/json");
    }
}
