package dev.loopline.examples.streaming;

import dev.loopline.server.Handler;
import dev.loopline.server.HttpStatusException;
import dev.loopline.server.Offload;
import dev.loopline.server.Request;
import dev.loopline.server.Response;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * {@code POST /upload}: the body, streamed (the route's {@code BodyPolicy}), copied to a temporary file on the
 * blocking executor while its SHA-256 is computed; answered with {@code {"bytes": N, "sha256": "hex"}}, the file
 * deleted whatever happens. The client's bytes are read only as fast as the disk takes them.
 */
final class Uploads {

    private final Path tempDir;

    Uploads(Path tempDir) {
        this.tempDir = tempDir;
    }

    Handler handler() {
        return Offload.blocking(this::receive);
    }

    private java.util.concurrent.CompletionStage<Response> receive(Request request) {
        Path file = null;
        try {
            file = Files.createTempFile(tempDir, "upload-", ".part");
            MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
            long bytes;
            try (InputStream body = request.body().asStream();
                 OutputStream out = new DigestOutputStream(Files.newOutputStream(file), sha256)) {
                bytes = body.transferTo(out);
            }
            return Response.json("{\"bytes\":" + bytes + ",\"sha256\":\"" + HexFormat.of().formatHex(sha256.digest())
                    + "\"}").completed();
        } catch (HttpStatusException refused) {
            throw refused;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (NoSuchAlgorithmException impossible) {
            throw new IllegalStateException(impossible);
        } finally {
            deleteQuietly(file);
        }
    }

    private static void deleteQuietly(Path file) {
        if (file != null) {
            try {
                Files.deleteIfExists(file);
            } catch (IOException e) {
                throw new UncheckedIOException("could not delete the upload's temporary file " + file, e);
            }
        }
    }
}
