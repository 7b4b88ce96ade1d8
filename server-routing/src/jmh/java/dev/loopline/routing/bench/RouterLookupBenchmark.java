package dev.loopline.routing.bench;

import dev.loopline.routing.RouteMatch;
import dev.loopline.routing.Router;
import dev.loopline.server.Request;
import dev.loopline.server.Response;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Router lookup cost on the GitHub API table (about 200 routes) and on synthetic tables of 10, 100 and 1000
 * routes. {@code handle*} is what the server calls per request (match, parameter map, request view, handler);
 * {@code find*} is the lookup alone, as {@link Router#find} returns it. Run as the module README says.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class RouterLookupBenchmark {

    @Param({"github", "10", "100", "1000"})
    public String table;

    private Router router;
    private Request staticHit;
    private Request oneParamHit;
    private Request twoParamHit;
    private String staticPath;
    private String oneParamPath;
    private String twoParamPath;
    private String missPath;

    @Setup
    public void setUp() {
        RouteTables.Table routes = RouteTables.named(table);
        router = routes.router();
        staticPath = routes.staticPath();
        oneParamPath = routes.oneParamPath();
        twoParamPath = routes.twoParamPath();
        missPath = routes.missPath();
        staticHit = Request.builder("GET", staticPath).build();
        oneParamHit = Request.builder("GET", oneParamPath).build();
        twoParamHit = Request.builder("GET", twoParamPath).build();
        for (String path : new String[] {staticPath, oneParamPath, twoParamPath}) {
            if (router.find("GET", path).isEmpty()) {
                throw new IllegalStateException("table " + table + " has no route for " + path);
            }
        }
        if (router.find("GET", missPath).isPresent()) {
            throw new IllegalStateException("table " + table + " should have no route for " + missPath);
        }
    }

    @Benchmark
    public CompletionStage<Response> handleStatic() {
        return router.handle(staticHit);
    }

    @Benchmark
    public CompletionStage<Response> handleOneParam() {
        return router.handle(oneParamHit);
    }

    @Benchmark
    public CompletionStage<Response> handleTwoParams() {
        return router.handle(twoParamHit);
    }

    @Benchmark
    public Optional<RouteMatch> findStatic() {
        return router.find("GET", staticPath);
    }

    @Benchmark
    public Optional<RouteMatch> findTwoParams() {
        return router.find("GET", twoParamPath);
    }

    @Benchmark
    public Optional<RouteMatch> findMiss() {
        return router.find("GET", missPath);
    }
}
