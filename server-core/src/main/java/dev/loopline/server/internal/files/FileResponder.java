package dev.loopline.server.internal.files;

import dev.loopline.server.Body;
import dev.loopline.server.Request;
import dev.loopline.server.Response;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Flow;
import java.util.function.Function;

/**
 * Answers a GET or HEAD for one file (RFC 9110 sections 8.8, 13 and 14): validators ({@code ETag} from size and
 * modification time, {@code Last-Modified}), the preconditions in the RFC's order ({@code If-Match} and
 * {@code If-Unmodified-Since}: 412; {@code If-None-Match} and {@code If-Modified-Since}: 304), one byte range
 * ({@code Range}, honoured under {@code If-Range}: 206 with {@code Content-Range}; unsatisfiable: 416; several
 * ranges: the whole file, 200 — a single-range policy RFC 9110 section 14.2 allows, which also spares the server
 * range floods), and a precompressed sibling ({@code .br}, {@code .zst}, {@code .gz}) when the client accepts its
 * coding. Opens the file: run it off the event loop.
 */
final class FileResponder {

    /** Codings of precompressed siblings, the server's preference first, with their file suffixes. */
    private static final String[][] PRECOMPRESSED = {{"br", ".br"}, {"zstd", ".zst"}, {"gzip", ".gz"}};
    private static final Flow.Publisher<ByteBuffer> NOTHING = subscriber -> { };

    private final Function<String, String> cacheControl; // relative path -> value, or null
    private final boolean etags;
    private final boolean precompressed;

    FileResponder(Function<String, String> cacheControl, boolean etags, boolean precompressed) {
        this.cacheControl = cacheControl;
        this.etags = etags;
        this.precompressed = precompressed;
    }

    Response respond(Request request, String relative, Representation found) throws IOException {
        boolean head = request.method().equals("HEAD");
        String rangeHeader = head ? null : request.header("Range").orElse(null);
        Representation sent = found;
        String coding = null;
        if (precompressed && rangeHeader == null) {
            String acceptEncoding = request.header("Accept-Encoding").orElse(null);
            for (String[] candidate : byClientPreference(acceptEncoding)) {
                Representation sibling = found.sibling(candidate[1]);
                if (sibling != null) {
                    sent = sibling;
                    coding = candidate[0];
                    break;
                }
            }
        }
        long size = sent.size();
        Instant modified = sent.modified();
        String etag = etags ? "\"" + Long.toHexString(size) + "-" + Long.toHexString(sent.modifiedMillis())
                + (coding == null ? "" : "-" + coding) + "\"" : null;
        String type = ContentTypes.of(found.name());

        Response base = Response.empty(200).withHeader("Last-Modified", HttpDates.format(modified))
                .withHeader("Accept-Ranges", "bytes");
        if (etag != null) {
            base = base.withHeader("ETag", etag);
        }
        String cache = cacheControl.apply(relative);
        if (cache != null) {
            base = base.withHeader("Cache-Control", cache);
        }
        if (precompressed) {
            base = base.withHeader("Vary", "Accept-Encoding");
        }
        Integer failed = preconditionFailure(request, etag, modified);
        if (failed != null) {
            return failed == 304 ? base.withStatus(304) : Response.problem(412, "a precondition of the request does"
                    + " not hold for the current file").withHeader("ETag", etag == null ? "\"\"" : etag);
        }
        long start = 0;
        long length = size;
        int status = 200;
        if (rangeHeader != null && ifRangeHolds(request, etag, modified)) {
            long[] range = Ranges.single(rangeHeader, size);
            if (range == Ranges.UNSATISFIABLE) {
                return Response.problem(416, "the requested range is outside the file's " + size + " bytes")
                        .withHeader("Content-Range", "bytes */" + size);
            }
            if (range != null) {
                start = range[0];
                length = range[1] - range[0] + 1;
                status = 206;
                base = base.withHeader("Content-Range", "bytes " + range[0] + "-" + range[1] + "/" + size);
            }
        }
        Body body = head ? Body.stream(NOTHING, length) // a HEAD never reads the file: its length is enough
                : sent.body(start, length);
        Response response = base.withStatus(status).withBody(type, body);
        return coding == null ? response : response.withHeader("Content-Encoding", coding);
    }

    /** 412 or 304 when a precondition says so (RFC 9110 section 13.2.2, in that order), else null. */
    private static Integer preconditionFailure(Request request, String etag, Instant modified) {
        boolean getOrHead = request.method().equals("GET") || request.method().equals("HEAD");
        String ifMatch = request.header("If-Match").orElse(null);
        if (ifMatch != null) {
            if (!matches(ifMatch, etag, false)) {
                return 412;
            }
        } else {
            Instant since = request.header("If-Unmodified-Since").map(HttpDates::parse).orElse(null);
            if (since != null && modified.isAfter(since)) {
                return 412;
            }
        }
        String ifNoneMatch = request.header("If-None-Match").orElse(null);
        if (ifNoneMatch != null) {
            if (matches(ifNoneMatch, etag, true)) {
                return getOrHead ? 304 : 412;
            }
        } else if (getOrHead) {
            Instant since = request.header("If-Modified-Since").map(HttpDates::parse).orElse(null);
            if (since != null && !modified.isAfter(since)) {
                return 304;
            }
        }
        return null;
    }

    /** {@code If-Range}: the range applies only to this very representation (a strong ETag, or its exact date). */
    private static boolean ifRangeHolds(Request request, String etag, Instant modified) {
        String ifRange = request.header("If-Range").orElse(null);
        if (ifRange == null) {
            return true;
        }
        if (ifRange.startsWith("\"") || ifRange.startsWith("W/")) {
            return etag != null && ifRange.trim().equals(etag);
        }
        Instant date = HttpDates.parse(ifRange);
        return date != null && date.equals(modified);
    }

    /** Whether a list of entity tags (or {@code *}) matches {@code etag}; the weak comparison ignores {@code W/}. */
    private static boolean matches(String header, String etag, boolean weak) {
        if (header.trim().equals("*")) {
            return true;
        }
        if (etag == null) {
            return false;
        }
        for (String candidate : List.of(header.split(","))) {
            String tag = candidate.trim();
            if (tag.startsWith("W/")) {
                if (!weak) {
                    continue; // a weak tag never matches strongly
                }
                tag = tag.substring(2);
            }
            if (tag.equals(etag)) {
                return true;
            }
        }
        return false;
    }

    /** The precompressed codings the client accepts, its favourite first (the server's order breaks ties). */
    private static List<String[]> byClientPreference(String acceptEncoding) {
        List<String[]> accepted = new ArrayList<>(PRECOMPRESSED.length);
        for (String[] candidate : PRECOMPRESSED) {
            if (Encodings.quality(acceptEncoding, candidate[0]) > 0) {
                accepted.add(candidate);
            }
        }
        accepted.sort(Comparator.comparingDouble(candidate -> -Encodings.quality(acceptEncoding, candidate[0])));
        return accepted;
    }
}
