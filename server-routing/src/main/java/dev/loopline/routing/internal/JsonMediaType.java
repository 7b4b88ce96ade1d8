package dev.loopline.routing.internal;

import dev.loopline.server.HttpStatusException;
import dev.loopline.server.Request;
import java.util.Locale;

/** Checks that a request body is declared as JSON: {@code application/json} or {@code application/*+json}. */
public final class JsonMediaType {

    private JsonMediaType() {
    }

    /** @throws HttpStatusException 415 naming the content type that was sent (or that none was) */
    public static void require(Request request) {
        String contentType = request.header("Content-Type").orElse(null);
        if (contentType == null || contentType.isBlank()) {
            throw new HttpStatusException(415, "Content-Type must be application/json, was missing");
        }
        int semicolon = contentType.indexOf(';');
        String mediaType = (semicolon < 0 ? contentType : contentType.substring(0, semicolon)).trim()
                .toLowerCase(Locale.ROOT);
        if (!mediaType.equals("application/json")
                && !(mediaType.startsWith("application/") && mediaType.endsWith("+json"))) {
            throw new HttpStatusException(415, "Content-Type must be application/json, was \"" + echo(contentType)
                    + "\"");
        }
        String charset = semicolon < 0 ? null : charsetOf(contentType.substring(semicolon + 1));
        if (charset != null && !charset.equalsIgnoreCase("utf-8")) {
            throw new HttpStatusException(415, "JSON must be encoded as UTF-8 (RFC 8259), Content-Type says charset "
                    + echo(charset));
        }
    }

    private static String charsetOf(String parameters) {
        for (String parameter : parameters.split(";")) {
            int equals = parameter.indexOf('=');
            if (equals > 0 && parameter.substring(0, equals).trim().equalsIgnoreCase("charset")) {
                String value = parameter.substring(equals + 1).trim();
                return value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")
                        ? value.substring(1, value.length() - 1) : value;
            }
        }
        return null;
    }

    private static String echo(String text) {
        return text.length() <= 100 ? text : text.substring(0, 100) + "...";
    }
}
