package dev.loopline.server.internal;

import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import dev.loopline.server.Request;
import org.junit.jupiter.api.Test;

/** Which request the loop guard names: the innermost handler running, and after it returns, the one around it. */
class LoopMonitorTest {

    private static DefaultRequest request(String path) {
        return (DefaultRequest) Request.builder("GET", path).build();
    }

    @Test
    void aNestedHandlerDoesNotClearTheRequestAroundIt() {
        LoopMonitor monitor = new LoopMonitor(null);
        DefaultRequest outer = request("/outer");
        DefaultRequest inner = request("/inner");

        monitor.enter(outer);
        monitor.enter(inner); // a handler run on the loop while another is still running (completed synchronously)
        assertSame(inner, monitor.currentRequest());
        monitor.exit();
        assertSame(outer, monitor.currentRequest(), "the outer handler is still running and may block the loop");
        monitor.exit();
        assertNull(monitor.currentRequest());
    }

    @Test
    void nestingDeeperThanTheInitialCapacityStillUnwindsInOrder() {
        LoopMonitor monitor = new LoopMonitor(null);
        DefaultRequest[] requests = new DefaultRequest[10];
        for (int i = 0; i < requests.length; i++) {
            requests[i] = request("/" + i);
            monitor.enter(requests[i]);
        }
        for (int i = requests.length - 1; i >= 0; i--) {
            assertSame(requests[i], monitor.currentRequest());
            monitor.exit();
        }
        assertNull(monitor.currentRequest());
    }
}
