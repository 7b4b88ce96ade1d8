package dev.loopline.server;

import dev.loopline.server.internal.files.StaticFilesHandler;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;

/**
 * Files as responses: a whole directory behind a route, resources of the class path (a web UI in the application's
 * jar), or one file.
 *
 * <pre>{@code
 * router.get("/static/{*path}", StaticFiles.directory(Path.of("public"))
 *         .cacheControl("assets/**", "public, max-age=31536000, immutable")
 *         .build());
 * }</pre>
 *
 * <p>What the handler does, per RFC 9110: {@code Content-Type} from the file's extension (text types with
 * {@code charset=utf-8}); {@code index.html} for a directory; a strong {@code ETag} (from size and modification
 * time) and {@code Last-Modified}; {@code If-None-Match} and {@code If-Modified-Since} answered 304,
 * {@code If-Match} and {@code If-Unmodified-Since} 412; one byte {@code Range} answered 206 with
 * {@code Content-Range} (also under {@code If-Range}), an unsatisfiable one 416, several ranges the whole file (a
 * single-range policy, which the RFC allows); {@code Accept-Ranges: bytes}; a precompressed sibling ({@code app.js.br},
 * {@code .zst}, {@code .gz}) when the client accepts its coding, with {@code Vary: Accept-Encoding}. On a cleartext
 * HTTP/1.1 connection the bytes go out with {@code sendfile}, without a copy through the JVM; files are found and
 * opened on the blocking executor, never on an event loop.
 *
 * <p>What it refuses, always with 404 (a client cannot tell a forbidden file from a missing one, and never gets a
 * 500): any path that would leave the root ({@code ..}, encoded or not, absolute paths, a symbolic link that points
 * outside, unless allowed), NUL and control characters, backslashes and colons (Windows separators and drives),
 * hidden files (a segment starting with {@code .}, unless allowed), directories without their index file. Methods
 * other than GET and HEAD: 405.
 */
public final class StaticFiles {

    private StaticFiles() {
    }

    /**
     * A handler for the files under {@code root}. Behind a route, the file is the value of the route's path parameter
     * {@code path} (see {@link Builder#pathParameter}); mounted without a router, the request's whole path.
     */
    public static Builder directory(Path root) {
        return new Builder(Objects.requireNonNull(root, "root"), null);
    }

    /** A handler for the resources under {@code base} in the class path (say {@code "public"} in the jar). */
    public static Builder classpath(String base) {
        return new Builder(null, Objects.requireNonNull(base, "base"));
    }

    /**
     * Answers {@code request} with one file that the application names (not a client): validators, preconditions
     * and ranges as for a directory, no precompressed siblings; 404 when it is not a readable file.
     */
    public static CompletionStage<Response> file(Request request, Path file) {
        return StaticFilesHandler.file(request, Objects.requireNonNull(file, "file"));
    }

    /** Options of a static-files handler; {@link #build()} makes it. */
    public static final class Builder {
        private final Path root;     // or null for the class path
        private final String base;   // or null for a directory
        private String indexFile = "index.html";
        private boolean hiddenFiles;
        private boolean symlinksOutsideRoot;
        private boolean etags = true;
        private boolean precompressed = true;
        private String pathParameter = "path";
        private final List<PathMatcher> cacheMatchers = new ArrayList<>();
        private final List<String> cacheValues = new ArrayList<>();

        private Builder(Path root, String base) {
            this.root = root;
            this.base = base;
        }

        /** The file served for a directory (default {@code index.html}); null serves none (404). */
        public Builder indexFile(String name) {
            if (name != null && (name.isEmpty() || name.contains("/"))) {
                throw new IllegalArgumentException("indexFile must be a plain file name (was \"" + name + "\")");
            }
            indexFile = name;
            return this;
        }

        /** Whether files and directories whose name starts with {@code .} are served (default false: 404). */
        public Builder hiddenFiles(boolean serve) {
            hiddenFiles = serve;
            return this;
        }

        /** Whether a symbolic link may lead outside the root (default false: 404). Directories only. */
        public Builder symlinksOutsideRoot(boolean follow) {
            symlinksOutsideRoot = follow;
            return this;
        }

        /** Whether responses carry an {@code ETag} (default true); {@code Last-Modified} is always sent. */
        public Builder etags(boolean send) {
            etags = send;
            return this;
        }

        /** Whether precompressed siblings ({@code .br}, {@code .zst}, {@code .gz}) are served (default true). */
        public Builder precompressed(boolean serve) {
            precompressed = serve;
            return this;
        }

        /** The route parameter that holds the file's path (default {@code path}, as in {@code /static/{*path}}). */
        public Builder pathParameter(String name) {
            pathParameter = Objects.requireNonNull(name, "name");
            return this;
        }

        /**
         * {@code Cache-Control: value} for the files whose path (relative to the root) matches {@code glob} (the
         * syntax of {@link java.nio.file.FileSystem#getPathMatcher}, e.g. {@code assets/**} or {@code *.html}); the
         * first matching rule wins; files that match none get no {@code Cache-Control}.
         */
        public Builder cacheControl(String glob, String value) {
            Objects.requireNonNull(value, "value");
            Response.empty(200).withHeader("Cache-Control", value); // a bad value fails here, not per request
            cacheMatchers.add(FileSystems.getDefault().getPathMatcher("glob:" + Objects.requireNonNull(glob, "glob")));
            cacheValues.add(value);
            return this;
        }

        /**
         * The handler.
         *
         * @throws IllegalArgumentException when the root is not a readable directory
         */
        public Handler build() {
            List<PathMatcher> matchers = List.copyOf(cacheMatchers);
            List<String> values = List.copyOf(cacheValues);
            Function<String, String> cacheControl = relative -> {
                Path path = Path.of(relative.isEmpty() ? "." : relative);
                for (int i = 0; i < matchers.size(); i++) {
                    if (matchers.get(i).matches(path)) {
                        return values.get(i);
                    }
                }
                return null;
            };
            if (base != null) {
                return StaticFilesHandler.classpath(Thread.currentThread().getContextClassLoader() != null
                                ? Thread.currentThread().getContextClassLoader() : StaticFiles.class.getClassLoader(),
                        base, indexFile, hiddenFiles, cacheControl, etags, precompressed, pathParameter);
            }
            if (!Files.isDirectory(root) || !Files.isReadable(root)) {
                throw new IllegalArgumentException("static files root " + root.toAbsolutePath()
                        + " is not a readable directory");
            }
            return StaticFilesHandler.directory(root, indexFile, hiddenFiles, symlinksOutsideRoot, cacheControl, etags,
                    precompressed, pathParameter);
        }
    }
}
