package dev.paperboy.search;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.paperboy.embed.Embedder;
import dev.paperboy.search.SearchBackend.Filters;
import dev.paperboy.search.SearchBackend.Hit;
import dev.paperboy.search.SearchBackend.Mode;
import dev.paperboy.search.SearchBackend.Order;
import dev.paperboy.search.SearchBackend.Request;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Names typed into the search box, over the 48 papers of the seed page embedded with the real model: once with
 * every paper embedded, once while the paper searched for still has no embedding (as in the first minutes of a
 * new catalogue, when its neighbours already have theirs).
 */
class FindingByNameTest {
    private static final String ADADAGRAD = "2402.11215";

    private static Embedder embedder;
    private static SearchIndex embedded;
    private static SearchIndex targetNotEmbedded;

    @BeforeAll
    static void index() {
        embedder = Embedder.load(512);
        var papers = new ArrayList<JsonNode>();
        try (InputStream in = FindingByNameTest.class.getResourceAsStream("/demo/seed-page.jsonl")) {
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                if (!line.isBlank()) {
                    papers.add(new ObjectMapper().readTree(line));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        float[][] vectors = embedder.embedDocuments(papers.stream()
                .map(p -> SearchDoc.embeddingText(p.get("title").asText(), p.get("abstract").asText())).toList());
        var all = new ArrayList<SearchDoc>();
        var withoutTarget = new ArrayList<SearchDoc>();
        for (int i = 0; i < papers.size(); i++) {
            JsonNode p = papers.get(i);
            var authors = StreamSupport.stream(p.get("authors").spliterator(), false).map(JsonNode::asText).toList();
            String id = p.get("id").asText();
            all.add(new SearchDoc(id, p.get("title").asText(), p.get("abstract").asText(), authors, List.of(), null, 0,
                    false, vectors[i]));
            withoutTarget.add(new SearchDoc(id, p.get("title").asText(), p.get("abstract").asText(), authors, List.of(),
                    null, 0, false, id.equals(ADADAGRAD) ? null : vectors[i]));
        }
        embedded = SearchIndex.inMemory();
        embedded.add(all);
        embedded.refresh();
        targetNotEmbedded = SearchIndex.inMemory();
        targetNotEmbedded.add(withoutTarget);
        targetNotEmbedded.refresh();
    }

    @AfterAll
    static void close() {
        embedded.close();
        targetNotEmbedded.close();
        embedder.close();
    }

    private static SearchBackend.Result search(SearchIndex index, String q) {
        return new PaperSearch(index, embedder::embedQuery, SearchBackend.Settings.DEFAULT).search(new Request(
                QuerySyntax.parse(q), Filters.NONE, Order.RELEVANCE, Mode.HYBRID, 0, 20));
    }

    @Test
    void a_method_name_finds_its_paper_first_before_and_after_it_is_embedded() {
        for (SearchIndex index : List.of(embedded, targetNotEmbedded)) {
            var result = search(index, "AdAdaGrad");

            assertThat(result.hits().getFirst().id()).isEqualTo(ADADAGRAD);
            assertThat(result.total()).isEqualTo(1);
        }
    }

    @Test
    void an_authors_full_name_and_surname_find_their_paper_first() {
        for (SearchIndex index : List.of(embedded, targetNotEmbedded)) {
            for (String q : List.of("Mladen Kolar", "Kolar", "kolar", "Tim Tsz-Kit Lau")) {
                var result = search(index, q);

                assertThat(result.hits().getFirst().id()).as(q).isEqualTo(ADADAGRAD);
            }
            assertThat(search(index, "Mladen Kolar").total()).as("papers with his names").isEqualTo(1);
        }
    }

    @Test
    void papers_related_only_by_meaning_come_after_the_matches_and_are_marked() {
        var result = search(embedded, "AdAdaGrad");

        assertThat(result.hits().getFirst().related()).isFalse();
        assertThat(result.hits().stream().skip(1)).allMatch(Hit::related);
        assertThat(result.related()).isEqualTo(result.hits().size() - 1);
    }

    @Test
    void a_name_that_nothing_is_close_to_in_meaning_shows_only_its_matches() {
        // Without the similarity threshold, the 47 other papers would follow as the name's "neighbours".
        var result = search(embedded, "Mladen Kolar");

        assertThat(result.hits()).extracting(Hit::id).containsExactly(ADADAGRAD);
    }

    @Test
    void a_topic_still_finds_papers_by_meaning_that_do_not_use_its_words() {
        var result = search(embedded, "progressive batching for optimizers");

        assertThat(result.hits()).extracting(Hit::id).contains(ADADAGRAD);
        assertThat(result.hits().stream().filter(h -> !h.related()).count()).isEqualTo(Math.min(20, result.total()));
    }
}
