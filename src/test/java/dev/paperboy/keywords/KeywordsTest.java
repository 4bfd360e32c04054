package dev.paperboy.keywords;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.paperboy.TestApp;
import dev.paperboy.ingest.Progress;
import dev.paperboy.paper.Listing;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Keywords and one-line summaries: Hugging Face's kept, ours computed for the rest, and shown everywhere. */
class KeywordsTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** In the recorded 2025-12-30 dump with Hugging Face's ai_keywords and ai_summary. */
    private static final String WITH_HF = "2512.23447";
    /** In the same dump without either. */
    private static final String WITHOUT_HF = "2512.22096";

    private TestApp test;

    @AfterEach
    void close() {
        if (test != null) {
            test.close();
        }
    }

    private TestApp imported(Map<String, String> settings) {
        test = TestApp.create(false, TestApp.DEMO_NOW, settings);
        test.app().hfDailyImporter().importPath(TestApp.shared("data/hf-daily/2025-12-30.json.gz"), Progress.NONE);
        return test;
    }

    private Listing listing(String id) {
        return test.app().catalogue().find(id).orElseThrow();
    }

    @Test
    void hugging_face_values_are_kept_as_theirs_and_ours_fill_every_other_paper() {
        imported(Map.of("keywords.compute", "false"));
        assertThat(listing(WITH_HF).notes().keywords()).isNotEmpty();
        assertThat(listing(WITH_HF).notes().summary()).isNotBlank();
        assertThat(listing(WITHOUT_HF).notes().keywords()).isEmpty();
        var theirs = listing(WITH_HF).notes();

        long done = test.app().fillKeywords(() -> false);

        assertThat(done).isEqualTo(test.app().catalogue().count());
        assertThat(listing(WITH_HF).notes()).isEqualTo(theirs);
        assertThat(theirs.keywordsOurs()).isFalse();
        assertThat(theirs.summaryOurs()).isFalse();
        var ours = listing(WITHOUT_HF).notes();
        assertThat(ours.keywordsOurs()).isTrue();
        assertThat(ours.summaryOurs()).isTrue();
        assertThat(ours.keywords()).hasSizeBetween(3, KeyPhrases.KEYWORDS);
        String abstractText = listing(WITHOUT_HF).paper().abstractText().replaceAll("\\s+", " ").toLowerCase();
        for (String keyword : ours.keywords()) {
            assertThat(abstractText + " " + listing(WITHOUT_HF).paper().title().toLowerCase())
                    .as("an extracted keyword is a phrase of the paper").contains(keyword.toLowerCase());
        }
        assertThat(ours.summary()).endsWith(".").hasSizeLessThan(400);
        assertThat(ours.credit()).contains("Paperboy");
        assertThat(test.app().fillKeywords(() -> false)).as("nothing left to do").isZero();
    }

    @Test
    void a_later_dump_without_a_summary_does_not_erase_hugging_faces() throws Exception {
        imported(Map.of("keywords.compute", "false"));
        String summary = listing(WITH_HF).notes().summary();
        String thin = "[{\"paper\":{\"id\":\"" + WITH_HF + "\",\"title\":\"T\",\"summary\":\"An abstract.\","
                + "\"authors\":[],\"upvotes\":1},\"publishedAt\":\"2025-12-31T00:00:00.000Z\"}]";
        test.app().hfDailyImporter().importStream("2025-12-31.json", new java.io.ByteArrayInputStream(thin.getBytes()));
        assertThat(listing(WITH_HF).notes().summary()).isEqualTo(summary);
    }

    @Test
    void the_background_worker_gives_every_paper_keywords_while_the_server_runs() throws Exception {
        imported(Map.of("search.embed", "false")).start();
        var notes = test.app().paperNotes();
        Instant deadline = Instant.now().plus(Duration.ofMinutes(2));
        while (notes.computedCount() < test.app().catalogue().count() && Instant.now().isBefore(deadline)) {
            Thread.sleep(50);
        }
        assertThat(notes.computedCount()).isEqualTo(test.app().catalogue().count());
        assertThat(listing(WITHOUT_HF).notes().keywords()).isNotEmpty();
    }

    @Test
    void keywords_and_summaries_are_in_the_api_the_pages_and_the_markdown() throws Exception {
        imported(Map.of("keywords.compute", "false", "search.embed", "false"));
        test.app().fillKeywords(() -> false);
        test.start();

        JsonNode items = JSON.readTree(test.get("/api/daily_papers?date=2025-12-30").body());
        assertThat(items.size()).isEqualTo(20);
        for (JsonNode item : items) {
            JsonNode paper = item.path("paper");
            assertThat(paper.path("ai_keywords").isArray()).as(paper.path("id").asText()).isTrue();
            assertThat(paper.path("ai_summary").asText()).isNotBlank();
            String id = paper.path("id").asText();
            assertThat(paper.path("ai_summary").asText()).isEqualTo(listing(id).notes().summary());
        }
        JsonNode theirs = toList(items).stream()
                .filter(i -> i.path("paper").path("id").asText().equals(WITH_HF)).findFirst().orElseThrow();
        assertThat(theirs.path("paper").path("ai_summary").asText()).isEqualTo(listing(WITH_HF).notes().summary());
        assertThat(listing(WITH_HF).notes().summaryOurs()).isFalse();

        var notes = listing(WITHOUT_HF).notes();
        String page = test.get("/papers/" + WITHOUT_HF).body();
        String firstKeyword = notes.keywords().getFirst();
        assertThat(page).contains("In one sentence:").contains("class=\"kw\"")
                .contains("/search?q=" + java.net.URLEncoder.encode("\"" + firstKeyword + "\"", java.nio.charset.StandardCharsets.UTF_8))
                .contains("Paperboy (extracted from the abstract)");
        String markdown = test.get("/papers/" + WITHOUT_HF + ".md").body();
        assertThat(markdown).contains("**In one sentence:** ").contains("**Keywords:** " + firstKeyword);
        String feed = test.get("/papers?date=2025-12-30").body();
        assertThat(feed).contains("class=\"kw\"").contains("class=\"tldr math\"");
    }

    private static List<JsonNode> toList(JsonNode array) {
        var out = new java.util.ArrayList<JsonNode>();
        array.forEach(out::add);
        return out;
    }

    @Test
    void the_contribution_sentence_is_chosen_and_restated_about_the_paper() {
        var frequencies = new DocumentFrequencies();
        frequencies.add("Graph networks", "Graph neural networks are popular. They are used widely.");
        frequencies.add("Vision", "Images are everywhere. Cameras take images.");
        var result = new KeyPhrases(frequencies).extract("Sparse Mixture Routing for Graph Transformers",
                "Graph transformers are popular. However, they scale poorly with the number of nodes. "
                        + "In this paper, we propose sparse mixture routing, which sends each node to two experts. "
                        + "Sparse mixture routing cuts memory by half on five benchmarks.");
        assertThat(result.summary()).isEqualTo("The paper proposes sparse mixture routing, which sends each node to two experts.");
        assertThat(result.keywords()).contains("sparse mixture routing")
                .noneMatch(k -> k.equalsIgnoreCase("sparse mixture routings"))
                .doesNotContain("paper", "propose", "half");
    }

    @Test
    void agreement_counts_a_keyword_as_matched_when_most_of_its_words_match() {
        var scores = Agreement.keywords(List.of("process reward models", "web agents"), List.of("process reward model", "navigation"));
        assertThat(scores.precision()).isEqualTo(0.5);
        assertThat(scores.recall()).isEqualTo(0.5);
        assertThat(Agreement.rouge("the cat sat", "the cat sat")[2]).isEqualTo(1.0);
        assertThat(Agreement.rouge("a b", "c d")[0]).isZero();
    }
}
