package dev.loopline.server.internal.forms;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Optional;

/** One file part of a form: in memory, or in a temporary file of the form's storage. */
public final class StoredPart {

    private final String name;
    private final String fileName;
    private final String contentType;
    private final long size;
    private final byte[] memory; // null when in a file
    private final Path path;     // null when in memory
    private final FormStorage storage;
    private boolean moved;       // guarded by this

    StoredPart(String name, String fileName, String contentType, long size, byte[] memory, Path path,
               FormStorage storage) {
        this.name = name;
        this.fileName = fileName;
        this.contentType = contentType;
        this.size = size;
        this.memory = memory;
        this.path = path;
        this.storage = storage;
    }

    public String name() {
        return name;
    }

    public String fileName() {
        return fileName;
    }

    public String contentType() {
        return contentType;
    }

    public long size() {
        return size;
    }

    public Optional<Path> path() {
        return Optional.ofNullable(path);
    }

    public InputStream open() throws IOException {
        synchronized (this) {
            if (moved) {
                throw new IllegalStateException("file part '" + name + "' has been moved away with moveTo");
            }
        }
        if (memory != null) {
            return new ByteArrayInputStream(memory);
        }
        if (storage.isClosed()) {
            throw new IllegalStateException("file part '" + name + "' is gone: its request has ended");
        }
        return Files.newInputStream(path);
    }

    public byte[] bytes() {
        if (memory != null) {
            return memory.clone();
        }
        if (size > Integer.MAX_VALUE - 8) {
            throw new IllegalStateException("file part '" + name + "' has " + size + " bytes, too many for an array");
        }
        try (InputStream in = open()) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("could not read file part '" + name + "' from " + path, e);
        }
    }

    public synchronized void moveTo(Path target) throws IOException {
        if (moved) {
            throw new IllegalStateException("file part '" + name + "' has been moved already");
        }
        if (memory != null) {
            Files.write(target, memory, StandardOpenOption.CREATE_NEW);
        } else {
            storage.ensureOpen();
            try {
                Files.move(path, target, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException otherFileSystem) {
                Files.move(path, target);
            }
            storage.forget(path);
        }
        moved = true;
    }
}
