package dev.loopline.server.internal.compression;

import dev.loopline.server.Body;
import dev.loopline.server.Filter;
import dev.loopline.server.Handler;
import dev.loopline.server.Request;
import dev.loopline.server.Response;
import dev.loopline.server.internal.ServerExecutors;
import dev.loopline.server.internal.files.Encodings;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Compresses responses in the coding the client rates highest (of those configured and available), and decodes
 * compressed request bodies when asked to. Small bodies are compressed where the response is made; bodies in memory
 * above the offload size on the CPU pool, as any CPU-heavy work (when the pool is full they go out uncompressed:
 * the client gets them, a little later is not the point); streamed bodies as they flow.
 */
public final class CompressionFilter implements Filter {

    private static final Logger log = LoggerFactory.getLogger("dev.loopline.offload");

    private final List<String> codings; // available, the server's preference first
    private final int minBytes;
    private final int offloadAbove;
    private final int gzipLevel;
    private final int zstdLevel;
    private final int brotliQuality;
    private final List<String> types;   // lower-case media types; "text/*" style prefixes end with '/'
    private final RequestDecoding decoding; // null: request bodies are not decoded

    public CompressionFilter(List<String> codings, int minBytes, int offloadAbove, int gzipLevel, int zstdLevel,
                             int brotliQuality, List<String> types, long maxDecodedBytes) {
        this.codings = Codings.available(codings);
        this.minBytes = minBytes;
        this.offloadAbove = offloadAbove;
        this.gzipLevel = gzipLevel;
        this.zstdLevel = zstdLevel;
        this.brotliQuality = brotliQuality;
        this.types = List.copyOf(types);
        this.decoding = maxDecodedBytes < 0 ? null : new RequestDecoding(maxDecodedBytes, offloadAbove);
    }

    /** The codings this filter produces, the server's preference first. */
    public List<String> codings() {
        return codings;
    }

    @Override
    public CompletionStage<Response> filter(Request request, Handler next) {
        String accept = request.header("Accept-Encoding").orElse(null);
        boolean head = request.method().equals("HEAD");
        CompletionStage<Response> answer = decoding == null ? next.handle(request)
                : decoding.decode(request).thenCompose(next::handle);
        return answer.thenCompose(response -> head ? CompletableFuture.completedFuture(response)
                : encode(request, response, accept));
    }

    private CompletionStage<Response> encode(Request request, Response response, String accept) {
        if (!isCompressible(response)) {
            return CompletableFuture.completedFuture(response);
        }
        Response varied = withVary(response);
        String coding = Encodings.best(accept, codings.toArray(new String[0]));
        Body body = response.body();
        long length = body.contentLength();
        if (coding == null || length >= 0 && length < minBytes) {
            return CompletableFuture.completedFuture(varied);
        }
        if (body.isStreamed()) {
            Body compressed = Body.stream(new CompressingPublisher(ServerExecutors.publisher(request, body), coding,
                    levelOf(coding)));
            return CompletableFuture.completedFuture(encoded(varied, compressed, coding));
        }
        if (length <= offloadAbove) {
            return CompletableFuture.completedFuture(encoded(varied, Body.wrap(compress(body, coding)), coding));
        }
        Executor cpu = ServerExecutors.cpu(request);
        if (cpu == null) {
            return CompletableFuture.completedFuture(encoded(varied, Body.wrap(compress(body, coding)), coding));
        }
        try {
            return CompletableFuture.supplyAsync(() -> encoded(varied, Body.wrap(compress(body, coding)), coding), cpu);
        } catch (RejectedExecutionException full) {
            log.debug("The cpu pool is full: {} goes out uncompressed", request);
            return CompletableFuture.completedFuture(varied);
        }
    }

    private byte[] compress(Body body, String coding) {
        try (ChunkEncoder encoder = Codings.encoder(coding, levelOf(coding), false)) {
            byte[] head = encoder.encode(body.asByteBuffer());
            byte[] tail = encoder.finish();
            byte[] all = new byte[head.length + tail.length];
            System.arraycopy(head, 0, all, 0, head.length);
            System.arraycopy(tail, 0, all, head.length, tail.length);
            return all;
        } catch (IOException e) {
            throw new UncheckedIOException("compressing a response body failed", e);
        }
    }

    private int levelOf(String coding) {
        switch (coding) {
            case Codings.ZSTD: return zstdLevel;
            case Codings.BROTLI: return brotliQuality;
            default: return gzipLevel;
        }
    }

    /** Compressed: the coding named, the length left to the server, a strong validator made weak (nginx does so). */
    private static Response encoded(Response response, Body body, String coding) {
        Response encoded = response.withBody(response.headers().firstValue("Content-Type").orElse(
                "application/octet-stream"), body).withHeader("Content-Encoding", coding);
        String etag = response.headers().firstValue("ETag").orElse(null);
        if (etag != null && etag.startsWith("\"")) {
            encoded = encoded.withHeader("ETag", "W/" + etag);
        }
        return encoded;
    }

    private static Response withVary(Response response) {
        String vary = response.headers().firstValue("Vary").orElse(null);
        if (vary == null) {
            return response.withHeader("Vary", "Accept-Encoding");
        }
        String lower = vary.toLowerCase(Locale.ROOT);
        return lower.contains("accept-encoding") || lower.trim().equals("*") ? response
                : response.withHeader("Vary", vary + ", Accept-Encoding");
    }

    /** A body worth compressing: a type on the list, not already encoded, not forbidden to transform. */
    private boolean isCompressible(Response response) {
        int status = response.status();
        if (status < 200 || status == 204 || status == 206 || status == 304 || response.body().isEmpty()) {
            return false;
        }
        if (response.headers().contains("Content-Encoding")) {
            return false;
        }
        String cacheControl = response.headers().firstValue("Cache-Control").orElse("");
        if (cacheControl.toLowerCase(Locale.ROOT).contains("no-transform")) {
            return false;
        }
        String type = response.headers().firstValue("Content-Type").orElse("");
        int semicolon = type.indexOf(';');
        String media = (semicolon < 0 ? type : type.substring(0, semicolon)).trim().toLowerCase(Locale.ROOT);
        for (String allowed : types) {
            if (allowed.endsWith("/") ? media.startsWith(allowed) : media.equals(allowed)
                    || allowed.startsWith("+") && media.endsWith(allowed)) {
                return true;
            }
        }
        return false;
    }
}
