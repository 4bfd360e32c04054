package dev.paperboy.search;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/** The search contract, on the embedded Lucene index; and what only the embedded index does. */
class LuceneBackendTest extends SearchBackendContract {
    @Override
    protected SearchBackend open(Function<String, float[]> embedQuery) {
        return SearchBackends.inMemory(embedQuery, SearchBackend.Settings.DEFAULT);
    }

    @Test
    void bulk_writes_are_merged_into_one_segment_once_the_queue_is_empty_and_only_then() {
        try (var lucene = LuceneBackend.inMemory(text -> axis(7), SearchBackend.Settings.DEFAULT)) {
            // Three batches committed one by one, as the search queue is drained: three segments.
            for (int batch = 0; batch < 3; batch++) {
                lucene.index(papers(batch * 400, 400));
                lucene.commit();
            }
            int before = lucene.luceneIndex().segments();
            assertThat(before).isGreaterThan(1);

            lucene.settle();

            assertThat(lucene.luceneIndex().segments()).isEqualTo(1);
            assertThat(lucene.counts()).isEqualTo(new SearchBackend.Counts(1_200, 1_200));
            assertThat(lucene.rankIds("paper 1111", SearchBackend.Mode.HYBRID, 3)).contains("2601.01111");
            assertThat(lucene.hasCurrentSchema()).isTrue();

            // A few more writes are not worth merging the whole index again.
            lucene.index(papers(5_000, 20));
            lucene.commit();
            lucene.settle();
            assertThat(lucene.luceneIndex().segments()).isEqualTo(2);
        }
    }

    private static List<SearchDoc> papers(int from, int count) {
        var docs = new ArrayList<SearchDoc>();
        for (int i = from; i < from + count; i++) {
            docs.add(new SearchDoc(String.format("2601.%05d", i), "Paper " + i, "An abstract about topic " + i + ".",
                    List.of("Author " + i), List.of("cs.LG"), LocalDate.of(2026, 1, 1), 0, false, axis(i % DIMENSIONS)));
        }
        return docs;
    }
}
