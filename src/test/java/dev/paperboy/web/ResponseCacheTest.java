package dev.paperboy.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.paperboy.TestApp;
import dev.paperboy.ingest.ManualClock;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The shared cache of public responses (server.cache-ttl 10 s here): fresh for half the interval, then renewed by
 * the first reader while the others still get the stored response, and never older than the interval. Time is a
 * manual clock, so the test does not depend on how fast the machine is.
 */
class ResponseCacheTest {
    private static final String PATH = "/api/daily_papers?limit=50&date=2025-12-31";
    private static final ManualClock CLOCK = new ManualClock(TestApp.DEMO_NOW);
    private static TestApp app;

    @BeforeAll
    static void start() {
        app = TestApp.create(false, CLOCK, Map.of("search.embed", "false", "server.cache-ttl", "10")).start();
        Fixtures.paper(app, "2512.99401");
    }

    @AfterAll
    static void stop() {
        app.close();
    }

    @Test
    void a_response_is_reused_while_fresh_renewed_by_one_reader_once_stale_and_never_served_past_the_interval() {
        assertThat(app.get(PATH).headers().firstValue("X-Cache")).isEmpty();
        Fixtures.paper(app, "2512.99402");
        CLOCK.advance(Duration.ofSeconds(4));
        var fresh = app.get(PATH);
        assertThat(fresh.headers().firstValue("X-Cache")).contains("hit");
        assertThat(fresh.body()).as("fresh: the stored response").doesNotContain("2512.99402");

        CLOCK.advance(Duration.ofSeconds(2));  // 6 s: stale
        var renewing = app.get(PATH);
        assertThat(renewing.headers().firstValue("X-Cache")).as("the first reader of a stale entry renders it").isEmpty();
        assertThat(renewing.body()).contains("2512.99402");
        var next = app.get(PATH);
        assertThat(next.headers().firstValue("X-Cache")).as("and the readers after it get that render").contains("hit");
        assertThat(next.body()).contains("2512.99402");

        Fixtures.paper(app, "2512.99403");
        CLOCK.advance(Duration.ofSeconds(10));  // the renewed entry is as old as the interval: gone
        var expired = app.get(PATH);
        assertThat(expired.headers().firstValue("X-Cache")).isEmpty();
        assertThat(expired.body()).contains("2512.99403");
    }
}
