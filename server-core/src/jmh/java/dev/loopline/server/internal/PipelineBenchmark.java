package dev.loopline.server.internal;

import io.netty.buffer.ByteBuf;
import io.netty.channel.embedded.EmbeddedChannel;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * The same request bytes through Loopline's channel pipeline and through a raw Netty pipeline
 * ({@code HttpServerCodec} and a hand-written handler), on an embedded channel: no sockets, no threads, so the
 * numbers are the pipelines' own. Each operation is one read (the bytes in a pooled direct buffer, as a socket
 * read gives them) and the responses it produces; {@code pipelined} is one read of 10 requests, so divide by 10
 * for a request. Run it with {@code mvn -B -pl server-core -am -Pjmh -DskipTests verify} (see
 * docs/benchmarks/README.md).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class PipelineBenchmark {

    @Param({"loopline", "netty-raw"})
    public String pipeline;

    private EmbeddedChannel channel;

    @Setup
    public void setUp() {
        channel = pipeline.equals("loopline") ? BenchPipelines.loopline() : BenchPipelines.nettyRaw();
        // A benchmark of wrong answers measures nothing: check each case once before measuring.
        expect(BenchExchanges.PLAINTEXT_REQUEST, 1, "Hello, World!");
        expect(BenchExchanges.JSON_REQUEST, 1, "{\"message\":\"Hello, World!\"}");
        expect(BenchExchanges.PIPELINED_BATCH, BenchExchanges.PIPELINED_REQUESTS, "Hello, World!");
        expect(BenchExchanges.UPLOAD_REQUEST, 1, String.valueOf(BenchExchanges.UPLOAD_BYTES));
    }

    @TearDown
    public void tearDown() {
        channel.finishAndReleaseAll();
    }

    @Benchmark
    public int plaintext() {
        return exchange(BenchExchanges.PLAINTEXT_REQUEST);
    }

    @Benchmark
    public int json() {
        return exchange(BenchExchanges.JSON_REQUEST);
    }

    /** Ten {@code /plaintext} requests in one read, as a pipelining client sends them. */
    @Benchmark
    public int pipelined() {
        return exchange(BenchExchanges.PIPELINED_BATCH);
    }

    /** A POST with a 4 KiB body; the handler answers how many bytes it received. */
    @Benchmark
    public int upload() {
        return exchange(BenchExchanges.UPLOAD_REQUEST);
    }

    /** One read of {@code request}; returns the bytes of the responses it produced (and releases them). */
    private int exchange(byte[] request) {
        channel.writeInbound(channel.alloc().directBuffer(request.length).writeBytes(request));
        int bytes = 0;
        for (ByteBuf out = channel.readOutbound(); out != null; out = channel.readOutbound()) {
            bytes += out.readableBytes();
            out.release();
        }
        return bytes;
    }

    private void expect(byte[] request, int responses, String body) {
        channel.writeInbound(channel.alloc().directBuffer(request.length).writeBytes(request));
        StringBuilder text = new StringBuilder();
        for (ByteBuf out = channel.readOutbound(); out != null; out = channel.readOutbound()) {
            text.append(out.toString(StandardCharsets.US_ASCII));
            out.release();
        }
        String answer = text.toString();
        int ok = answer.split("HTTP/1\\.1 200 OK\r\n", -1).length - 1;
        if (ok != responses || !answer.endsWith("\r\n\r\n" + body)) {
            throw new IllegalStateException(pipeline + " answered " + ok + " of " + responses + " requests with 200"
                    + " or a wrong body:\n" + answer);
        }
    }
}
