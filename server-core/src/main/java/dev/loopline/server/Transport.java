package dev.loopline.server;

/** The socket transport under the event loops. */
public enum Transport {
    /** io_uring if the kernel allows it, else epoll, else NIO. */
    AUTO,
    /** Linux io_uring (native); fails at start when unavailable. */
    IO_URING,
    /** Linux epoll (native); fails at start when unavailable. */
    EPOLL,
    /** Java NIO selectors: works everywhere. */
    NIO
}
