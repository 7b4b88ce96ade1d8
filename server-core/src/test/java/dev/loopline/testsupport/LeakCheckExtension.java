package dev.loopline.testsupport;

import static org.junit.jupiter.api.Assertions.fail;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.buffer.UnpooledByteBufAllocator;
import io.netty.util.ResourceLeakDetector;
import java.util.List;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Fails a test class when Netty's leak detector reported a leak while it ran. Registered for every test class
 * through JUnit's extension auto-detection (META-INF/services); leaks are found by garbage-collecting and then
 * allocating, which makes the detector report what the collector found.
 */
public final class LeakCheckExtension implements BeforeAllCallback, AfterAllCallback {

    @Override
    public void beforeAll(ExtensionContext context) {
        if (ResourceLeakDetector.getLevel() != ResourceLeakDetector.Level.PARANOID) {
            fail("tests must run with -Dio.netty.leakDetection.level=paranoid (see the parent pom), not "
                    + ResourceLeakDetector.getLevel());
        }
    }

    @Override
    public void afterAll(ExtensionContext context) throws InterruptedException {
        for (int round = 0; round < 4; round++) {
            System.gc();
            Thread.sleep(25);
            provokeReport(ByteBufAllocator.DEFAULT);
            provokeReport(PooledByteBufAllocator.DEFAULT);
            provokeReport(UnpooledByteBufAllocator.DEFAULT);
        }
        List<String> leaks = RecordingLeakDetector.drain();
        if (!leaks.isEmpty()) {
            fail(leaks.size() + " Netty buffer leak(s) reported during " + context.getDisplayName()
                    + " (or a test class before it):\n" + String.join("\n\n", leaks));
        }
    }

    private static void provokeReport(ByteBufAllocator allocator) {
        ByteBuf direct = allocator.directBuffer(8);
        ByteBuf heap = allocator.heapBuffer(8);
        direct.release();
        heap.release();
    }
}
