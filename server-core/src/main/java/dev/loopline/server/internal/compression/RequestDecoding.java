package dev.loopline.server.internal.compression;

import com.github.luben.zstd.ZstdInputStream;
import dev.loopline.server.Body;
import dev.loopline.server.HttpStatusException;
import dev.loopline.server.Request;
import dev.loopline.server.internal.ServerExecutors;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.zip.GZIPInputStream;
import java.util.zip.InflaterInputStream;

/**
 * Decodes a compressed request body ({@code Content-Encoding: gzip, deflate, zstd}) before the handler sees it, with a
 * limit on the decoded size: a zip bomb is a 413, an unknown coding a 415, a corrupt one a 400. For bodies in memory;
 * a route that streams its body gets it as sent (its {@code Content-Encoding} says how to read it).
 */
final class RequestDecoding {

    private final long maxDecodedBytes;
    private final int offloadAbove;

    RequestDecoding(long maxDecodedBytes, int offloadAbove) {
        this.maxDecodedBytes = maxDecodedBytes;
        this.offloadAbove = offloadAbove;
    }

    CompletionStage<Request> decode(Request request) {
        String coding = request.header("Content-Encoding").map(value -> value.trim().toLowerCase(Locale.ROOT))
                .orElse("identity");
        if (coding.equals("identity") || coding.isEmpty() || request.body().isStreamed()) {
            return CompletableFuture.completedFuture(request);
        }
        if (!coding.equals(Codings.GZIP) && !coding.equals("x-gzip") && !coding.equals(Codings.DEFLATE)
                && !coding.equals(Codings.ZSTD)) {
            return CompletableFuture.failedFuture(new HttpStatusException(415, "request body content coding \""
                    + coding + "\" is not supported; send gzip, deflate or zstd, or none",
                    java.util.Map.of("Accept-Encoding", "gzip, deflate, zstd")));
        }
        Executor cpu = request.body().length() > offloadAbove ? ServerExecutors.cpu(request) : null;
        if (cpu == null) {
            return CompletableFuture.completedFuture(decoded(request, coding));
        }
        try {
            return CompletableFuture.supplyAsync(() -> decoded(request, coding), cpu);
        } catch (RejectedExecutionException full) {
            return CompletableFuture.failedFuture(new HttpStatusException(503, "server busy: no room to decompress "
                    + "the request body, try again shortly", java.util.Map.of("Retry-After", "1")));
        }
    }

    private Request decoded(Request request, String coding) {
        byte[] bytes;
        try (InputStream in = open(coding, request.body().asStream())) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            byte[] buffer = new byte[16 * 1024];
            long total = 0;
            int n;
            while ((n = in.read(buffer)) > 0) {
                total += n;
                if (total > maxDecodedBytes) {
                    throw new HttpStatusException(413, "the decompressed request body exceeds the limit of "
                            + maxDecodedBytes + " bytes");
                }
                out.write(buffer, 0, n);
            }
            bytes = out.toByteArray();
        } catch (IOException corrupt) {
            throw new HttpStatusException(400, "the request body is not valid " + coding + " data");
        }
        return new DecodedRequest(request, Body.wrap(bytes));
    }

    private static InputStream open(String coding, InputStream in) throws IOException {
        switch (coding) {
            case Codings.ZSTD:
                return new ZstdInputStream(in);
            case Codings.DEFLATE:
                return new InflaterInputStream(in);
            default:
                return new GZIPInputStream(in);
        }
    }
}
