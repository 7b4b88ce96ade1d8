package dev.loopline.loadtest.driver;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import org.junit.jupiter.api.Test;

class WrkLoadTest {

    @Test
    void parsesTheScriptsResultLine() throws IOException {
        String output = "Running 5s test @ http://127.0.0.1:8080/plaintext\n  1 threads and 64 connections\n"
                + "LOADTEST requests=500000 duration_us=5000000 errors_connect=0 errors_read=2 errors_write=0 "
                + "errors_timeout=1 non2xx=10 p50_us=900 p90_us=1500 p99_us=3000 p999_us=9000 max_us=20000\n";

        LoadSample sample = WrkLoad.parse(output, "wrk");

        assertEquals(499_990, sample.okResponses());
        assertEquals(10, sample.non200());
        assertEquals(3, sample.errors());
        assertEquals(99_998.0, sample.requestsPerSecond(), 0.001);
        assertEquals(3.0, sample.latency().p99Ms(), 1e-9);
        assertEquals(9.0, sample.latency().p999Ms(), 1e-9);
    }

    @Test
    void aRunWithoutLatencySamplesSaysNotMeasured() throws IOException {
        String output = "LOADTEST requests=800000 duration_us=4000000 errors_connect=0 errors_read=0 errors_write=0 "
                + "errors_timeout=0 non2xx=0 p50_us=0 p90_us=0 p99_us=0 p999_us=0 max_us=0\n";

        LoadSample sample = WrkLoad.parse(output, "wrk-pipelined");

        assertEquals(200_000.0, sample.requestsPerSecond(), 0.001);
        assertEquals(Double.NaN, sample.latency().p99Ms());
    }

    @Test
    void outputWithoutAResultLineIsAnError() {
        assertThrows(IOException.class, () -> WrkLoad.parse("unable to connect to 127.0.0.1:1\n", "wrk"));
    }
}
