package dev.loopline.loadtest.driver;

/**
 * What a load generator saw during one measured window.
 *
 * @param driver which generator produced it: {@code java} (AsyncHttpClient), {@code java-pipelined} (Netty) or {@code wrk}
 * @param okResponses responses with status 200
 * @param non200 responses with any other status
 * @param errors connect, read and timeout failures
 * @param seconds length of the window
 * @param latency from the intended send time (open loop) or the actual send time (closed loop)
 */
public record LoadSample(String driver, long okResponses, long non200, long errors, double seconds,
                         LatencySummary latency) {

    public double requestsPerSecond() {
        return seconds <= 0 ? 0 : okResponses / seconds;
    }
}
