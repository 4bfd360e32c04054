package dev.paperboy.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.paperboy.TestApp;
import dev.paperboy.paper.FeedPlacement;
import dev.paperboy.paper.IncomingPaper;
import dev.paperboy.paper.Paper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code /api/daily_papers} and {@code /api/papers/{id}}: Hugging Face's parameters, status codes and paging. */
class HfApiTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern NEXT = Pattern.compile("<([^>]+)>; rel=\"next\"");

    private static TestApp app;

    @BeforeAll
    static void start() {
        app = TestApp.withDemo().start();
        // The demo has no submitters (personal data is stripped), so one member submits one paper here.
        var paper = new Paper("2512.99002", "A submitted paper", "Submitted by a member.", List.of("Sam Submitter"),
                List.of("cs.LG"), LocalDate.of(2025, 12, 29), LocalDate.of(2025, 12, 29), 1, null, null, null, null,
                null, List.of(), null, null, List.of());
        app.app().catalogue().upsert(List.of(new IncomingPaper(paper, 3, new FeedPlacement(
                LocalDate.of(2025, 12, 30), Instant.parse("2025-12-30T12:00:00Z"), FeedPlacement.Source.SUBMISSION, "alice"))));
    }

    @AfterAll
    static void stop() {
        app.close();
    }

    @Test
    void the_daily_papers_are_fifty_by_default_newest_first() {
        var response = app.get("/api/daily_papers");

        assertThat(response.statusCode()).isEqualTo(200);
        List<JsonNode> items = items(response);
        assertThat(items).hasSize(50);
        assertThat(items).extracting(i -> i.get("publishedAt").asText())
                .isSortedAccordingTo((a, b) -> Instant.parse(b).compareTo(Instant.parse(a)));
        assertThat(items.getFirst().path("paper").path("id").asText()).isEqualTo("2512.23165");
    }

    @Test
    void a_limit_returns_exactly_that_many_with_a_link_to_the_next_page() {
        var response = app.get("/api/daily_papers?limit=10");

        assertThat(items(response)).hasSize(10);
        String next = next(response);
        assertThat(next).startsWith(app.app().baseUrl() + "/api/daily_papers?").contains("limit=10").contains("p=1");
    }

    @Test
    void the_next_link_keeps_the_other_parameters_and_leads_to_the_next_page() {
        var first = app.get("/api/daily_papers?date=2025-12-30&limit=5&p=0");
        String next = next(first);

        assertThat(next).contains("date=2025-12-30").contains("limit=5").contains("p=1").doesNotContain("p=0");
        var second = app.get(next.substring(app.app().baseUrl().length()));
        assertThat(ids(items(second))).hasSize(5).doesNotContainAnyElementsOf(ids(items(first)));
        assertThat(ids(items(app.get("/api/daily_papers?date=2025-12-30&limit=10")))).containsExactlyElementsOf(
                concat(ids(items(first)), ids(items(second))));
    }

    @Test
    void the_last_short_page_has_no_next_link() {
        // 2025-12-31 has four papers.
        var response = app.get("/api/daily_papers?date=2025-12-31&limit=10");

        assertThat(items(response)).hasSize(4);
        assertThat(response.headers().firstValue("Link")).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"limit=0", "limit=101", "limit=x", "limit=-1", "p=-1", "p=one"})
    void a_limit_or_page_out_of_range_is_a_400_with_a_json_error(String query) {
        var response = app.get("/api/daily_papers?" + query);

        assertThat(response.statusCode()).isEqualTo(400);
        assertJsonContentType(response);
        assertThat(json(response).path("error").asText()).containsAnyOf("limit", "p ").isNotBlank();
    }

    @Test
    void a_limit_of_one_hundred_is_allowed() {
        assertThat(items(app.get("/api/daily_papers?limit=100"))).hasSize(100);
    }

    @Test
    void a_page_past_the_end_is_an_empty_list() {
        var response = app.get("/api/daily_papers?p=100");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("[]");
        assertThat(response.headers().firstValue("Link")).isEmpty();
    }

    @Test
    void a_date_returns_that_days_papers_most_upvoted_first() {
        List<JsonNode> items = items(app.get("/api/daily_papers?date=2025-12-30"));

        // 20 papers from Hugging Face and the one submitted here.
        assertThat(items).hasSize(21);
        assertThat(items).allSatisfy(i -> assertThat(i.get("publishedAt").asText()).startsWith("2025-12-30T"));
        assertThat(items).extracting(i -> i.path("paper").path("upvotes").asInt())
                .isSortedAccordingTo((a, b) -> Integer.compare(b, a));
        assertThat(items.getFirst().path("paper").path("id").asText()).isEqualTo("2512.23447");
        assertThat(items.getFirst().path("paper").path("upvotes").asInt()).isEqualTo(43);
    }

    @Test
    void today_means_the_latest_feed_day() {
        assertThat(ids(items(app.get("/api/daily_papers?date=today"))))
                .containsExactlyElementsOf(ids(items(app.get("/api/daily_papers?date=2025-12-31"))));
    }

    @Test
    void a_weekend_date_is_an_empty_list() {
        var response = app.get("/api/daily_papers?date=2025-12-27");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(items(response)).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"date=2025-13-01", "date=2025-12-32", "date=30-12-2025", "week=2025-W60", "week=2025-52", "month=2025-13"})
    void an_impossible_period_is_a_400_with_a_json_error(String query) {
        var response = app.get("/api/daily_papers?" + query);

        assertThat(response.statusCode()).isEqualTo(400);
        assertJsonContentType(response);
        assertThat(json(response).path("error").isTextual()).isTrue();
    }

    @Test
    void a_week_returns_the_papers_of_its_seven_days() {
        List<JsonNode> items = items(app.get("/api/daily_papers?week=2025-W52&limit=100"));

        assertThat(items).hasSize(64);
        assertThat(items).allSatisfy(i -> assertThat(LocalDate.parse(i.get("publishedAt").asText().substring(0, 10)))
                .isBetween(LocalDate.of(2025, 12, 22), LocalDate.of(2025, 12, 28)));
    }

    @Test
    void a_month_returns_the_papers_of_the_month() {
        List<JsonNode> page0 = items(app.get("/api/daily_papers?month=2025-12&limit=100"));
        List<JsonNode> page3 = items(app.get("/api/daily_papers?month=2025-12&limit=100&p=3"));

        assertThat(page0).hasSize(100);
        // 397 from Hugging Face and the one submitted here.
        assertThat(page3).hasSize(98);
        assertThat(concat(page0, page3)).allSatisfy(i -> assertThat(i.get("publishedAt").asText()).startsWith("2025-12-"));
    }

    @Test
    void a_date_and_a_week_together_are_a_400() {
        var response = app.get("/api/daily_papers?date=2025-12-30&week=2025-W52");

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(json(response).path("error").asText()).contains("date").contains("week");
    }

    @Test
    void trending_ranks_by_the_published_score() {
        var response = app.get("/api/daily_papers?sort=trending&limit=5");

        assertThat(response.statusCode()).isEqualTo(200);
        List<String> trending = ids(items(response));
        // (upvotes + 0.5·comments) / (hours in the feed + 2)^1.5 at 2025-12-31T10:00Z: 2512.23576 (39 votes) entered
        // the feed later than 2512.22096 (40), and the 31st's top paper has 5 votes but is only eight hours old.
        assertThat(trending).containsExactly("2512.23447", "2512.23576", "2512.22096", "2512.22525", "2512.22322");
    }

    @Test
    void trending_within_a_day_is_that_days_papers() {
        List<JsonNode> items = items(app.get("/api/daily_papers?sort=trending&date=2025-12-29"));

        assertThat(items).hasSize(13).allSatisfy(i -> assertThat(i.get("publishedAt").asText()).startsWith("2025-12-29T"));
    }

    @Test
    void an_unknown_sort_is_a_400() {
        var response = app.get("/api/daily_papers?sort=bogus");

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(json(response).path("error").asText()).contains("publishedAt").contains("trending");
    }

    @Test
    void a_submitter_filter_returns_only_their_submissions() {
        assertThat(items(app.get("/api/daily_papers?submitter=nobody"))).isEmpty();
        List<JsonNode> alice = items(app.get("/api/daily_papers?submitter=alice"));
        assertThat(ids(alice)).containsExactly("2512.99002");
        assertThat(alice.getFirst().path("submittedBy").path("name").asText()).isEqualTo("alice");
    }

    @Test
    void a_submitted_paper_names_its_submitter_under_the_keys_hugging_face_uses() {
        JsonNode item = items(app.get("/api/daily_papers?submitter=alice")).getFirst();
        JsonNode paper = json(app.get("/api/papers/2512.99002"));

        assertThat(item.path("submittedBy").path("name").asText()).isEqualTo("alice");
        // huggingface_hub reads the username of submittedOnDailyBy from "user".
        assertThat(item.path("paper").path("submittedOnDailyBy").path("user").asText()).isEqualTo("alice");
        assertThat(paper.path("submittedOnDailyBy").path("user").asText()).isEqualTo("alice");
        assertThat(paper.path("submittedOnDailyAt").asText()).isEqualTo("2025-12-30T12:00:00.000Z");
    }

    @Test
    void a_paper_is_a_flat_object() {
        var response = app.get("/api/papers/2402.11215");

        assertThat(response.statusCode()).isEqualTo(200);
        assertJsonContentType(response);
        JsonNode paper = json(response);
        assertThat(paper.path("id").asText()).isEqualTo("2402.11215");
        assertThat(paper.path("title").asText()).isEqualTo("AdAdaGrad: Adaptive Batch Size Schemes for Adaptive Gradient Methods");
        assertThat(paper.path("summary").asText()).startsWith("The choice of batch sizes");
        assertThat(paper.path("authors")).extracting(a -> a.path("name").asText())
                .containsExactly("Tim Tsz-Kit Lau", "Han Liu", "Mladen Kolar");
        assertThat(paper.path("publishedAt").asText()).isEqualTo("2024-02-17T00:00:00.000Z");
        assertThat(paper.path("upvotes").isInt()).isTrue();
        assertThat(paper.has("paper")).as("flat, not wrapped").isFalse();
        assertThat(paper.has("numComments")).as("Hugging Face's paper has no numComments").isFalse();
    }

    @Test
    void a_paper_can_be_asked_for_by_any_form_of_its_id() {
        assertThat(json(app.get("/api/papers/2402.11215v2")).path("id").asText()).isEqualTo("2402.11215");
        assertThat(json(app.get("/api/papers/arXiv:2402.11215")).path("id").asText()).isEqualTo("2402.11215");
    }

    @Test
    void an_unknown_paper_is_a_404_with_a_json_error() {
        var response = app.get("/api/papers/2402.99999");

        assertThat(response.statusCode()).isEqualTo(404);
        assertJsonContentType(response);
        assertThat(json(response).path("error").asText()).contains("2402.99999");
    }

    @Test
    void a_malformed_id_is_a_400_with_a_json_error() {
        var response = app.get("/api/papers/not-an-id");

        assertThat(response.statusCode()).isEqualTo(400);
        assertJsonContentType(response);
        assertThat(json(response).path("error").asText()).contains("not-an-id").contains("2402.11215");
    }

    @Test
    void an_unknown_api_path_is_a_404_with_a_json_error() {
        var response = app.get("/api/nothing-here");

        assertThat(response.statusCode()).isEqualTo(404);
        assertJsonContentType(response);
        assertThat(json(response).has("error")).isTrue();
    }

    private static void assertJsonContentType(HttpResponse<String> response) {
        assertThat(response.headers().firstValue("Content-Type"))
                .hasValueSatisfying(t -> assertThat(t.replace(" ", "")).startsWith("application/json").containsIgnoringCase("charset=utf-8"));
    }

    private static JsonNode json(HttpResponse<String> response) {
        try {
            return JSON.readTree(response.body());
        } catch (IOException e) {
            throw new UncheckedIOException("not JSON: " + response.body(), e);
        }
    }

    private static List<JsonNode> items(HttpResponse<String> response) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertJsonContentType(response);
        JsonNode array = json(response);
        assertThat(array.isArray()).as(response.body()).isTrue();
        return StreamSupport.stream(array.spliterator(), false).toList();
    }

    private static List<String> ids(List<JsonNode> items) {
        return items.stream().map(i -> i.path("paper").path("id").asText()).toList();
    }

    private static String next(HttpResponse<String> response) {
        String link = response.headers().firstValue("Link").orElseThrow(() -> new AssertionError("no Link header"));
        Matcher m = NEXT.matcher(link);
        assertThat(m.matches()).as(link).isTrue();
        return m.group(1);
    }

    private static <T> List<T> concat(List<T> a, List<T> b) {
        var all = new ArrayList<T>(a);
        all.addAll(b);
        return all;
    }
}
