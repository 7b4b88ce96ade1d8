package dev.loopline.routing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.loopline.server.Handler;
import dev.loopline.server.HttpServer;
import dev.loopline.server.StaticFiles;
import dev.loopline.testsupport.RawResponse;
import dev.loopline.testsupport.TestServers;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The README's files route, as written: {@code .get("/static/{*path}", files)}. */
class StaticFilesRouteTest {

    @Test
    void theReadmesFilesRouteServesTheDirectory(@TempDir Path temp) throws Exception {
        Path publicDir = Files.createDirectories(temp.resolve("public"));
        Files.createDirectories(publicDir.resolve("css"));
        Files.writeString(publicDir.resolve("css/site.css"), "body{}");
        Files.writeString(publicDir.resolve("index.html"), "<p>home</p>");
        Files.writeString(temp.resolve("outside.txt"), "secret");
        Handler files = StaticFiles.directory(publicDir).build();
        Router router = Router.builder().get("/static/{*path}", files).build();
        try (HttpServer server = TestServers.start(router)) {
            RawResponse css = Wire.send(server.port(), "GET", "/static/css/site.css");
            assertEquals(200, css.status());
            assertEquals("text/css; charset=utf-8", css.header("Content-Type"));
            assertEquals("body{}", css.bodyText());
            assertEquals("<p>home</p>", Wire.send(server.port(), "GET", "/static/").bodyText());
            assertEquals("<p>home</p>", Wire.send(server.port(), "GET", "/static").bodyText());
            assertEquals(404, Wire.send(server.port(), "GET", "/static/nothing.js").status());
            int outside = Wire.send(server.port(), "GET", "/static/..%2foutside.txt").status();
            assertTrue(outside == 400 || outside == 404, "outside the root: " + outside);
            assertEquals(405, Wire.send(server.port(), "POST", "/static/index.html").status());
        }
    }
}
