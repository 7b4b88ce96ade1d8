package dev.loopline.examples.files;

import dev.loopline.examples.ExampleOptions;
import dev.loopline.examples.RunningExample;
import dev.loopline.examples.streaming.FormEcho;
import dev.loopline.routing.AccessLog;
import dev.loopline.routing.Json;
import dev.loopline.routing.Router;
import dev.loopline.server.Compression;
import dev.loopline.server.FormLimits;
import dev.loopline.server.ServerConfig;
import dev.loopline.server.StaticFiles;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Files and compression: {@code DIR} served at {@code /static/} (types, ETags, 304s, ranges, precompressed siblings,
 * sendfile), a small UI packed in the jar at {@code /}, and compressible JSON at {@code /api/items}; every response
 * compressed as the client asks; the page's upload form posts to {@code /upload} ({@link FormEcho}). Options: {@code --root DIR} (default: the current directory).
 */
public final class FilesService {

    static final Set<String> OPTIONS = Set.of("root");

    /** One item of {@code /api/items}. */
    public record Item(int id, String name, String description, boolean available) {
    }

    private FilesService() {
    }

    public static RunningExample start(ExampleOptions options) {
        options.requireOnly("files", OPTIONS);
        Path root = Path.of(options.option("root").orElse("."));
        ServerConfig config = ServerConfig.builder().host(options.host()).port(options.port()).build();
        return RunningExample.start("files", config, router(root));
    }

    /** The routes over {@code root}. */
    public static Router router(Path root) {
        List<Item> items = items();
        return Router.builder()
                .filter(AccessLog.filter())
                .filter(Compression.filter())
                .get("/static/{*path}", StaticFiles.directory(root)
                        .cacheControl("**.html", "no-cache")
                        .cacheControl("**", "public, max-age=3600")
                        .build())
                .get("/api/items", request -> Json.response(items).completed())
                .post("/upload", new FormEcho(FormLimits.defaults()).handler()) // the page's upload form
                .get("/{*path}", StaticFiles.classpath("files-ui").cacheControl("**", "no-cache").build())
                .build();
    }

    private static List<Item> items() {
        List<Item> items = new ArrayList<>(500);
        for (int i = 1; i <= 500; i++) {
            items.add(new Item(i, "item " + i, "a perfectly ordinary item, number " + i + " of the catalogue",
                    i % 3 != 0));
        }
        return List.copyOf(items);
    }
}
