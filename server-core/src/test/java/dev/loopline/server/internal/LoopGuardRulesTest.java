package dev.loopline.server.internal;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** A loop caught idle in its I/O wait is starved of CPU, not blocked by a task: no episode for it. */
class LoopGuardRulesTest {

    private static StackTraceElement frame(String type, String method) {
        return new StackTraceElement(type, method, null, -1);
    }

    @Test
    void recognisesEachTransportsIdleWait() {
        assertTrue(LoopGuard.isWaitingForIo(new StackTraceElement[] {
            frame("io.netty.channel.uring.Native", "ioUringEnter"),
            frame("io.netty.channel.uring.IoUringIoHandler", "run")}));
        assertTrue(LoopGuard.isWaitingForIo(new StackTraceElement[] {
            frame("io.netty.channel.epoll.Native", "epollWait0"),
            frame("io.netty.channel.epoll.Native", "epollWait")}));
        assertTrue(LoopGuard.isWaitingForIo(new StackTraceElement[] {
            frame("sun.nio.ch.EPoll", "wait"), frame("sun.nio.ch.EPollSelectorImpl", "doSelect")}));
    }

    @Test
    void aHandlerThatSleepsIsBlocking() {
        assertFalse(LoopGuard.isWaitingForIo(new StackTraceElement[] {
            frame("java.lang.Thread", "sleep"), frame("com.example.Handlers", "slow"),
            frame("dev.loopline.server.internal.ResponseQueue", "invoke")}));
        assertFalse(LoopGuard.isWaitingForIo(new StackTraceElement[0]));
    }
}
