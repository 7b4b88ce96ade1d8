package dev.loopline.server.internal.forms;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The temporary files of one form. Closed when the request ends (or the parse fails): every file it made is deleted,
 * and a file asked for after that is refused, so that a parse still running when its request ended leaves nothing.
 */
public final class FormStorage implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger("dev.loopline.server");

    private final Path directory;
    private final List<Path> files = new ArrayList<>(); // guarded by this
    private boolean closed;                              // guarded by this

    FormStorage(Path directory) {
        this.directory = directory;
    }

    /** A new empty file, readable and writable by this process's user only. */
    synchronized Path create() throws IOException {
        ensureOpen();
        Path file = Files.createTempFile(directory, "loopline-form-", ".part");
        files.add(file);
        return file;
    }

    /** Fails once the request has ended: the parse of a request nobody waits for stops. */
    synchronized void ensureOpen() {
        if (closed) {
            throw new CancellationException("the request has ended: its form is no longer read");
        }
    }

    /** {@code file} has been moved away by the handler: it is its own now. */
    synchronized void forget(Path file) {
        files.remove(file);
    }

    /** Whether the form's files have been deleted. */
    synchronized boolean isClosed() {
        return closed;
    }

    /** Deletes every file still here; idempotent. */
    @Override
    public void close() {
        List<Path> toDelete;
        synchronized (this) {
            closed = true;
            toDelete = new ArrayList<>(files);
            files.clear();
        }
        for (Path file : toDelete) {
            try {
                Files.deleteIfExists(file);
            } catch (IOException e) {
                log.warn("Could not delete the form's temporary file {}", file, e);
            }
        }
    }
}
