package dev.paperboy.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.paperboy.TestApp;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The shared cache of public responses: reused within {@code server.cache-ttl}, rendered anew after it. */
class ResponseCacheTest {
    private static TestApp app;

    @BeforeAll
    static void start() {
        app = TestApp.create(false, TestApp.DEMO_NOW, Map.of("search.embed", "false", "server.cache-ttl", "1")).start();
        Fixtures.paper(app, "2512.99401");
    }

    @AfterAll
    static void stop() {
        app.close();
    }

    @Test
    void a_response_is_reused_within_the_interval_and_rendered_anew_with_fresh_content_after_it() throws Exception {
        String path = "/api/daily_papers?limit=50&date=2025-12-31";
        assertThat(app.get(path).headers().firstValue("X-Cache")).isEmpty();
        var hit = app.get(path);
        assertThat(hit.headers().firstValue("X-Cache")).contains("hit");
        assertThat(hit.body()).doesNotContain("2512.99402");

        Fixtures.paper(app, "2512.99402");
        assertThat(app.get(path).body()).as("within the interval, the stored response").doesNotContain("2512.99402");

        Thread.sleep(1_100);  // past the interval (a longer pause, on a loaded machine, drops the entry: also a render)
        var renewed = app.get(path);
        assertThat(renewed.headers().firstValue("X-Cache")).as("the first reader after the interval renders").isEmpty();
        assertThat(renewed.body()).contains("2512.99402");
        var next = app.get(path);
        assertThat(next.headers().firstValue("X-Cache")).as("and its render is what the next readers get").contains("hit");
        assertThat(next.body()).contains("2512.99402");
    }
}
