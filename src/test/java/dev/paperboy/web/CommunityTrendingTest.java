package dev.paperboy.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.paperboy.TestApp;
import dev.paperboy.community.Role;
import dev.paperboy.community.User;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Trending on a fixed set of papers whose votes and comments come from members through the services, at a fixed
 * time: the order of {@code /papers/trending} and {@code /api/daily_papers?sort=trending} is the published
 * formula {@code (upvotes + w·comments) / (hours in the feed + 2)^g}, and {@code trending.comment-weight} (w) and
 * {@code trending.gravity} (g) change it.
 */
class CommunityTrendingTest {
    private static final Instant NOW = Instant.parse("2026-01-10T12:00:00Z");
    private static final Pattern CARD = Pattern.compile("data-paper-id=\"([^\"]+)\"");

    /** One paper of the set: hours since it entered the feed, member upvotes, visible comments. */
    private record Fixed(String id, int hours, int upvotes, int comments) {}

    private static final List<Fixed> SET = List.of(
            new Fixed("2601.00001", 1, 2, 0),    // 2 / 3^1.5             = 0.385
            new Fixed("2601.00002", 10, 6, 0),   // 6 / 12^1.5            = 0.144
            new Fixed("2601.00003", 2, 0, 4),    // 0.5·4 / 4^1.5         = 0.250
            new Fixed("2601.00004", 0, 1, 0),    // 1 / 2^1.5             = 0.354
            new Fixed("2601.00005", 24, 6, 6));  // (6 + 0.5·6) / 26^1.5  = 0.068

    @Test
    void the_default_order_is_upvotes_plus_half_the_comments_over_hours_plus_two_to_the_one_and_a_half() {
        try (TestApp app = setUp(Map.of())) {
            List<String> expected = List.of("2601.00001", "2601.00004", "2601.00003", "2601.00002", "2601.00005");

            assertThat(byFormula(0.5, 1.5)).containsExactlyElementsOf(expected);
            assertThat(apiOrder(app)).containsExactlyElementsOf(expected);
            String page = app.get("/papers/trending").body();
            assertThat(pageOrder(page)).containsExactlyElementsOf(expected);
            assertThat(page).contains("(upvotes + 0.5 × comments) / (hours in the feed + 2)^1.5");
        }
    }

    @Test
    void the_set_has_the_votes_and_comments_it_was_given_so_the_order_is_not_an_accident() {
        try (TestApp app = setUp(Map.of())) {
            for (Fixed f : SET) {
                JsonNode item = item(app, f.id());
                assertThat(item.path("paper").path("upvotes").asInt()).as(f.id()).isEqualTo(f.upvotes());
                assertThat(item.path("numComments").asInt()).as(f.id()).isEqualTo(f.comments());
            }
            // By upvotes alone the order would be another one.
            assertThat(apiOrder(app)).isNotEqualTo(ids(CommunityFixtures.json(app.get("/api/daily_papers?month=2026-01"))));
        }
    }

    @Test
    void a_heavier_comment_weight_lifts_the_discussed_papers() {
        try (TestApp app = setUp(Map.of("trending.comment-weight", "2"))) {
            // 2601.00003: 2·4 / 4^1.5 = 1.0 now leads; 2601.00005: (6 + 12) / 26^1.5 = 0.136.
            List<String> expected = List.of("2601.00003", "2601.00001", "2601.00004", "2601.00002", "2601.00005");

            assertThat(byFormula(2, 1.5)).containsExactlyElementsOf(expected);
            assertThat(apiOrder(app)).containsExactlyElementsOf(expected);
            assertThat(pageOrder(app.get("/papers/trending").body())).containsExactlyElementsOf(expected);
        }
    }

    @Test
    void a_lower_gravity_lets_older_papers_with_more_votes_stay_on_top() {
        try (TestApp app = setUp(Map.of("trending.gravity", "0.5"))) {
            // 2601.00005: 9 / 26^0.5 = 1.765; 2601.00002: 6 / 12^0.5 = 1.732; 2601.00001: 2 / 3^0.5 = 1.155; …
            List<String> expected = List.of("2601.00005", "2601.00002", "2601.00001", "2601.00003", "2601.00004");

            assertThat(byFormula(0.5, 0.5)).containsExactlyElementsOf(expected);
            assertThat(apiOrder(app)).containsExactlyElementsOf(expected);
            assertThat(app.get("/papers/trending").body()).contains("(hours in the feed + 2)^0.5");
        }
    }

    /** The set, with each paper's votes cast and comments written by members through the services. */
    private static TestApp setUp(Map<String, String> settings) {
        TestApp app = TestApp.create(false, NOW, settings);
        for (Fixed f : SET) {
            CommunityFixtures.paperInFeed(app, f.id(), 0, NOW.minus(Duration.ofHours(f.hours())));
        }
        var community = app.app().community();
        var members = new ArrayList<User>();
        for (int i = 1; i <= 6; i++) {
            members.add(community.accounts().create("member" + i + "@example.org", "member" + i, Role.MEMBER));
        }
        User curator = community.accounts().create("curator@example.org", "curator", Role.CURATOR);
        for (Fixed f : SET) {
            for (int v = 0; v < f.upvotes(); v++) {
                community.votes().upvote(members.get(v), f.id());
            }
            for (int c = 0; c < f.comments(); c++) {
                community.comments().add(members.get(c % members.size()), f.id(), "Comment " + c, null);
            }
        }
        // A hidden and a deleted comment do not count.
        var hidden = community.comments().add(members.get(0), "2601.00005", "Abuse", null);
        community.comments().hide(curator, hidden.id(), true);
        var deleted = community.comments().add(members.get(1), "2601.00005", "Oops", null);
        community.comments().delete(members.get(1), deleted.id());
        return app.start();
    }

    private static List<String> byFormula(double commentWeight, double gravity) {
        return SET.stream()
                .sorted(Comparator.comparingDouble((Fixed f) -> -(f.upvotes() + commentWeight * f.comments())
                        / Math.pow(f.hours() + 2, gravity)))
                .map(Fixed::id).toList();
    }

    private static List<String> apiOrder(TestApp app) {
        return ids(CommunityFixtures.json(app.get("/api/daily_papers?sort=trending")));
    }

    private static JsonNode item(TestApp app, String id) {
        for (JsonNode item : CommunityFixtures.json(app.get("/api/daily_papers?sort=trending"))) {
            if (item.path("paper").path("id").asText().equals(id)) {
                return item;
            }
        }
        throw new AssertionError(id + " is not trending");
    }

    private static List<String> ids(JsonNode items) {
        var ids = new ArrayList<String>();
        items.forEach(i -> ids.add(i.path("paper").path("id").asText()));
        return ids;
    }

    private static List<String> pageOrder(String html) {
        var ids = new ArrayList<String>();
        var m = CARD.matcher(html);
        while (m.find()) {
            ids.add(m.group(1));
        }
        return ids;
    }
}
