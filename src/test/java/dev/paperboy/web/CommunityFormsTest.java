package dev.paperboy.web;

import static dev.paperboy.web.CommunityFixtures.json;
import static dev.paperboy.web.CommunityFixtures.storedCount;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.paperboy.TestApp;
import dev.paperboy.community.Role;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The browser side of the same writes: plain form POSTs that return to where they came from, and the upvote and
 * save buttons answering {@code fetch} (Accept: application/json) with JSON so the page updates in place.
 */
class CommunityFormsTest {
    private static final Instant NOW = Instant.parse("2026-01-10T12:00:00Z");

    private static TestApp app;
    private static Member alice;
    private static Member bob;

    @BeforeAll
    static void start() {
        app = TestApp.create(false, NOW, Map.of("ratelimit.login", "1000/1m"));
        for (int i = 1; i <= 12; i++) {
            CommunityFixtures.paperInFeed(app, String.format("2601.%05d", i), 2, NOW.minusSeconds(3600L * i));
        }
        app.start();
        alice = Member.signedIn(app, "alice@example.org", Role.MEMBER);
        bob = Member.signedIn(app, "bob@example.org", Role.MEMBER);
    }

    @AfterAll
    static void stop() {
        app.close();
    }

    @Test
    void the_upvote_button_toggles_the_vote_and_returns_to_the_page_it_was_pressed_on() {
        var on = alice.postForm("/papers/2601.00001/upvote", Map.of("next", "/papers/date/2026-01-10?category=cs.LG"));

        assertThat(on.statusCode()).isEqualTo(303);
        assertThat(on.headers().firstValue("Location")).hasValue("/papers/date/2026-01-10?category=cs.LG");
        assertThat(storedCount(app, "2601.00001")).isEqualTo(3);
        assertThat(alice.get("/papers/2601.00001").body()).contains("vote-button voted");

        var off = alice.postForm("/papers/2601.00001/upvote", Map.of("next", "/papers"));

        assertThat(off.headers().firstValue("Location")).hasValue("/papers");
        assertThat(storedCount(app, "2601.00001")).isEqualTo(2);
        assertThat(alice.get("/papers/2601.00001").body()).doesNotContain("vote-button voted");
    }

    @Test
    void without_a_next_page_or_with_one_on_another_site_the_button_returns_to_the_paper() {
        var none = alice.postForm("/papers/2601.00002/upvote", Map.of());
        var offsite = alice.postForm("/papers/2601.00002/upvote", Map.of("next", "//evil.example/phish"));

        assertThat(none.headers().firstValue("Location")).hasValue("/papers/2601.00002");
        assertThat(offsite.headers().firstValue("Location")).hasValue("/papers/2601.00002");
        assertThat(storedCount(app, "2601.00002")).isEqualTo(2);
    }

    @Test
    void the_upvote_button_answers_fetch_with_json_the_new_state_and_count() {
        JsonNode on = json(withAccept(bob, "/papers/2601.00003/upvote", Map.of("next", "/papers")), 200);
        JsonNode off = json(withAccept(bob, "/papers/2601.00003/upvote", Map.of("next", "/papers")), 200);

        assertThat(on.path("voted").asBoolean()).isTrue();
        assertThat(on.path("upvotes").asInt()).isEqualTo(3);
        assertThat(off.path("voted").asBoolean()).isFalse();
        assertThat(off.path("upvotes").asInt()).isEqualTo(2);
    }

    @Test
    void the_upvote_button_of_a_visitor_who_is_not_signed_in_leads_to_the_login_page_and_counts_nothing() {
        var visitor = Member.anonymous(app);

        var response = visitor.postForm("/papers/2601.00004/upvote", Map.of("next", "/papers"));

        assertThat(response.statusCode()).isEqualTo(303);
        assertThat(response.headers().firstValue("Location")).hasValueSatisfying(l -> assertThat(l).startsWith("/login"));
        assertThat(storedCount(app, "2601.00004")).isEqualTo(2);
    }

    @Test
    void the_upvote_button_on_a_paper_that_is_not_here_is_a_404_page() {
        var response = alice.postForm("/papers/2601.99999/upvote", Map.of("next", "/papers"));

        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(response.body()).contains("2601.99999");
    }

    @Test
    void the_save_button_toggles_the_paper_in_the_library_by_form_and_by_fetch() {
        var saved = alice.postForm("/papers/2601.00005/save", Map.of("next", "/papers/2601.00005"));

        assertThat(saved.statusCode()).isEqualTo(303);
        assertThat(saved.headers().firstValue("Location")).hasValue("/papers/2601.00005");
        assertThat(alice.get("/library").body()).contains("data-paper-id=\"2601.00005\"");

        JsonNode unsaved = json(withAccept(alice, "/papers/2601.00005/save", Map.of()), 200);

        assertThat(unsaved.path("saved").asBoolean()).isFalse();
        assertThat(alice.get("/library").body()).doesNotContain("data-paper-id=\"2601.00005\"");
    }

    @Test
    void a_comment_form_posts_the_comment_and_returns_to_it_on_the_paper_page() {
        var posted = alice.postForm("/papers/2601.00006/comments", Map.of("text", "A *fine* paper."));

        assertThat(posted.statusCode()).isEqualTo(303);
        String location = posted.headers().firstValue("Location").orElseThrow();
        assertThat(location).startsWith("/papers/2601.00006#comment-");
        String id = location.substring(location.indexOf("#comment-") + 9);
        assertThat(app.get("/papers/2601.00006").body()).contains("<em>fine</em>").contains("comment-" + id);

        var reply = bob.postForm("/papers/2601.00006/comments", Map.of("text", "Indeed.", "parent", id));

        assertThat(reply.statusCode()).isEqualTo(303);
        JsonNode thread = json(app.get("/api/papers/2601.00006/comments")).get(0);
        assertThat(thread.path("replies").get(0).path("text").asText()).isEqualTo("Indeed.");
    }

    @Test
    void an_empty_comment_form_is_refused_with_400_and_saves_nothing() {
        var response = alice.postForm("/papers/2601.00007/comments", Map.of("text", "  "));

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.body()).contains("needs some text");
        assertThat(json(app.get("/api/papers/2601.00007/comments"))).isEmpty();
    }

    @Test
    void the_author_edits_and_deletes_a_comment_through_the_forms() {
        String location = alice.postForm("/papers/2601.00008/comments", Map.of("text", "Draft")).headers()
                .firstValue("Location").orElseThrow();
        String id = location.substring(location.indexOf("#comment-") + 9);

        var edited = alice.postForm("/comments/" + id + "/edit", Map.of("text", "Final"));

        assertThat(edited.statusCode()).isEqualTo(303);
        assertThat(edited.headers().firstValue("Location")).hasValue("/papers/2601.00008#comment-" + id);
        assertThat(json(app.get("/api/papers/2601.00008/comments")).get(0).path("text").asText()).isEqualTo("Final");

        var deleted = alice.postForm("/comments/" + id + "/delete", Map.of());

        assertThat(deleted.statusCode()).isEqualTo(303);
        assertThat(deleted.headers().firstValue("Location")).hasValue("/papers/2601.00008#comments");
        assertThat(json(app.get("/api/papers/2601.00008/comments"))).isEmpty();
    }

    @Test
    void a_curator_hides_and_shows_a_comment_through_the_form() {
        var curator = Member.signedIn(app, "carol@example.org", Role.CURATOR);
        String location = bob.postForm("/papers/2601.00009/comments", Map.of("text", "Spam")).headers()
                .firstValue("Location").orElseThrow();
        String id = location.substring(location.indexOf("#comment-") + 9);

        assertThat(curator.postForm("/comments/" + id + "/hide", Map.of()).statusCode()).isEqualTo(303);
        assertThat(json(app.get("/api/papers/2601.00009/comments"))).isEmpty();
        assertThat(app.get("/papers/2601.00009").body()).doesNotContain("Spam");

        assertThat(curator.postForm("/comments/" + id + "/hide", Map.of("hidden", "false")).statusCode()).isEqualTo(303);
        assertThat(json(app.get("/api/papers/2601.00009/comments"))).hasSize(1);
    }

    /** A form POST as {@code app.js} sends it with {@code fetch}: the member's cookies, the token, Accept JSON. */
    private static HttpResponse<String> withAccept(Member member, String path, Map<String, String> fields) {
        var all = new LinkedHashMap<>(fields);
        all.put("_csrf", member.csrf());
        String body = all.entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        var request = HttpRequest.newBuilder(URI.create(app.baseUrl() + path))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Accept", "application/json")
                .header("Cookie", Security.SESSION + "=" + member.cookie(Security.SESSION) + "; " + Security.CSRF + "="
                        + member.cookie(Security.CSRF))
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
        try {
            return HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
