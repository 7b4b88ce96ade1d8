package dev.loopline.testsupport.protocols;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * A whole response as a {@link ProtocolClient} received it, with the protocol version that actually carried it
 * ("HTTP/1.1" or "HTTP/2"), so that a test can assert it was not silently another one. Header names are
 * lower-cased; HTTP/2 pseudo-headers are not among them (the status is {@link #status()}).
 */
public record WireResponse(int status, Map<String, List<String>> headers, byte[] body, String version) {

    /** Copies {@code headers} with lower-cased names, dropping pseudo-headers. */
    public static WireResponse of(int status, Map<String, List<String>> headers, byte[] body, String version) {
        Map<String, List<String>> lower = new LinkedHashMap<>();
        headers.forEach((name, values) -> {
            if (!name.startsWith(":")) {
                lower.computeIfAbsent(name.toLowerCase(Locale.ROOT), k -> new java.util.ArrayList<>()).addAll(values);
            }
        });
        lower.replaceAll((name, values) -> List.copyOf(values));
        return new WireResponse(status, Map.copyOf(lower), body, version);
    }

    /** The first value of the field, if there is one. */
    public Optional<String> header(String name) {
        List<String> values = headers.get(name.toLowerCase(Locale.ROOT));
        return values == null || values.isEmpty() ? Optional.empty() : Optional.of(values.get(0));
    }

    public String bodyText() {
        return new String(body, StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
        String text = bodyText();
        return version + " " + status + " " + headers + " "
                + (text.length() > 300 ? text.substring(0, 300) + "... (" + body.length + " bytes)" : text);
    }
}
