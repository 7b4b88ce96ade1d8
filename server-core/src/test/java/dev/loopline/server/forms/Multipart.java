package dev.loopline.server.forms;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/** A hand-built multipart/form-data body, as a browser sends it. */
final class Multipart {

    static final String BOUNDARY = "----LooplineTestBoundary7MA4YWxkTrZu0gW";

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    Multipart field(String name, String value) {
        return part("Content-Disposition: form-data; name=\"" + name + "\"\r\n",
                value.getBytes(StandardCharsets.UTF_8));
    }

    Multipart file(String name, String fileName, String type, byte[] content) {
        return part("Content-Disposition: form-data; name=\"" + name + "\"; filename=\"" + fileName + "\"\r\n"
                + "Content-Type: " + type + "\r\n", content);
    }

    Multipart part(String headers, byte[] content) {
        ascii("--" + BOUNDARY + "\r\n" + headers + "\r\n");
        out.writeBytes(content);
        ascii("\r\n");
        return this;
    }

    Multipart raw(String text) {
        ascii(text);
        return this;
    }

    byte[] end() {
        ascii("--" + BOUNDARY + "--\r\n");
        return out.toByteArray();
    }

    byte[] unterminated() {
        return out.toByteArray();
    }

    private void ascii(String text) {
        out.writeBytes(text.getBytes(StandardCharsets.UTF_8));
    }

    static String contentType() {
        return "multipart/form-data; boundary=" + BOUNDARY;
    }
}
