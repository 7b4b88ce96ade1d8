package dev.loopline.server.internal.forms;

import dev.loopline.server.Body;
import dev.loopline.server.HttpStatusException;
import dev.loopline.server.Request;
import dev.loopline.server.internal.ServerExecutors;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.RejectedExecutionException;

/**
 * Reads a request's form. A small urlencoded body in memory is parsed on the calling thread (it is a few string
 * operations); everything else, multipart and streamed bodies, is parsed on the server's blocking executor with a
 * blocking read of the body ({@link Body#asStream()}), so an event loop never waits for the client nor for a
 * temporary file, and the parse reads at the pace the client sends and the disk takes (backpressure to the socket).
 * Parsing on the loop incrementally would save a thread per upload in progress but would put file writes on it; the
 * blocking executor's bound says how many uploads are parsed at once (a full executor answers 503).
 *
 * <p>The form's temporary files are deleted when the request ends (its response written, or its connection gone:
 * a disconnect, a handler timeout), and at once when the parse fails.
 */
public final class FormReader {

    private FormReader() {
    }

    /** Reads {@code request}'s form within {@code limits}. */
    public static CompletionStage<FormData> read(Request request, MultipartParser.Limits limits, Path tempDirectory) {
        try {
            return start(request, limits, tempDirectory);
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    /** The limits of a read, from the public {@code FormLimits}' values. */
    public static MultipartParser.Limits limits(int maxParts, int maxFieldBytes, long maxFileBytes, long maxTotalBytes,
                                                int memoryThreshold) {
        return new MultipartParser.Limits(maxParts, maxFieldBytes, maxFileBytes, maxTotalBytes, memoryThreshold);
    }

    private static CompletionStage<FormData> start(Request request, MultipartParser.Limits limits, Path tempDirectory) {
        String contentType = request.header("Content-Type").orElse("");
        Map<String, String> parameters = new LinkedHashMap<>();
        String type = PartHeaders.parameters(contentType, parameters, 0).toLowerCase(Locale.ROOT);
        Body body = request.body();
        if (!body.isStreamed() && body.length() > limits.maxTotalBytes()) {
            throw FormErrors.tooLarge("the form exceeds the total limit of " + limits.maxTotalBytes() + " bytes");
        }
        if (type.equals("application/x-www-form-urlencoded")) {
            if (!body.isStreamed()) {
                FormData form = new FormData(new FormStorage(tempDirectory));
                UrlEncodedParser.parse(body.bytes(), limits, form);
                return CompletableFuture.completedFuture(form);
            }
            return offload(request, new FormStorage(tempDirectory), form -> {
                UrlEncodedParser.parse(readAll(body, limits.maxTotalBytes()), limits, form);
            });
        }
        if (type.equals("multipart/form-data")) {
            String boundary = parameters.get("boundary");
            if (boundary == null) {
                throw FormErrors.malformed("multipart/form-data without a boundary parameter");
            }
            String wrong = MultipartParser.checkBoundary(boundary);
            if (wrong != null) {
                throw FormErrors.malformed(wrong);
            }
            if (!Files.isDirectory(tempDirectory)) {
                throw new IllegalStateException("the form's temporary directory " + tempDirectory + " does not exist");
            }
            FormStorage storage = new FormStorage(tempDirectory);
            ServerExecutors.whenEnded(request, storage::close);
            return offload(request, storage, form -> {
                try (InputStream in = body.asStream()) {
                    new MultipartParser(in, boundary, limits, form).parse();
                }
            });
        }
        throw FormErrors.unsupported("a form is read from a body of type application/x-www-form-urlencoded or "
                + "multipart/form-data; this one is " + (contentType.isEmpty() ? "without Content-Type"
                : "'" + PartHeaders.printable(contentType) + "'"));
    }

    private interface Parse {
        void into(FormData form) throws IOException;
    }

    private static CompletionStage<FormData> offload(Request request, FormStorage storage, Parse parse) {
        CompletableFuture<FormData> result = new CompletableFuture<>();
        Runnable task = () -> {
            FormData form = new FormData(storage);
            try {
                if (request.context().isCancelled()) {
                    throw new CancellationException("the request was cancelled before its form was read");
                }
                parse.into(form);
                storage.ensureOpen();
                result.complete(form);
            } catch (IOException e) {
                storage.close();
                result.completeExceptionally(new UncheckedIOException("could not read the form: " + e.getMessage(), e));
            } catch (RuntimeException | Error e) {
                storage.close();
                result.completeExceptionally(e);
            }
        };
        try {
            ServerExecutors.blocking(request).execute(task);
        } catch (RejectedExecutionException full) {
            storage.close();
            result.completeExceptionally(new HttpStatusException(503,
                    "server busy: the blocking executor is full, the form cannot be read now; try again shortly",
                    Map.of("Retry-After", "1")));
        }
        return result;
    }

    private static byte[] readAll(Body body, long limit) throws IOException {
        try (InputStream in = body.asStream()) {
            byte[] bytes = in.readNBytes((int) Math.min(limit + 1, Integer.MAX_VALUE - 8));
            if (bytes.length > limit) {
                throw FormErrors.tooLarge("the form exceeds the total limit of " + limit + " bytes");
            }
            return bytes;
        }
    }
}
