package dev.paperboy.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.paperboy.TestApp;
import dev.paperboy.community.Role;
import dev.paperboy.community.User;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** One member cannot flood a discussion: writes are rate-limited, size-capped, and long discussions come in pages. */
class CommentLimitsTest {
    private static final String PAPER = "2512.99401";
    private static final String LONG_PAPER = "2512.99402";
    private static final Pattern THREAD = Pattern.compile("<div class=\"thread\">");

    private static TestApp app;

    @BeforeAll
    static void start() {
        app = TestApp.withDemo(Map.of("search.embed", "false", "ratelimit.comment", "3/10m")).start();
        Fixtures.paper(app, PAPER);
        Fixtures.paper(app, LONG_PAPER);
        for (String name : new String[] {"flooder", "calm", "capped", "talker"}) {
            Fixtures.member(app, name + "@example.org", name, Role.MEMBER);
        }
    }

    @AfterAll
    static void stop() {
        app.close();
    }

    @Test
    void a_member_posting_comments_in_a_burst_is_stopped_with_429_by_form_and_api() {
        var flooder = Fixtures.loggedIn(app, null, "flooder@example.org");
        for (int i = 1; i <= 3; i++) {
            assertThat(flooder.postForm("/papers/" + PAPER + "/comments", Map.of("text", "Comment " + i)).statusCode()).isEqualTo(303);
        }

        var form = flooder.postForm("/papers/" + PAPER + "/comments", Map.of("text", "Comment 4"));
        var api = flooder.json("POST", "/api/papers/" + PAPER + "/comments", "{\"text\": \"Comment 5\"}", flooder.csrf());

        assertThat(form.statusCode()).isEqualTo(429);
        assertThat(form.headers().firstValue("Retry-After")).isPresent();
        assertThat(form.body()).contains("Too many comment attempts");
        assertThat(api.statusCode()).isEqualTo(429);
        assertThat(DbState.count(app, "SELECT COUNT(*) FROM comments c JOIN users u ON u.id = c.user_id WHERE u.email = ?",
                "flooder@example.org")).isEqualTo(3);
        // Another member is not held back by it.
        var calm = Fixtures.loggedIn(app, null, "calm@example.org");
        assertThat(calm.postForm("/papers/" + PAPER + "/comments", Map.of("text", "My one comment")).statusCode()).isEqualTo(303);
    }

    @Test
    void a_comment_over_ten_thousand_characters_is_a_clear_400_and_stores_nothing() {
        var capped = Fixtures.loggedIn(app, null, "capped@example.org");

        var response = capped.postForm("/papers/" + PAPER + "/comments", Map.of("text", "x".repeat(10_001)));

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.body()).contains("at most 10,000 characters");
        assertThat(DbState.count(app, "SELECT COUNT(*) FROM comments WHERE LENGTH(body) > 10000")).isZero();
    }

    @Test
    void a_long_discussion_is_shown_fifty_threads_a_page_with_links_between_pages() throws Exception {
        User talker = app.app().community().accounts().byEmail("talker@example.org").orElseThrow();
        for (int i = 1; i <= 60; i++) {
            app.app().community().comments().add(talker, LONG_PAPER, "Thread number " + i + ".", null);
        }

        var first = app.get("/papers/" + LONG_PAPER);
        var second = app.get("/papers/" + LONG_PAPER + "?comments=2");
        var api = app.get("/api/papers/" + LONG_PAPER + "/comments");
        var apiNext = app.get("/api/papers/" + LONG_PAPER + "/comments?p=1");

        assertThat(THREAD.matcher(first.body()).results().count()).isEqualTo(50);
        assertThat(first.body()).contains("?comments=2#comments");
        assertThat(THREAD.matcher(second.body()).results().count()).isEqualTo(10);
        assertThat(second.body()).contains("?comments=1#comments");
        // Every thread is on exactly one page (written in the same instant, they are ordered by id).
        var numbers = Pattern.compile("Thread number (\\d+)\\.");
        var onFirst = numbers.matcher(first.body()).results().map(m -> m.group(1)).toList();
        var onSecond = numbers.matcher(second.body()).results().map(m -> m.group(1)).toList();
        assertThat(onFirst).hasSize(50).doesNotContainAnyElementsOf(onSecond);
        assertThat(new java.util.HashSet<>(onFirst.size() + onSecond.size() == 60 ? onFirst : java.util.List.of()))
                .hasSize(50);
        assertThat(onSecond).hasSize(10);
        var json = new ObjectMapper();
        assertThat(json.readTree(api.body()).size()).isEqualTo(50);
        assertThat(api.headers().firstValue("Link")).contains("</api/papers/" + LONG_PAPER + "/comments?p=1&limit=50>; rel=\"next\"");
        assertThat(json.readTree(apiNext.body()).size()).isEqualTo(10);
        assertThat(apiNext.headers().firstValue("Link")).isEmpty();
        assertThat(app.get("/papers/" + LONG_PAPER + "?comments=x").statusCode()).isEqualTo(400);
    }
}
