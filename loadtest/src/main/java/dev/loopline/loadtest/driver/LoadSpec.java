package dev.loopline.loadtest.driver;

/**
 * One load to run with {@link HttpLoad}.
 *
 * @param url the full URL, on 127.0.0.1
 * @param connections lanes, each with at most one request in flight on its own keep-alive connection
 * @param requestsPerSecond 0 for a closed loop (every lane sends again as soon as it has its answer); otherwise an
 *     open loop at this total rate, latency measured from each request's intended send time
 */
public record LoadSpec(String url, int connections, double requestsPerSecond) {

    public LoadSpec {
        if (connections < 1) {
            throw new IllegalArgumentException("connections must be >= 1 (was " + connections + ")");
        }
        if (requestsPerSecond < 0) {
            throw new IllegalArgumentException("requestsPerSecond must be >= 0 (was " + requestsPerSecond + ")");
        }
    }

    public static LoadSpec closedLoop(String url, int connections) {
        return new LoadSpec(url, connections, 0);
    }

    public static LoadSpec openLoop(String url, int connections, double requestsPerSecond) {
        return new LoadSpec(url, connections, requestsPerSecond);
    }

    public boolean isOpenLoop() {
        return requestsPerSecond > 0;
    }
}
