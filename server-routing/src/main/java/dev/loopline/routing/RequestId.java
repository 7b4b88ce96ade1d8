package dev.loopline.routing;

import dev.loopline.routing.internal.Outcomes;
import dev.loopline.server.Filter;
import dev.loopline.server.Request;
import dev.loopline.server.Response;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A filter that gives every response an {@code X-Request-Id}: the one the client (or a proxy in front) sent when
 * it is sane (1 to {@value #MAX_LENGTH} visible ASCII characters, no quote or backslash), else a new random
 * 32-hex-digit id. Handlers see it as the request's {@code X-Request-Id}. Error responses carry it too, and a
 * 500's log line names it, so a client's report can be found in the log. Put it inside {@link AccessLog} so
 * that the access log sees the id. Handlers read it with {@link #get(Request)}.
 */
public final class RequestId {

    /** The header that carries the id, in requests and responses. */
    public static final String HEADER = "X-Request-Id";
    /** The longest id a client may send and have kept. */
    public static final int MAX_LENGTH = 128;
    /** The request attribute that holds the id, for handlers: {@code request.attribute(RequestId.KEY)}. */
    public static final Request.Key<String> KEY = Request.Key.of("request id");

    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private RequestId() {
    }

    /** The filter: keeps a sane {@code X-Request-Id} from the client, else makes one; sets it on the response. */
    public static Filter filter() {
        return (request, next) -> {
            String sent = request.header(HEADER).orElse(null);
            String id = sent != null && isSane(sent) ? sent : generate();
            // Handlers below see the id as the request's X-Request-Id, and a failure's log line names it.
            Request withId = (id.equals(sent) ? request : request.withHeader(HEADER, id)).with(KEY, id);
            return Outcomes.respond(next, withId).thenApply(response -> response.withHeader(HEADER, id));
        };
    }

    /** The id the filter gave {@code request}: empty for a request that did not pass through it. */
    public static Optional<String> get(Request request) {
        return request.attribute(KEY);
    }

    /** The id a client sent, when it is one this filter keeps; the id of a response is in its header. */
    public static boolean isSane(String id) {
        if (id.isEmpty() || id.length() > MAX_LENGTH) {
            return false;
        }
        for (int i = 0; i < id.length(); i++) {
            char c = id.charAt(i);
            if (c <= 0x20 || c >= 0x7f || c == '"' || c == '\\') {
                return false;
            }
        }
        return true;
    }

    /** 128 random bits as 32 hex digits; ThreadLocalRandom, because ids need to be unique, not unguessable. */
    static String generate() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        char[] id = new char[32];
        long high = random.nextLong();
        long low = random.nextLong();
        for (int i = 0; i < 16; i++) {
            id[i] = HEX[(int) (high >>> (60 - 4 * i)) & 0xf];
            id[16 + i] = HEX[(int) (low >>> (60 - 4 * i)) & 0xf];
        }
        return new String(id);
    }

    /** The id in {@code response}'s header, or the one {@code request} carries, or null. */
    static String of(Request request, Response response) {
        String id = response == null ? null : response.headers().firstValue(HEADER).orElse(null);
        return id != null ? id : request.header(HEADER).filter(RequestId::isSane).orElse(null);
    }
}
