package com.example.bookmarks;

import dev.loopline.routing.Json;
import dev.loopline.routing.Metrics;
import dev.loopline.routing.Params;
import dev.loopline.routing.Router;
import dev.loopline.server.HttpStatusException;
import dev.loopline.server.Request;
import dev.loopline.server.Response;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.asynchttpclient.AsyncHttpClient;

/**
 * Bookmarks in memory: create, read, and check that a bookmark's URL still answers. Every handler is cheap or
 * asynchronous (the check waits on AsyncHttpClient, not on a thread), so all of them run on the event loop.
 */
public final class BookmarkService {

    private final Map<Long, Bookmark> bookmarks = new ConcurrentHashMap<>();
    private final AtomicLong ids = new AtomicLong();
    private final AsyncHttpClient client;

    private BookmarkService(AsyncHttpClient client) {
        this.client = client;
    }

    /** The service's routes, timed into {@code registry}; {@code client} makes the reachability checks. */
    public static Router router(AsyncHttpClient client, MeterRegistry registry) {
        BookmarkService service = new BookmarkService(client);
        // Loading Jackson takes over 100 ms: do it here, on the caller's thread, not on an event loop during the
        // first request (where the loop guard caught it).
        Json.mapper();
        return Router.builder()
                .filter(Metrics.filter(registry))
                .post("/bookmarks", service::create)
                .get("/bookmarks/{id}", request -> Json.response(service.find(request)).completed())
                .get("/bookmarks/{id}/check", service::check)
                .build();
    }

    private CompletionStage<Response> create(Request request) {
        NewBookmark input = Json.read(request, NewBookmark.class);
        if (input.url() == null || !(input.url().startsWith("http://") || input.url().startsWith("https://"))) {
            throw new HttpStatusException(422, "field \"url\" must be an http or https URL");
        }
        long id = ids.incrementAndGet();
        Bookmark bookmark = new Bookmark(id, input.url(), input.title() == null ? input.url() : input.title());
        bookmarks.put(id, bookmark);
        return Json.response(201, bookmark).withHeader("Location", "/bookmarks/" + id).completed();
    }

    private CompletionStage<Response> check(Request request) {
        Bookmark bookmark = find(request);
        return client.prepareHead(bookmark.url()).execute().toCompletableFuture()
                .handle((answer, failure) -> Json.response(failure == null
                        ? new Reachability(bookmark.id(), answer.getStatusCode() < 400, answer.getStatusCode())
                        : new Reachability(bookmark.id(), false, 0)));
    }

    private Bookmark find(Request request) {
        long id = Params.pathLong(request, "id");
        Bookmark bookmark = bookmarks.get(id);
        if (bookmark == null) {
            throw new HttpStatusException(404, "no bookmark " + id);
        }
        return bookmark;
    }
}
