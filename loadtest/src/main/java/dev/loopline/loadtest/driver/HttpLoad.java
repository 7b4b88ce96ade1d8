package dev.loopline.loadtest.driver;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;
import org.asynchttpclient.AsyncHttpClient;
import org.asynchttpclient.Dsl;
import org.asynchttpclient.Request;

/**
 * The Java load generator on AsyncHttpClient: {@code connections} lanes, closed or open loop (see {@link LoadSpec}).
 * Load runs from {@link #start} to {@link #close}; {@link #measure} takes one window of it, so warm-up and
 * measurement share connections. Latencies go to an HdrHistogram {@link Recorder} in microseconds.
 */
public final class HttpLoad implements RunningLoad {

    private static final long HIGHEST_MICROS = TimeUnit.MINUTES.toMicros(2);

    private final LoadSpec spec;
    private final AsyncHttpClient client;
    private final ScheduledExecutorService scheduler; // paces open-loop lanes and retries after errors
    private final Request request;
    private final List<LoadLane> lanes = new ArrayList<>();
    private final Recorder recorder = new Recorder(HIGHEST_MICROS, 3);
    final LongAdder ok = new LongAdder();
    final LongAdder non200 = new LongAdder();
    final LongAdder errors = new LongAdder();
    volatile boolean stopped;

    private HttpLoad(LoadSpec spec, int ioThreads) {
        this.spec = spec;
        this.client = Dsl.asyncHttpClient(LoadClients.config(spec.connections(), ioThreads, "load"));
        this.scheduler = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "load-pacer");
            thread.setDaemon(true);
            return thread;
        });
        this.request = Dsl.get(spec.url()).build();
    }

    /** Starts the lanes; open-loop lanes are spread evenly over one send interval. */
    public static HttpLoad start(LoadSpec spec, int ioThreads) {
        HttpLoad load = new HttpLoad(spec, ioThreads);
        long now = System.nanoTime();
        long laneIntervalNanos = spec.isOpenLoop()
                ? (long) (1e9 * spec.connections() / spec.requestsPerSecond()) : 0;
        for (int i = 0; i < spec.connections(); i++) {
            long firstSend = now + (spec.isOpenLoop() ? laneIntervalNanos * i / spec.connections() : 0);
            LoadLane lane = new LoadLane(load, laneIntervalNanos, firstSend);
            load.lanes.add(lane);
        }
        load.lanes.forEach(LoadLane::sendNext);
        return load;
    }

    /** Lets the load run for {@code window} and returns what it did in that time. */
    @Override
    public LoadSample measure(Duration window) throws InterruptedException {
        long startNanos = System.nanoTime();
        recorder.getIntervalHistogram(); // drop what was recorded before the window
        long ok0 = ok.sum();
        long non2000 = non200.sum();
        long errors0 = errors.sum();
        TimeUnit.NANOSECONDS.sleep(window.toNanos());
        long endNanos = System.nanoTime();
        for (LoadLane lane : lanes) {
            lane.recordUnsent(endNanos); // an open loop that fell behind owes these; wrk2 would lose them
        }
        Histogram latencies = recorder.getIntervalHistogram();
        double seconds = (endNanos - startNanos) / 1e9;
        return new LoadSample("java", ok.sum() - ok0, non200.sum() - non2000, errors.sum() - errors0, seconds,
                LatencySummary.ofMicros(latencies));
    }

    @Override
    public int connections() {
        return spec.connections();
    }

    @Override
    public long answers() {
        return ok.sum() + non200.sum() + errors.sum();
    }

    void record(long startNanos, long endNanos) {
        long micros = Math.max(0, (endNanos - startNanos) / 1000);
        recorder.recordValue(Math.min(micros, HIGHEST_MICROS));
    }

    AsyncHttpClient client() {
        return client;
    }

    Request request() {
        return request;
    }

    ScheduledExecutorService scheduler() {
        return scheduler;
    }

    /** Stops sending, lets requests in flight finish (up to {@code drain}), and closes every connection. */
    public void close(Duration drain) {
        stopped = true;
        long deadline = System.nanoTime() + drain.toNanos();
        while (lanes.stream().anyMatch(LoadLane::inFlight) && System.nanoTime() < deadline) {
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        scheduler.shutdownNow();
        try {
            client.close();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException("closing the load client", e);
        }
    }

    @Override
    public void close() {
        close(Duration.ofSeconds(5));
    }
}
