package dev.paperboy.feed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.paperboy.TestApp;
import dev.paperboy.paper.FeedPlacement;
import dev.paperboy.paper.Listing;
import dev.paperboy.paper.Paper;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The trending order, {@code (upvotes + 0.5·comments) / (hours in the feed + 2)^1.5}, pinned on a fixed set of papers
 * at a fixed time, through the API that serves it.
 */
class TrendingTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Instant NOW = Instant.parse("2026-01-10T12:00:00Z");

    private static TestApp app;

    @BeforeAll
    static void start() throws IOException {
        app = TestApp.create(false, NOW);
        //                  id            upvotes  entered the feed       score at NOW
        importDay("2026-01-10", Map.of(
                "2601.00002", item(10, "2026-01-10T11:00:00Z"),   // 10 / 3^1.5   = 1.925
                "2601.00004", item(5, "2026-01-10T12:00:00Z"),    //  5 / 2^1.5   = 1.768
                "2601.00003", item(30, "2026-01-10T02:00:00Z"))); // 30 / 12^1.5  = 0.722
        importDay("2026-01-08", Map.of(
                "2601.00001", item(100, "2026-01-08T12:00:00Z"))); // 100 / 50^1.5 = 0.283
        importDay("2026-01-04", Map.of(
                "2601.00005", item(200, "2026-01-04T12:00:00Z"))); // 200 / 146^1.5 = 0.113
        // Eight days old: outside the seven-day window however many votes it has.
        importDay("2026-01-02", Map.of(
                "2601.00006", item(1000, "2026-01-02T12:00:00Z")));
        app.start();
    }

    @AfterAll
    static void stop() {
        app.close();
    }

    @Test
    void trending_orders_the_last_seven_days_by_votes_per_age() {
        assertThat(trendingIds("")).containsExactly("2601.00002", "2601.00004", "2601.00003", "2601.00001", "2601.00005");
    }

    @Test
    void trending_is_not_the_upvote_order() {
        List<String> byUpvotes = new ArrayList<>(ids(get("/api/daily_papers?month=2026-01")));
        byUpvotes.remove("2601.00006");

        assertThat(byUpvotes).containsExactly("2601.00005", "2601.00001", "2601.00003", "2601.00002", "2601.00004");
        assertThat(trendingIds("")).containsExactlyInAnyOrderElementsOf(byUpvotes).isNotEqualTo(byUpvotes);
    }

    @Test
    void trending_leaves_out_papers_older_than_the_window() {
        assertThat(trendingIds("")).doesNotContain("2601.00006");
        assertThat(trendingIds("&month=2026-01")).first().isEqualTo("2601.00002");
        assertThat(trendingIds("&month=2026-01")).contains("2601.00006");
    }

    @Test
    void trending_pages_through_the_same_order() {
        assertThat(trendingIds("&limit=2&p=0")).containsExactly("2601.00002", "2601.00004");
        assertThat(trendingIds("&limit=2&p=1")).containsExactly("2601.00003", "2601.00001");
        assertThat(trendingIds("&limit=2&p=2")).containsExactly("2601.00005");
    }

    @Test
    void the_score_is_votes_plus_half_the_comments_over_age_plus_two_to_the_power_one_and_a_half() {
        Trending trending = trendingAsTheAppBuildsIt();
        Instant entered = NOW.minus(Duration.ofHours(7));

        double score = trending.score(listing(12, 6, entered), NOW);

        assertThat(score).isCloseTo((12 + 0.5 * 6) / Math.pow(7 + 2, 1.5), within(1e-12));
        assertThat(score).isCloseTo(15.0 / 27.0, within(1e-12));
    }

    @Test
    void two_comments_weigh_as_much_as_one_upvote() {
        Trending trending = trendingAsTheAppBuildsIt();
        Instant entered = NOW.minus(Duration.ofHours(30));

        assertThat(trending.score(listing(9, 2, entered), NOW)).isEqualTo(trending.score(listing(10, 0, entered), NOW));
    }

    @Test
    void a_paper_entered_in_the_future_counts_as_brand_new_not_as_negative_age() {
        Trending trending = trendingAsTheAppBuildsIt();

        assertThat(trending.score(listing(4, 0, NOW.plus(Duration.ofHours(5))), NOW))
                .isEqualTo(trending.score(listing(4, 0, NOW), NOW))
                .isCloseTo(4 / Math.pow(2, 1.5), within(1e-12));
    }

    // The same gravity (1.5), comment weight (0.5) and window (7 days) as App wires up; the API tests above
    // check that App really uses them.
    private static Trending trendingAsTheAppBuildsIt() {
        return new Trending(app.app().catalogue(), app.app().feed(), Clock.fixed(NOW, ZoneOffset.UTC), 1.5, 0.5, Duration.ofDays(7));
    }

    private static Listing listing(int upvotes, int comments, Instant entered) {
        var paper = new Paper("2601.09999", "t", "a", List.of(), List.of(), null, null, 1, null, null, null, null, null,
                List.of(), null, null, List.of());
        return new Listing(paper, upvotes, comments, new FeedPlacement(
                entered.atZone(ZoneOffset.UTC).toLocalDate(), entered, FeedPlacement.Source.HF, null));
    }

    private static List<String> trendingIds(String query) {
        return ids(get("/api/daily_papers?sort=trending" + query));
    }

    private static List<String> ids(JsonNode items) {
        var ids = new ArrayList<String>();
        items.forEach(i -> ids.add(i.path("paper").path("id").asText()));
        return ids;
    }

    private static JsonNode get(String path) {
        var response = app.get(path);
        assertThat(response.statusCode()).as("%s: %s", path, response.body()).isEqualTo(200);
        try {
            return JSON.readTree(response.body());
        } catch (IOException e) {
            throw new AssertionError(path + " is not JSON: " + response.body(), e);
        }
    }

    private record Item(int upvotes, String submittedOnDailyAt) {}

    private static Item item(int upvotes, String submittedOnDailyAt) {
        return new Item(upvotes, submittedOnDailyAt);
    }

    /** Imports one day in the shape of Hugging Face's {@code /api/daily_papers?date=} response. */
    private static void importDay(String day, Map<String, Item> items) throws IOException {
        var array = JSON.createArrayNode();
        new TreeMap<>(items).forEach((id, item) -> {
            var entry = array.addObject();
            var paper = entry.putObject("paper");
            paper.put("id", id);
            paper.put("title", "Paper " + id);
            paper.put("summary", "Abstract of " + id + ".");
            paper.putArray("authors").addObject().put("name", "Ada Author").put("hidden", false);
            paper.put("publishedAt", LocalDate.parse(day).minusDays(1) + "T00:00:00.000Z");
            paper.put("submittedOnDailyAt", item.submittedOnDailyAt());
            paper.put("upvotes", item.upvotes());
            entry.put("publishedAt", item.submittedOnDailyAt());
            entry.put("title", "Paper " + id);
            entry.put("numComments", 0);
        });
        var report = app.app().hfDailyImporter().importStream(day + ".json",
                new ByteArrayInputStream(JSON.writeValueAsString(array).getBytes(StandardCharsets.UTF_8)));
        assertThat(report.problems()).isEmpty();
        assertThat(report.counts().inserted()).isEqualTo(items.size());
    }
}
