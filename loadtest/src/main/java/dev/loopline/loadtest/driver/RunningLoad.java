package dev.loopline.loadtest.driver;

import java.time.Duration;

/** Load that keeps running until closed; each {@link #measure} call is one window of it. */
public interface RunningLoad extends AutoCloseable {

    LoadSample measure(Duration window) throws InterruptedException;

    /** Connections (lanes) of this load. */
    int connections();

    /** Answers (and failures) so far, warm-up included: once it reaches {@link #connections()}, all are open. */
    long answers();

    @Override
    void close();
}
