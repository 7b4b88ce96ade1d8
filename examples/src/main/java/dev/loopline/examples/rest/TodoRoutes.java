package dev.loopline.examples.rest;

import dev.loopline.routing.Json;
import dev.loopline.routing.Params;
import dev.loopline.routing.Routes;
import dev.loopline.server.Handler;
import dev.loopline.server.HttpStatusException;
import dev.loopline.server.Offload;
import dev.loopline.server.Request;
import dev.loopline.server.Response;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.util.Map;
import java.util.concurrent.CompletionStage;

/**
 * The {@code /todos} resource. Every handler is wrapped in {@code Offload.blocking}: JDBC blocks, so parsing,
 * validation and the query all run on a blocking worker, and the event loop only writes the answer.
 */
public final class TodoRoutes {

    public static final int DEFAULT_LIMIT = 20;
    public static final int MAX_LIMIT = 100;

    private final TodoStore store;

    public TodoRoutes(TodoStore store) {
        this.store = store;
    }

    /** Registers the routes on {@code routes} (a router builder or a group) and returns it. */
    public <S extends Routes<S>> S register(S routes) {
        return routes.post("/todos", blocking(this::create))
                .get("/todos", blocking(this::list))
                .get("/todos/{id}", blocking(this::get))
                .put("/todos/{id}", blocking(this::replace))
                .delete("/todos/{id}", blocking(this::delete));
    }

    private Response create(Request request) throws SQLException {
        TodoInput input = Json.read(request, TodoInput.class).validated();
        Todo created = store.create(input);
        return Json.response(201, created).withHeader("Location", "/todos/" + created.id());
    }

    private Response list(Request request) throws SQLException {
        int limit = Params.queryInt(request, "limit", DEFAULT_LIMIT);
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new HttpStatusException(400, "query parameter \"limit\" must be from 1 to " + MAX_LIMIT
                    + ", was " + limit);
        }
        long offset = Params.queryLong(request, "offset", 0);
        if (offset < 0) {
            throw new HttpStatusException(400, "query parameter \"offset\" must not be negative, was " + offset);
        }
        return Json.response(store.list(limit, offset));
    }

    private Response get(Request request) throws SQLException {
        long id = Params.pathLong(request, "id");
        return Json.response(store.find(id).orElseThrow(() -> notFound(id)));
    }

    private Response replace(Request request) throws SQLException {
        long id = Params.pathLong(request, "id");
        TodoInput input = Json.read(request, TodoInput.class).validated();
        return Json.response(store.replace(id, input).orElseThrow(() -> notFound(id)));
    }

    private Response delete(Request request) throws SQLException {
        long id = Params.pathLong(request, "id");
        if (!store.delete(id)) {
            throw notFound(id);
        }
        return Response.empty(204);
    }

    private static HttpStatusException notFound(long id) {
        return new HttpStatusException(404, "no todo with id " + id);
    }

    /** A JDBC handler; its SQLException is a 500 (logged), or a 503 when no connection was free in time. */
    @FunctionalInterface
    interface JdbcHandler {
        Response handle(Request request) throws SQLException;
    }

    private static Handler blocking(JdbcHandler handler) {
        return Offload.blocking(request -> answer(handler, request));
    }

    private static CompletionStage<Response> answer(JdbcHandler handler, Request request) {
        try {
            return handler.handle(request).completed();
        } catch (SQLTransientConnectionException poolExhausted) {
            // Every connection stayed busy for the pool's timeout: the client may retry, so say when.
            throw new HttpStatusException(503, "the database is busy; retry shortly", Map.of("Retry-After", "1"));
        } catch (SQLException e) {
            throw new IllegalStateException("query failed for " + request.method() + " " + request.path(), e);
        }
    }
}
