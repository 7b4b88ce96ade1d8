package dev.loopline.server.internal.files;

import dev.loopline.server.Body;
import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.net.URLConnection;
import java.nio.ByteBuffer;

/**
 * Finds resources under a base in the class path (a web UI packed in the application's jar), with the same path
 * rules as files on disk. A resource is read whole when asked for (they are small); reading a jar blocks: run it off
 * the event loop.
 */
final class ResourceLookup {

    private final ClassLoader loader;
    private final String base;       // "public", no slashes around it
    private final String indexFile;  // or null
    private final boolean hiddenFiles;

    ResourceLookup(ClassLoader loader, String base, String indexFile, boolean hiddenFiles) {
        this.loader = loader;
        this.base = base.replaceAll("^/+|/+$", "");
        this.indexFile = indexFile;
        this.hiddenFiles = hiddenFiles;
    }

    /** The resource for {@code relative}, or null. */
    Representation find(String relative) {
        if (!SafePaths.isPlain(relative, hiddenFiles)) {
            return null;
        }
        boolean directory = relative.isEmpty() || relative.endsWith("/");
        if (directory) {
            return indexFile == null ? null : load(relative + indexFile);
        }
        Representation found = load(relative);
        if (found == null && indexFile != null) {
            found = load(relative + "/" + indexFile); // a directory named without its slash
        }
        return found;
    }

    private Representation load(String relative) {
        String name = base.isEmpty() ? relative : base + "/" + relative;
        URL url = loader.getResource(name);
        if (url == null) {
            return null;
        }
        try {
            if (url.getProtocol().equals("file") && java.nio.file.Files.isDirectory(java.nio.file.Path.of(url.toURI()))) {
                return null; // a directory in an exploded class path
            }
            URLConnection connection = url.openConnection();
            connection.setUseCaches(false); // a cached JarURLConnection keeps its jar open
            byte[] bytes;
            try (InputStream in = connection.getInputStream()) {
                bytes = in.readAllBytes();
            }
            if (bytes.length == 0 && relative.indexOf('.') < 0) {
                return null; // a directory entry of a jar
            }
            return new Resource(name, bytes, connection.getLastModified());
        } catch (IOException | java.net.URISyntaxException notReadable) { // unreadable: not a file to send
            return null;
        }
    }

    /** A resource read into memory. */
    private final class Resource implements Representation {
        private final String name;
        private final byte[] bytes;
        private final long modifiedMillis;

        Resource(String name, byte[] bytes, long modifiedMillis) {
            this.name = name;
            this.bytes = bytes;
            this.modifiedMillis = modifiedMillis;
        }

        @Override
        public String name() {
            return name.substring(name.lastIndexOf('/') + 1);
        }

        @Override
        public long size() {
            return bytes.length;
        }

        @Override
        public long modifiedMillis() {
            return modifiedMillis;
        }

        @Override
        public Body body(long start, long length) {
            return start == 0 && length == bytes.length ? Body.wrap(bytes)
                    : Body.of(ByteBuffer.wrap(bytes, (int) start, (int) length));
        }

        @Override
        public Representation sibling(String suffix) {
            String relative = base.isEmpty() ? name : name.substring(base.length() + 1);
            return load(relative + suffix);
        }
    }
}
