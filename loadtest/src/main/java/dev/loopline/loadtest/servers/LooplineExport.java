package dev.loopline.loadtest.servers;

import dev.loopline.server.Body;
import dev.loopline.server.Offload;
import dev.loopline.server.Request;
import dev.loopline.server.Response;
import java.io.BufferedWriter;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletionStage;

/** {@code /export} on Loopline: the rows written by blocking code, streamed as written, or buffered whole first. */
final class LooplineExport {

    private LooplineExport() {
    }

    static CompletionStage<Response> export(Request request) {
        if (request.queryParam("buffered").filter("true"::equals).isPresent()) {
            return Offload.blocking(LooplineExport::buffered).handle(request);
        }
        // The writer runs on the blocking executor; the head and the first rows go out while the rest is written.
        return Response.of(200, "text/csv", Body.writer(LooplineExport::writeRows)).completed();
    }

    private static CompletionStage<Response> buffered(Request request) {
        ByteArrayOutputStream whole = new ByteArrayOutputStream(10 << 20);
        try {
            writeRows(whole);
        } catch (IOException impossible) {
            throw new UncheckedIOException(impossible);
        }
        return Response.of(200, "text/csv", Body.wrap(whole.toByteArray())).completed();
    }

    private static void writeRows(OutputStream out) throws IOException {
        Writer csv = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), 64 * 1024);
        csv.write("id,customer,order,amount,created\n");
        for (int i = 0; i < BenchContract.EXPORT_ROWS; i++) {
            csv.write(BenchContract.exportRow(i));
        }
        csv.flush();
    }
}
