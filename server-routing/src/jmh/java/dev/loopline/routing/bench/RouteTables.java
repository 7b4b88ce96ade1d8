package dev.loopline.routing.bench;

import dev.loopline.routing.Router;
import dev.loopline.routing.RouterBuilder;
import dev.loopline.server.Handler;
import dev.loopline.server.Response;
import java.util.concurrent.CompletionStage;

/** The route tables the benchmark looks up in, each with one path per kind of lookup. */
final class RouteTables {

    /** The handler every route shares: returns the same completed stage, so it allocates nothing. */
    static final CompletionStage<Response> OK = Response.text("ok").completed();
    static final Handler HANDLER = request -> OK;

    /** A built router and the paths looked up in it. */
    record Table(Router router, int routeCount, String staticPath, String oneParamPath, String twoParamPath,
                 String missPath) {
    }

    private RouteTables() {
    }

    /** {@code github}, or a number of routes for a synthetic table of resources. */
    static Table named(String name) {
        return name.equals("github") ? github() : synthetic(Integer.parseInt(name));
    }

    static Table github() {
        RouterBuilder builder = Router.builder();
        for (String route : GithubApi.ROUTES) {
            int space = route.indexOf(' ');
            builder.route(route.substring(0, space), route.substring(space + 1), HANDLER);
        }
        return new Table(builder.build(), GithubApi.ROUTES.size(), "/user/subscriptions", "/users/octocat/starred",
                "/repos/julienschmidt/httprouter/stargazers", "/repos/julienschmidt/httprouter/no-such-thing");
    }

    /**
     * {@code routeCount} routes over resources {@code /api/res<i>}, each with a static, a one-parameter and a
     * two-parameter route; lookups go to the last resource, the worst case for a router that scans a list.
     */
    static Table synthetic(int routeCount) {
        RouterBuilder builder = Router.builder();
        int registered = 0;
        int resource = 0;
        for (; registered < routeCount; resource++) {
            String base = "/api/res" + resource;
            String[] patterns = {base, base + "/{id}", base + "/{id}/items/{itemId}"};
            for (int i = 0; i < patterns.length && registered < routeCount; i++, registered++) {
                builder.get(patterns[i], HANDLER);
            }
        }
        String last = "/api/res" + (routeCount / 3 - 1);
        return new Table(builder.build(), registered, last, last + "/42", last + "/42/items/7",
                last + "/42/nothing");
    }
}
