package dev.paperboy.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.paperboy.TestApp;
import dev.paperboy.community.Role;
import dev.paperboy.community.User;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A paper's comment count flows into the Hugging Face–compatible API ({@code numComments} on the daily-paper item;
 * the flat {@code /api/papers/{id}} has none, as on Hugging Face) and into the feed card, and counts only what
 * readers see: hidden and deleted comments stop counting; replies count.
 */
class CommentCountTest {
    private static final Instant NOW = Instant.parse("2026-01-10T12:00:00Z");

    private static TestApp app;
    private static User alice;
    private static User bob;
    private static User curator;

    @BeforeAll
    static void start() {
        app = TestApp.create(false, NOW, Map.of());
        for (int i = 1; i <= 4; i++) {
            CommunityFixtures.paperInFeed(app, "2601.0000" + i, 1, NOW.minusSeconds(600L * i));
        }
        var accounts = app.app().community().accounts();
        alice = accounts.create("alice@example.org", "alice", Role.MEMBER);
        bob = accounts.create("bob@example.org", "bob", Role.MEMBER);
        curator = accounts.create("carol@example.org", "carol", Role.CURATOR);
        app.start();
    }

    @AfterAll
    static void stop() {
        app.close();
    }

    @Test
    void comments_and_replies_count_in_the_daily_papers_api_and_on_the_feed_card() {
        var comments = app.app().community().comments();
        var top = comments.add(alice, "2601.00001", "First", null);
        comments.add(bob, "2601.00001", "Reply", top.id());
        comments.add(bob, "2601.00001", "Second", null);

        assertThat(item("2601.00001").path("numComments").asInt()).isEqualTo(3);
        assertThat(card("2601.00001")).contains("3 comments").contains("href=\"/papers/2601.00001#comments\"");
        assertThat(item("2601.00002").path("numComments").asInt()).isZero();
        assertThat(card("2601.00002")).doesNotContain("comment");
    }

    @Test
    void a_hidden_comment_stops_counting_and_counts_again_when_shown() {
        var comments = app.app().community().comments();
        var kept = comments.add(alice, "2601.00003", "Fine", null);
        var abusive = comments.add(bob, "2601.00003", "Abuse", null);

        comments.hide(curator, abusive.id(), true);

        assertThat(item("2601.00003").path("numComments").asInt()).isEqualTo(1);
        assertThat(card("2601.00003")).contains("1 comment<");

        comments.hide(curator, abusive.id(), false);

        assertThat(item("2601.00003").path("numComments").asInt()).isEqualTo(2);
        assertThat(kept.id()).isNotEqualTo(abusive.id());
    }

    @Test
    void a_deleted_comment_stops_counting_through_the_api_as_well() {
        var alicesToken = app.app().community().tokens().create(alice, "t").secret();
        String id = CommunityFixtures.json(Member.bearer(app, alicesToken, "POST", "/api/papers/2601.00004/comments",
                "{\"text\": \"Soon gone\"}"), 201).path("id").asText();
        Member.bearer(app, alicesToken, "POST", "/api/papers/2601.00004/comments", "{\"text\": \"Stays\"}");
        assertThat(item("2601.00004").path("numComments").asInt()).isEqualTo(2);

        assertThat(Member.bearer(app, alicesToken, "DELETE", "/api/comments/" + id, null).statusCode()).isEqualTo(204);

        assertThat(item("2601.00004").path("numComments").asInt()).isEqualTo(1);
        assertThat(card("2601.00004")).contains("1 comment<");
        // Hugging Face's flat paper has no numComments; ours neither, so clients see the same shape.
        JsonNode paper = CommunityFixtures.json(app.get("/api/papers/2601.00004"));
        assertThat(paper.has("numComments")).isFalse();
        assertThat(paper.path("id").asText()).isEqualTo("2601.00004");
    }

    private static JsonNode item(String id) {
        for (JsonNode item : CommunityFixtures.json(app.get("/api/daily_papers?date=2026-01-10"))) {
            if (item.path("paper").path("id").asText().equals(id)) {
                return item;
            }
        }
        throw new AssertionError(id + " is not in the feed");
    }

    /** The feed card of one paper on the day's page. */
    private static String card(String id) {
        String page = app.get("/papers/date/2026-01-10").body();
        int start = page.indexOf("<article class=\"card\" data-paper-id=\"" + id + "\"");
        assertThat(start).as("card of " + id).isNotNegative();
        return page.substring(start, page.indexOf("</article>", start));
    }
}
