package dev.paperboy.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.paperboy.TestApp;
import dev.paperboy.embed.Embedder;
import dev.paperboy.embed.EmbeddingBackfill;
import dev.paperboy.ingest.Progress;
import dev.paperboy.paper.Paper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code /api/papers/search} and {@code /api/papers/{id}/similar} on the real server with the demo catalogue, and
 * the paper page's similar papers. The 32 newest demo papers (one backfill batch) are embedded before the tests, as the background
 * backfill would (it is off here, so that the set of embedded papers is known).
 */
class SearchApiTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> HF_KEYS = List.of("paper", "title", "summary", "highlightedTitle",
            "highlightedSummary", "numComments", "upvoted", "isAuthorParticipating");

    private static TestApp app;
    private static List<String> embedded;
    private static String notEmbedded;

    @BeforeAll
    static void start() {
        app = TestApp.withDemo(Map.of("search.embed", "false")).start();
        var catalogue = app.app().catalogue();
        embedded = catalogue.withoutEmbedding(Embedder.MODEL, 32).stream().map(Paper::id).toList();
        // A window of 32: exactly the newest 32 are embedded, however the batches fall.
        var backfill = new EmbeddingBackfill(catalogue, app.app().queryEmbedder(), 32);
        for (int done = 0; done < 32; ) {
            done += backfill.step();
        }
        app.app().searchSync().drain(Progress.NONE);
        notEmbedded = catalogue.withoutEmbedding(Embedder.MODEL, 1).getFirst().id();
    }

    @AfterAll
    static void stop() {
        app.close();
    }

    @Test
    void search_returns_the_best_papers_in_hugging_faces_shape() {
        var response = search("adaptive batch size", 3);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(type -> assertThat(type).startsWith("application/json"));
        List<JsonNode> items = items(response);
        assertThat(items).hasSize(3);
        assertThat(items).allSatisfy(item -> assertThat(item.fieldNames()).toIterable().containsAll(HF_KEYS));
        assertThat(items.getFirst().path("paper").path("id").asText()).isEqualTo("2402.11215");
        assertThat(items.getFirst().path("title").asText())
                .isEqualTo("AdAdaGrad: Adaptive Batch Size Schemes for Adaptive Gradient Methods");
        assertThat(items.getFirst().path("upvoted").isBoolean()).isTrue();
        assertThat(items.getFirst().path("numComments").isInt()).isTrue();
    }

    @Test
    void highlights_are_segments_that_spell_the_title_and_summary() {
        JsonNode first = items(search("adaptive batch size", 1)).getFirst();

        for (String field : List.of("highlightedTitle", "highlightedSummary")) {
            assertThat(first.path(field).isArray()).isTrue();
            assertThat(first.path(field)).allSatisfy(segment -> {
                assertThat(segment.path("type").asText()).isIn("text", "highlight");
                assertThat(segment.path("text").isTextual()).isTrue();
                assertThat(segment.size()).isEqualTo(2);
            });
        }
        assertThat(joined(first.path("highlightedTitle"))).isEqualTo(first.path("title").asText());
        assertThat(joined(first.path("highlightedSummary"))).isEqualTo(first.path("summary").asText());
        assertThat(highlighted(first.path("highlightedTitle"))).containsExactly("Adaptive Batch Size", "Adaptive");
        assertThat(highlighted(first.path("highlightedSummary"))).contains("adaptive batch size");
    }

    @Test
    void the_limit_caps_the_number_of_items() {
        assertThat(items(search("learning", 1))).hasSize(1);
        assertThat(items(search("learning", 120))).hasSize(120);
        assertThat(items(app.get("/api/papers/search?q=learning"))).hasSize(20);
    }

    @Test
    void a_query_no_paper_contains_finds_only_embedded_papers_by_meaning() {
        List<JsonNode> items = items(app.get("/api/papers/search?q=zyxwvutsrq"));

        assertThat(items).extracting(i -> i.path("paper").path("id").asText()).isSubsetOf(embedded);
        assertThat(items).allSatisfy(i -> assertThat(highlighted(i.path("highlightedTitle"))).isEmpty());
    }

    @ParameterizedTest
    @ValueSource(strings = {"2402.11215", "arXiv:2402.11215v2", "https://arxiv.org/pdf/2402.11215v1.pdf",
            "arxiv.org/abs/2402.11215", "https://huggingface.co/papers/2402.11215"})
    void an_arxiv_id_or_a_link_to_the_paper_finds_that_paper_alone(String q) {
        var response = search(q, 20);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(items(response)).extracting(item -> item.path("paper").path("id").asText()).containsExactly("2402.11215");
        assertThat(items(response).getFirst().path("title").asText()).startsWith("AdAdaGrad");
        assertThat(response.headers().firstValue("X-Total-Count")).hasValue("1");
    }

    @ParameterizedTest
    @ValueSource(strings = {"Dollár, P.", "Dollar P", "P. Dollar", "Piotr Dollar"})
    void an_author_typed_as_a_citation_writes_the_name_finds_their_papers_first(String q) {
        // Piotr Dollár's three papers in the demo catalogue; "Dollar" alone is an ordinary word in abstracts.
        var dollar = List.of("2512.18099", "2511.16719", "2511.16624");

        assertThat(items(search(q, 3))).extracting(item -> item.path("paper").path("id").asText())
                .containsExactlyInAnyOrderElementsOf(dollar);
    }

    @ParameterizedTest
    @ValueSource(strings = {"C. Ré", "Ré, C.", "C Re", "Mueller", "S. Mueller"})
    void initials_and_umlauts_written_out_find_the_author(String q) {
        String expected = q.contains("R") ? "2512.21720" : "2512.16144";

        assertThat(items(search(q, 5)).getFirst().path("paper").path("id").asText()).isEqualTo(expected);
    }

    @Test
    void an_arxiv_id_the_catalogue_does_not_hold_finds_nothing() {
        var response = search("2402.99999", 20);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(items(response)).isEmpty();
        assertThat(response.headers().firstValue("X-Total-Count")).hasValue("0");
    }

    @ParameterizedTest
    @ValueSource(strings = {"q=batch&limit=0", "q=batch&limit=121", "q=batch&limit=x", "q=batch&limit=-3", "",
            "q=", "q=+++", "limit=3"})
    void bad_parameters_are_a_400_with_a_json_error(String query) {
        var response = app.get("/api/papers/search?" + query);

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(type -> assertThat(type).startsWith("application/json"));
        assertThat(json(response).path("error").asText()).containsAnyOf("limit", "q ").isNotBlank();
    }

    @Test
    void a_query_of_250_characters_is_allowed_and_251_is_not() {
        String q250 = "batch ".repeat(41) + "size";
        assertThat(q250).hasSize(250);

        assertThat(search(q250, 3).statusCode()).isEqualTo(200);
        var response = search(q250 + "s", 3);
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(json(response).path("error").asText()).contains("250");
    }

    @ParameterizedTest
    @ValueSource(strings = {"\"\"\"", "?!.,;:()", "-", "author:", "year:abcd after:2025-13-45", "日本語"})
    void absurd_queries_are_answered_not_failed(String q) {
        var response = search(q, 5);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(json(response).isArray()).isTrue();
    }

    @Test
    void similar_papers_are_near_neighbours_without_the_paper_itself() {
        String id = embedded.getFirst();
        var response = app.get("/api/papers/" + id + "/similar?limit=5");

        assertThat(response.statusCode()).isEqualTo(200);
        List<String> ids = items(response).stream().map(p -> p.path("id").asText()).toList();
        assertThat(ids).hasSize(5).doesNotContain(id).doesNotHaveDuplicates();
        assertThat(embedded).as("only embedded papers have a place among neighbours").containsAll(ids);
        assertThat(items(response)).allSatisfy(p -> assertThat(p.has("title") && p.has("authors") && p.has("upvotes")).isTrue());
    }

    @Test
    void similar_papers_default_to_ten() {
        assertThat(items(app.get("/api/papers/" + embedded.getFirst() + "/similar"))).hasSize(10);
    }

    @Test
    void a_paper_not_yet_embedded_has_no_similar_papers_yet() {
        var response = app.get("/api/papers/" + notEmbedded + "/similar");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(items(response)).isEmpty();
    }

    @Test
    void similar_papers_of_an_unknown_paper_is_a_404() {
        var response = app.get("/api/papers/2501.99999/similar");

        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(json(response).path("error").asText()).contains("2501.99999");
    }

    @ParameterizedTest
    @ValueSource(strings = {"not-an-id", "1234", "2501.9"})
    void similar_papers_of_a_malformed_id_is_a_400(String id) {
        var response = app.get("/api/papers/" + id + "/similar");

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(json(response).path("error").asText()).isNotBlank();
    }

    @ParameterizedTest
    @ValueSource(strings = {"limit=0", "limit=51", "limit=x"})
    void similar_papers_with_a_bad_limit_is_a_400(String query) {
        assertThat(app.get("/api/papers/" + embedded.getFirst() + "/similar?" + query).statusCode()).isEqualTo(400);
    }

    @Test
    void the_paper_page_shows_similar_papers_once_embeddings_exist() {
        String id = embedded.getFirst();
        var page = app.get("/papers/" + id);

        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("<section class=\"similar\">").contains("Similar papers");
        String section = page.body().substring(page.body().indexOf("<section class=\"similar\">"));
        section = section.substring(0, section.indexOf("</section>"));
        List<String> linked = java.util.regex.Pattern.compile("href=\"/papers/([^\"]+)\"").matcher(section).results()
                .map(m -> m.group(1)).toList();
        assertThat(linked).hasSize(5).doesNotContain(id);
        assertThat(linked).containsExactlyElementsOf(items(app.get("/api/papers/" + id + "/similar?limit=5")).stream()
                .map(p -> p.path("id").asText()).toList());
    }

    @Test
    void the_paper_page_has_no_similar_section_before_its_embedding() {
        var page = app.get("/papers/" + notEmbedded);

        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).doesNotContain("Similar papers");
    }

    private static HttpResponse<String> search(String q, int limit) {
        return app.get("/api/papers/search?q=" + URLEncoder.encode(q, StandardCharsets.UTF_8) + "&limit=" + limit);
    }

    private static JsonNode json(HttpResponse<String> response) {
        try {
            return JSON.readTree(response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<JsonNode> items(HttpResponse<String> response) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        JsonNode array = json(response);
        assertThat(array.isArray()).isTrue();
        return StreamSupport.stream(array.spliterator(), false).toList();
    }

    private static String joined(JsonNode segments) {
        return StreamSupport.stream(segments.spliterator(), false).map(s -> s.path("text").asText()).reduce("", String::concat);
    }

    private static List<String> highlighted(JsonNode segments) {
        return StreamSupport.stream(segments.spliterator(), false)
                .filter(s -> s.path("type").asText().equals("highlight")).map(s -> s.path("text").asText()).toList();
    }
}
