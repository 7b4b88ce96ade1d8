package dev.loopline.server.internal;

import dev.loopline.server.Transport;
import io.netty.channel.ChannelOption;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.ServerChannel;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollChannelOption;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.uring.IoUring;
import io.netty.channel.uring.IoUringChannelOption;
import io.netty.channel.uring.IoUringIoHandler;
import io.netty.channel.uring.IoUringServerSocketChannel;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;

/** Picks the socket transport: io_uring, then epoll, then NIO, unless the config names one. */
final class Transports {

    /** What the bootstrap needs from a transport. */
    record Choice(Transport transport, IoHandlerFactory ioHandlerFactory,
                  Class<? extends ServerChannel> serverChannel, ChannelOption<Boolean> reusePortOption) {

        boolean supportsReusePort() {
            return reusePortOption != null;
        }
    }

    private Transports() {
    }

    /**
     * Starts {@link #choose} on a thread of its own and returns at once: loading a native transport's library and
     * probing the kernel take some 30 ms, which can run beside the rest of start-up (the allocator's warm-up) on a
     * second core. {@link Detection#get()} waits for the answer.
     */
    static Detection chooseInBackground(Transport wanted) {
        FutureTask<Choice> task = new FutureTask<>(() -> choose(wanted));
        Thread thread = new Thread(task, "loopline-transport-detection");
        thread.setDaemon(true);
        thread.start();
        return new Detection(task);
    }

    /** A transport choice being made on another thread. */
    static final class Detection {
        private final FutureTask<Choice> task;

        private Detection(FutureTask<Choice> task) {
            this.task = task;
        }

        /** The choice, or what {@link #choose} threw (a transport named in the config is unavailable). */
        Choice get() {
            boolean interrupted = false;
            try {
                while (true) {
                    try {
                        return task.get();
                    } catch (InterruptedException e) {
                        interrupted = true; // start-up finishes first, as it did when it all ran on one thread
                    }
                }
            } catch (ExecutionException e) {
                Throwable cause = e.getCause();
                if (cause instanceof RuntimeException) {
                    throw (RuntimeException) cause;
                }
                if (cause instanceof Error) {
                    throw (Error) cause;
                }
                throw new IllegalStateException("choosing the transport failed", cause);
            } finally {
                if (interrupted) {
                    Thread.currentThread().interrupt();
                }
            }
        }
    }

    static Choice choose(Transport wanted) {
        switch (wanted) {
            case IO_URING:
                if (!ioUringAvailable()) {
                    throw new IllegalStateException("transport IO_URING is unavailable here: " + IoUring.unavailabilityCause());
                }
                return ioUring();
            case EPOLL:
                if (!Epoll.isAvailable()) {
                    throw new IllegalStateException("transport EPOLL is unavailable here: " + Epoll.unavailabilityCause());
                }
                return epoll();
            case NIO:
                return nio();
            default:
                if (ioUringAvailable()) {
                    return ioUring();
                }
                return Epoll.isAvailable() ? epoll() : nio();
        }
    }

    private static boolean ioUringAvailable() {
        try {
            return IoUring.isAvailable();
        } catch (LinkageError unavailable) { // native library for another platform
            return false;
        }
    }

    private static Choice ioUring() {
        return new Choice(Transport.IO_URING, IoUringIoHandler.newFactory(), IoUringServerSocketChannel.class,
                IoUringChannelOption.SO_REUSEPORT);
    }

    private static Choice epoll() {
        return new Choice(Transport.EPOLL, EpollIoHandler.newFactory(), EpollServerSocketChannel.class,
                EpollChannelOption.SO_REUSEPORT);
    }

    private static Choice nio() {
        return new Choice(Transport.NIO, NioIoHandler.newFactory(), NioServerSocketChannel.class, null);
    }
}
