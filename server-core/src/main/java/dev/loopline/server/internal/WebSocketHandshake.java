package dev.loopline.server.internal;

import dev.loopline.server.HttpStatusException;
import dev.loopline.server.Request;
import dev.loopline.server.WebSocketListener;
import dev.loopline.server.WebSocketOptions;
import io.netty.handler.codec.http.websocketx.extensions.WebSocketExtensionData;
import io.netty.handler.codec.http.websocketx.extensions.WebSocketExtensionUtil;
import io.netty.handler.codec.http.websocketx.extensions.WebSocketServerExtension;
import io.netty.handler.codec.http.websocketx.extensions.compression.PerMessageDeflateServerExtensionHandshaker;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The server's side of the opening handshake (RFC 6455 §4.2): checks the request, picks the subprotocol and the
 * extension, and leaves on the request's exchange what the connection needs to switch once the 101 is written.
 */
public final class WebSocketHandshake {

    private static final String GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";

    /** What the connection switches to: set on the exchange by {@link #accept}, used by the response queue. */
    record Upgrade(Request request, WebSocketOptions options, WebSocketListener listener, String subprotocol,
                   WebSocketServerExtension deflate) {
    }

    private WebSocketHandshake() {
    }

    /**
     * Checks {@code request} as an upgrade and returns the 101's header fields; throws an HttpStatusException
     * (400, 403, 426) that names what is wrong.
     */
    public static Map<String, String> accept(Request request, WebSocketOptions options, WebSocketListener listener) {
        if (!request.method().equals("GET")) {
            throw new HttpStatusException(400, "a WebSocket upgrade must be a GET request, not " + request.method());
        }
        if (!hasToken(request, "Upgrade", "websocket") || !hasToken(request, "Connection", "upgrade")) {
            throw new HttpStatusException(426, "this is a WebSocket endpoint: open it with a WebSocket client "
                    + "(Upgrade: websocket, Connection: Upgrade)", Map.of("Upgrade", "websocket",
                    "Connection", "Upgrade", "Sec-WebSocket-Version", "13"));
        }
        String version = request.header("Sec-WebSocket-Version").orElse("");
        if (!version.trim().equals("13")) {
            throw new HttpStatusException(426, "WebSocket version " + (version.isEmpty() ? "(none)" : "'" + version
                    + "'") + " is not supported: this server speaks version 13 (RFC 6455)",
                    Map.of("Sec-WebSocket-Version", "13"));
        }
        String key = request.header("Sec-WebSocket-Key").orElse("").trim();
        if (!validKey(key)) {
            throw new HttpStatusException(400, "Sec-WebSocket-Key must be 16 bytes in base64 (RFC 6455 section 4.1)");
        }
        if (!options.allowedOrigins().isEmpty()) {
            String origin = request.header("Origin").orElse(null);
            if (origin == null || options.allowedOrigins().stream().noneMatch(origin::equalsIgnoreCase)) {
                throw new HttpStatusException(403, "origin " + (origin == null ? "(none)" : "'" + origin + "'")
                        + " may not open a WebSocket session here");
            }
        }
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("Upgrade", "websocket");
        fields.put("Connection", "Upgrade");
        fields.put("Sec-WebSocket-Accept", acceptValue(key));
        String subprotocol = subprotocol(request, options.subprotocols());
        if (subprotocol != null) {
            fields.put("Sec-WebSocket-Protocol", subprotocol);
        }
        WebSocketServerExtension deflate = options.compression() ? deflate(request, options) : null;
        if (deflate != null) {
            fields.put("Sec-WebSocket-Extensions", describe(deflate.newReponseData()));
        }
        ResponseSlot exchange = ResponseSlot.of(request);
        if (exchange != null) {
            // the request as the handler saw it: path parameters, filters' attributes
            exchange.upgrade(new Upgrade(request, options, listener, subprotocol, deflate));
        }
        return fields;
    }

    private static boolean hasToken(Request request, String field, String token) {
        for (String value : request.headers().allValues(field)) {
            for (String part : value.split(",")) {
                if (part.trim().equalsIgnoreCase(token)) {
                    return true;
                }
            }
        }
        return false;
    }

    private static boolean validKey(String key) {
        try {
            return key.length() == 24 && Base64.getDecoder().decode(key).length == 16;
        } catch (IllegalArgumentException notBase64) {
            return false;
        }
    }

    static String acceptValue(String key) {
        try {
            byte[] sha1 = MessageDigest.getInstance("SHA-1").digest((key + GUID).getBytes(StandardCharsets.US_ASCII));
            return Base64.getEncoder().encodeToString(sha1);
        } catch (NoSuchAlgorithmException impossible) {
            throw new IllegalStateException("every JDK has SHA-1", impossible);
        }
    }

    private static String subprotocol(Request request, List<String> supported) {
        if (supported.isEmpty()) {
            return null;
        }
        List<String> offered = request.headers().allValues("Sec-WebSocket-Protocol").stream()
                .flatMap(value -> java.util.Arrays.stream(value.split(","))).map(String::trim).toList();
        for (String protocol : supported) {
            if (offered.contains(protocol)) {
                return protocol;
            }
        }
        return null;
    }

    private static WebSocketServerExtension deflate(Request request, WebSocketOptions options) {
        List<String> offers = request.headers().allValues("Sec-WebSocket-Extensions");
        if (offers.isEmpty()) {
            return null;
        }
        // compression level 6, client window negotiable, server window 15, no context takeover unless asked; the
        // inflated size of a message is bounded by the message limit (a deflate bomb fails the decoder: 1009)
        PerMessageDeflateServerExtensionHandshaker handshaker = new PerMessageDeflateServerExtensionHandshaker(6,
                false, 15, false, false, options.maxMessageBytes());
        for (String offer : offers) {
            List<WebSocketExtensionData> extensions;
            try {
                extensions = WebSocketExtensionUtil.extractExtensions(offer);
            } catch (RuntimeException malformed) {
                return null; // an offer we cannot read is an offer we decline
            }
            for (WebSocketExtensionData data : extensions) {
                WebSocketServerExtension extension = handshaker.handshakeExtension(data);
                if (extension != null) {
                    return extension;
                }
            }
        }
        return null;
    }

    private static String describe(WebSocketExtensionData data) {
        StringBuilder value = new StringBuilder(data.name());
        for (Map.Entry<String, String> parameter : data.parameters().entrySet()) {
            value.append("; ").append(parameter.getKey());
            if (parameter.getValue() != null) {
                value.append('=').append(parameter.getValue());
            }
        }
        return value.toString().toLowerCase(Locale.ROOT);
    }
}
