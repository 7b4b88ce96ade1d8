package dev.loopline.server.internal.files;

import dev.loopline.server.Body;
import dev.loopline.server.internal.FileBodies;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;

/**
 * Finds the file a request asks for under a root directory, or nothing: a path that is not plain (NUL, control
 * characters, backslashes, colons, empty, {@code .} or {@code ..} segments), a hidden file (unless allowed), anything
 * that resolves outside the root (also through a symbolic link, unless allowed), a directory without its index file,
 * or a file that is not a readable regular file. "Nothing" is a 404 for the client: it cannot tell a forbidden path
 * from a missing one. Its checks stat the file system: run it off the event loop.
 */
final class FileLookup {

    /** A file found, with its attributes at the time it was found. */
    final class Found implements Representation {
        private final Path file;
        private final BasicFileAttributes attributes;

        Found(Path file, BasicFileAttributes attributes) {
            this.file = file;
            this.attributes = attributes;
        }

        @Override
        public String name() {
            return file.getFileName().toString();
        }

        @Override
        public long size() {
            return attributes.size();
        }

        @Override
        public long modifiedMillis() {
            return attributes.lastModifiedTime().toMillis();
        }

        @Override
        public Body body(long start, long length) throws IOException {
            return FileBodies.of(FileChannel.open(file, StandardOpenOption.READ), start, length);
        }

        @Override
        public Representation sibling(String suffix) {
            return FileLookup.this.sibling(this, suffix);
        }
    }

    private final Path root;      // absolute and normalized
    private final Path realRoot;  // with symbolic links resolved
    private final String indexFile;
    private final boolean hiddenFiles;
    private final boolean symlinksOutsideRoot;

    FileLookup(Path root, String indexFile, boolean hiddenFiles, boolean symlinksOutsideRoot) throws IOException {
        this.root = root.toAbsolutePath().normalize();
        this.realRoot = this.root.toRealPath();
        this.indexFile = indexFile;
        this.hiddenFiles = hiddenFiles;
        this.symlinksOutsideRoot = symlinksOutsideRoot;
    }

    /** The file for {@code relative} (a decoded path such as {@code css/site.css}), or null. */
    Found find(String relative) {
        if (!SafePaths.isPlain(relative, hiddenFiles)) {
            return null;
        }
        Path path = relative.isEmpty() ? root : root.resolve(relative).normalize();
        if (!path.startsWith(root)) {
            return null;
        }
        try {
            if (Files.isDirectory(path)) {
                if (indexFile == null) {
                    return null;
                }
                path = path.resolve(indexFile);
            } else if (relative.endsWith("/")) {
                return null; // "file.html/" names a directory, and there is none
            }
            if (!symlinksOutsideRoot && !path.toRealPath().startsWith(realRoot)) {
                return null; // a link (anywhere on the way) out of the root
            }
            BasicFileAttributes attributes = Files.readAttributes(path, BasicFileAttributes.class);
            if (!attributes.isRegularFile() || !Files.isReadable(path)) {
                return null;
            }
            return new Found(path, attributes);
        } catch (IOException | SecurityException missingOrUnreadable) {
            return null;
        }
    }

    /** The file {@code path} itself, trusted (the application named it): null when it is not a readable file. */
    Found exactly(Path path) {
        try {
            BasicFileAttributes attributes = Files.readAttributes(path, BasicFileAttributes.class);
            return attributes.isRegularFile() && Files.isReadable(path) ? new Found(path, attributes) : null;
        } catch (IOException | SecurityException missing) {
            return null;
        }
    }

    /** A sibling of a found file (a precompressed {@code .gz}, say), when it is a readable regular file too. */
    Found sibling(Found found, String suffix) {
        Path sibling = found.file.resolveSibling(found.file.getFileName() + suffix);
        try {
            if (!symlinksOutsideRoot && !sibling.toRealPath().startsWith(realRoot)) {
                return null;
            }
            BasicFileAttributes attributes = Files.readAttributes(sibling, BasicFileAttributes.class,
                    LinkOption.NOFOLLOW_LINKS);
            return attributes.isRegularFile() && Files.isReadable(sibling) ? new Found(sibling, attributes) : null;
        } catch (IOException | SecurityException missing) {
            return null;
        }
    }
}
