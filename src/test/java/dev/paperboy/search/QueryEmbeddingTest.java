package dev.paperboy.search;

import static org.assertj.core.api.Assertions.assertThat;

import dev.paperboy.TestApp;
import dev.paperboy.embed.Embedder;
import dev.paperboy.ingest.Progress;
import dev.paperboy.paper.IncomingPaper;
import dev.paperboy.paper.Paper;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** A search computes its query's embedding only when some paper has one to compare it with. */
class QueryEmbeddingTest {
    private static final LocalDate DAY = LocalDate.of(2025, 3, 1);

    @Test
    void a_search_over_an_index_without_vectors_never_embeds_its_query() {
        try (var app = TestApp.empty()) {
            var catalogue = app.app().catalogue();
            catalogue.upsert(List.of(paper("2503.00001", "Layer normalization"), paper("2503.00002", "Batch normalization")));
            app.app().searchSync().drain(Progress.NONE);
            var embedded = new AtomicInteger();
            float[] axis = new float[384];
            axis[0] = 1;
            var search = new PaperSearch(((LuceneBackend) app.app().searchBackend()).luceneIndex(), text -> {
                embedded.incrementAndGet();
                return axis;
            }, SearchBackend.Settings.DEFAULT);
            var request = new SearchBackend.Request(QuerySyntax.parse("normalization"), SearchBackend.Filters.NONE,
                    SearchBackend.Order.RELEVANCE, SearchBackend.Mode.HYBRID, 0, 10);

            assertThat(search.search(request).total()).isEqualTo(2);
            assertThat(embedded).as("no paper has a vector yet").hasValue(0);

            catalogue.saveEmbeddings(Embedder.MODEL, Map.of("2503.00001", Vectors.toBytes(axis)));
            app.app().searchSync().drain(Progress.NONE);
            assertThat(search.search(request).hits()).extracting(SearchBackend.Hit::id).contains("2503.00001");
            assertThat(embedded).as("one paper has a vector now").hasValue(1);
        }
    }

    @Test
    void the_same_query_is_embedded_once_however_often_it_is_searched() {
        var embedded = new java.util.ArrayList<String>();
        var remembering = SearchBackends.remembering(text -> {
            embedded.add(text);
            return new float[] {text.length()};
        }, 16);

        float[] first = remembering.apply("layer normalization");
        assertThat(remembering.apply("layer normalization")).isSameAs(first);
        assertThat(remembering.apply("batch normalization")[0]).isEqualTo("batch normalization".length());
        assertThat(embedded).containsExactly("layer normalization", "batch normalization");
    }

    private static IncomingPaper paper(String id, String title) {
        return new IncomingPaper(new Paper(id, title, title + " for deep networks.", List.of("Ada"), List.of("cs.LG"),
                DAY, DAY, 1, null, null, null, null, null, List.of(), null, null, List.of()), 0, null);
    }
}
