package dev.loopline.routing.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** The benchmark's tables build without conflicts and its paths hit the routes they are meant to. */
class RouteTablesTest {

    @Test
    void githubTableBuildsAndItsLookupsHitTheIntendedRoutes() {
        RouteTables.Table github = RouteTables.github();

        assertTrue(github.routeCount() >= 200, "routes: " + github.routeCount());
        assertEquals(github.routeCount(), github.router().routes().size());
        assertEquals("/user/subscriptions", patternOf(github, github.staticPath()));
        assertEquals("/users/{user}/starred", patternOf(github, github.oneParamPath()));
        assertEquals(Map.of("owner", "julienschmidt", "repo", "httprouter"),
                github.router().find("GET", github.twoParamPath()).orElseThrow().pathParams());
        assertTrue(github.router().find("GET", github.missPath()).isEmpty());
    }

    @Test
    void syntheticTablesHaveTheirSizeAndTheirLookupsHit() {
        for (int size : new int[] {10, 100, 1000}) {
            RouteTables.Table table = RouteTables.synthetic(size);

            assertEquals(size, table.router().routes().size());
            assertEquals("/api/res{n}".replace("{n}", Integer.toString(size / 3 - 1)), patternOf(table,
                    table.staticPath()));
            assertEquals(Map.of("id", "42", "itemId", "7"),
                    table.router().find("GET", table.twoParamPath()).orElseThrow().pathParams());
            assertTrue(table.router().find("GET", table.missPath()).isEmpty());
        }
    }

    private static String patternOf(RouteTables.Table table, String path) {
        return table.router().find("GET", path).orElseThrow().route().pattern();
    }
}
