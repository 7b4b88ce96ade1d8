package dev.loopline.examples.streaming;

import dev.loopline.examples.ExampleOptions;
import dev.loopline.examples.RunningExample;
import dev.loopline.routing.Router;
import dev.loopline.server.BodyPolicy;
import dev.loopline.server.FormLimits;
import dev.loopline.server.ServerConfig;
import java.nio.file.Path;
import java.util.Set;

/**
 * Bodies that do not fit in memory, streamed at the client's pace: {@code GET /export?rows=N} (CSV from H2 through
 * a JDBC cursor on the blocking executor), {@code GET /events} (a server-sent-events ticker, one event a second, that
 * resumes after {@code Last-Event-ID}), {@code POST /upload} (the body streamed to a temporary file, answered with
 * its size and SHA-256, the file deleted), {@code POST /form} (an HTML form, urlencoded or multipart, answered with
 * JSON: each field, and each file's name, size and SHA-256; see {@link FormEcho}). Run it with {@code -Xmx64m}: it still takes a 1 GiB upload and serves ten
 * million rows.
 *
 * <p>Options: {@code --max-upload-mb N} (default 8192), {@code --temp-dir DIR} (default the JVM's temporary
 * directory).
 */
public final class StreamingService {

    static final Set<String> OPTIONS = Set.of("max-upload-mb", "temp-dir");

    private StreamingService() {
    }

    public static RunningExample start(ExampleOptions options) {
        options.requireOnly("streaming", OPTIONS);
        long maxUpload = options.intOption("max-upload-mb", 8192, 1, 1 << 20) * 1024L * 1024L;
        Path tempDir = options.option("temp-dir").map(Path::of)
                .orElse(Path.of(System.getProperty("java.io.tmpdir")));
        ServerConfig config = ServerConfig.builder().host(options.host()).port(options.port()).build();
        CsvExport export = new CsvExport();
        Ticker ticker = new Ticker();
        return RunningExample.start("streaming", config, router(export, ticker, maxUpload, tempDir), export, ticker);
    }

    /** The four routes over the given export database and ticker. */
    public static Router router(CsvExport export, Ticker ticker, long maxUploadBytes, Path tempDir) {
        return Router.builder()
                .get("/export", export::handle)
                .get("/events", ticker::handle)
                .post("/upload", BodyPolicy.streamed(maxUploadBytes).applyTo(new Uploads(tempDir).handler()))
                .post("/form", new FormEcho(FormLimits.defaults().withTempDirectory(tempDir)
                        .withMaxFileBytes(maxUploadBytes).withMaxTotalBytes(maxUploadBytes)).handler())
                .build();
    }
}
