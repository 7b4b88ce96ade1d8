package dev.loopline.loadtest.servers;

/** A bench server that listens; {@link #close()} stops it and returns when it has stopped. */
public interface RunningServer extends AutoCloseable {

    int port();

    /** One line for the report: transport, threads, anything that tells this server's setup apart. */
    String details();

    @Override
    void close();
}
