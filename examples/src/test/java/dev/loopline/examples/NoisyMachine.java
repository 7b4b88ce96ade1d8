package dev.loopline.examples;

import dev.loopline.server.ServerConfig;
import java.time.Duration;

/**
 * The examples' tests run on shared 2-core machines where the OS can leave a loop thread unscheduled for more
 * than 100 ms with no blocking code at all (seen: a loop "blocked" in its idle io_uring wait). The loop guard
 * in these tests therefore catches only gross blocks; where a test must prove work ran off the loop, it checks
 * the thread's name instead.
 */
public final class NoisyMachine {

    public static final Duration LOOP_GUARD_THRESHOLD = Duration.ofSeconds(1);

    private NoisyMachine() {
    }

    public static ServerConfig.Builder tolerant(ServerConfig.Builder config) {
        return config.loopGuardThreshold(LOOP_GUARD_THRESHOLD);
    }
}
