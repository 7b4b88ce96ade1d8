package dev.loopline.server;

import dev.loopline.server.internal.forms.StoredPart;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.Optional;

/**
 * One file of a {@link Form}: in memory when it is small, else in a temporary file that is deleted when the request
 * ends. Its methods that touch the disk block: call them from a blocking executor (the continuation of
 * {@link Form#read} runs on one for multipart bodies), never on an event loop.
 */
public final class FormFile {

    private final StoredPart part;

    FormFile(StoredPart part) {
        this.part = part;
    }

    /** The form field's name. */
    public String name() {
        return part.name();
    }

    /**
     * The file name the client gave, exactly as given (it may contain {@code ../}, slashes, anything): show it,
     * never use it as a path. Empty for a file input left empty ({@code filename=""}).
     */
    public String fileName() {
        return part.fileName();
    }

    /** The part's {@code Content-Type} as the client sent it; {@code application/octet-stream} when it sent none. */
    public String contentType() {
        return part.contentType();
    }

    /** The file's size in bytes. */
    public long size() {
        return part.size();
    }

    /** The temporary file holding it, while the request lasts; empty when it is held in memory. */
    public Optional<Path> path() {
        return part.path();
    }

    /** A stream over its bytes. Fails once the request has ended (the file is gone) or after {@link #moveTo}. */
    public InputStream open() throws IOException {
        return part.open();
    }

    /** Its bytes, in one array: for small files. */
    public byte[] bytes() {
        return part.bytes();
    }

    /**
     * Moves it to {@code target} (atomically when on the same file system as the temporary directory), where it stays
     * after the request; an existing {@code target} is an error ({@code FileAlreadyExistsException}).
     */
    public void moveTo(Path target) throws IOException {
        part.moveTo(target);
    }

    @Override
    public String toString() {
        return "FormFile[name=" + part.name() + ", fileName=" + part.fileName() + ", size=" + part.size() + "]";
    }
}
