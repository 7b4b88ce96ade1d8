package dev.loopline.server.internal.files;

import dev.loopline.server.Handler;
import dev.loopline.server.HttpStatusException;
import dev.loopline.server.Offload;
import dev.loopline.server.Request;
import dev.loopline.server.RequestPath;
import dev.loopline.server.Response;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;

/**
 * Serves the files under a root, or the resources under a class-path base: finds, checks and opens them on the
 * blocking executor (file system calls block), and answers with {@link FileResponder}. The file comes from the
 * route's path parameter (a tail wildcard such as {@code /static/{*path}}), or, mounted without a router, from the
 * whole request path.
 */
public final class StaticFilesHandler implements Handler {

    private final Function<String, Representation> lookup;
    private final FileResponder responder;
    private final String pathParameter;
    private final Handler offloaded = Offload.blocking(this::serve);

    StaticFilesHandler(Function<String, Representation> lookup, FileResponder responder, String pathParameter) {
        this.lookup = lookup;
        this.responder = responder;
        this.pathParameter = pathParameter;
    }

    /** A handler for the files under a directory. */
    public static Handler directory(java.nio.file.Path root, String indexFile, boolean hiddenFiles,
                                    boolean symlinksOutsideRoot, Function<String, String> cacheControl,
                                    boolean etags, boolean precompressed, String pathParameter) {
        FileLookup files;
        try {
            files = new FileLookup(root, indexFile, hiddenFiles, symlinksOutsideRoot);
        } catch (IOException e) {
            throw new UncheckedIOException("static files root " + root + " cannot be read: " + e.getMessage(), e);
        }
        return new StaticFilesHandler(files::find, new FileResponder(cacheControl, etags, precompressed),
                pathParameter);
    }

    /** A handler for the resources under a base in the class path. */
    public static Handler classpath(ClassLoader loader, String base, String indexFile, boolean hiddenFiles,
                                    Function<String, String> cacheControl, boolean etags, boolean precompressed,
                                    String pathParameter) {
        ResourceLookup resources = new ResourceLookup(loader, base, indexFile, hiddenFiles);
        return new StaticFilesHandler(resources::find, new FileResponder(cacheControl, etags, precompressed),
                pathParameter);
    }

    /** One file, with the same preconditions and ranges (for {@code StaticFiles.file}); the caller trusts the path. */
    public static CompletionStage<Response> file(Request request, java.nio.file.Path file) {
        java.nio.file.Path absolute = file.toAbsolutePath();
        FileLookup single;
        try {
            single = new FileLookup(absolute.getParent(), null, true, true);
        } catch (IOException missingDirectory) {
            return Response.problem(404, "no such file").completed();
        }
        StaticFilesHandler handler = new StaticFilesHandler(relative -> single.exactly(absolute),
                new FileResponder(relative -> null, true, false), null);
        return handler.handle(request);
    }

    @Override
    public CompletionStage<Response> handle(Request request) {
        if (!request.method().equals("GET") && !request.method().equals("HEAD")) {
            return Response.problem(405, "method " + request.method() + " is not allowed for a file; allowed: GET, "
                    + "HEAD").withHeader("Allow", "GET, HEAD").completed();
        }
        return offloaded.handle(request);
    }

    private CompletionStage<Response> serve(Request request) {
        String relative = relativePath(request);
        Representation found = lookup.apply(relative);
        if (found == null) {
            throw new HttpStatusException(404, "no file at " + echo(request.path()));
        }
        try {
            return responder.respond(request, relative, found).completed();
        } catch (IOException unreadable) { // gone or unreadable between the check and the open
            throw new HttpStatusException(404, "no file at " + echo(request.path()));
        }
    }

    private String relativePath(Request request) {
        Map<String, String> params = request.pathParams();
        if (pathParameter != null && params.containsKey(pathParameter)) {
            return params.get(pathParameter);
        }
        String path = request.path();
        try {
            return RequestPath.decode(path.startsWith("/") ? path.substring(1) : path);
        } catch (HttpStatusException undecodable) {
            return "\0"; // never a plain path: a 404
        }
    }

    private static String echo(String path) {
        return path.length() <= 200 ? path : path.substring(0, 200) + "...";
    }
}
