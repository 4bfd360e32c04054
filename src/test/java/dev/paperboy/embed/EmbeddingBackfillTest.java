package dev.paperboy.embed;

import static org.assertj.core.api.Assertions.assertThat;

import dev.paperboy.search.SearchBackend;
import dev.paperboy.TestApp;
import dev.paperboy.ingest.Progress;
import dev.paperboy.paper.IncomingPaper;
import dev.paperboy.paper.Paper;
import java.time.LocalDate;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The background embedding: newest papers first, a window at a time sorted by length, a batch of up to 32 at a
 * time, resumable, and each batch re-indexed.
 */
class EmbeddingBackfillTest {
    private static final LocalDate FIRST_DAY = LocalDate.of(2025, 1, 1);
    private static final int PAPERS = 34;

    private static TestApp app;
    private static Embedder embedder;

    @BeforeAll
    static void start() {
        app = TestApp.empty();
        embedder = Embedder.load(64);
        // Paper i is published i days after 1 January 2025, so the highest numbers are the newest.
        app.app().catalogue().upsert(IntStream.range(0, PAPERS).mapToObj(i -> new IncomingPaper(new Paper(
                String.format("2501.%05d", i), "Paper number " + i, "An abstract about topic " + i + ".",
                List.of("Author " + i), List.of("cs.LG"), FIRST_DAY.plusDays(i), FIRST_DAY.plusDays(i), 1,
                null, null, null, null, null, List.of(), null, null, List.of()), 0, null)).toList());
    }

    @AfterAll
    static void stop() {
        embedder.close();
        app.close();
    }

    @Test
    void papers_are_embedded_a_batch_at_a_time_newest_first_until_none_is_left() {
        var catalogue = app.app().catalogue();
        var backfill = new EmbeddingBackfill(catalogue, embedder, 32);
        app.app().searchSync().drain(Progress.NONE);

        assertThat(backfill.step()).isEqualTo(32);
        assertThat(catalogue.embeddedCount(Embedder.MODEL)).isEqualTo(32);
        assertThat(catalogue.withoutEmbedding(Embedder.MODEL, 10)).extracting(Paper::id)
                .as("the two oldest are left").containsExactly("2501.00001", "2501.00000");

        assertThat(backfill.step()).isEqualTo(2);
        assertThat(backfill.step()).isZero();
        assertThat(catalogue.embeddedCount(Embedder.MODEL)).isEqualTo(PAPERS);
        assertThat(backfill.rate()).isPositive();

        assertThat(catalogue.searchQueueSize()).as("embedded papers are queued for re-indexing").isEqualTo(PAPERS);
        app.app().searchSync().drain(Progress.NONE);
        assertThat(app.app().searchBackend().counts()).isEqualTo(new SearchBackend.Counts(PAPERS, PAPERS));
        assertThat(new EmbeddingBackfill(catalogue, embedder).step()).as("a new backfill resumes: nothing to do").isZero();
    }

    @Test
    void a_window_is_embedded_shortest_first_and_batching_by_length_leaves_each_vector_unchanged() {
        try (var other = TestApp.empty()) {
            var catalogue = other.app().catalogue();
            // Long and short abstracts alternate by date: in date order every batch would mix them.
            var papers = IntStream.range(0, 40).mapToObj(i -> new IncomingPaper(new Paper(String.format("2502.%05d", i),
                    "Paper " + i, i % 2 == 0 ? "Short." : "A much longer abstract about topic " + i
                            + " that goes on about methods, data, experiments and results for many more words.",
                    List.of("Author"), List.of("cs.LG"), FIRST_DAY.plusDays(i), FIRST_DAY.plusDays(i), 1, null, null,
                    null, null, null, List.of(), null, null, List.of()), 0, null)).toList();
            catalogue.upsert(papers);
            var backfill = new EmbeddingBackfill(catalogue, embedder);

            assertThat(backfill.step()).isEqualTo(32);
            assertThat(catalogue.withoutEmbedding(Embedder.MODEL, 40)).extracting(Paper::id)
                    .as("the 8 left are all long ones").hasSize(8)
                    .allSatisfy(id -> assertThat(Integer.parseInt(id.substring(5)) % 2).isOne());
            assertThat(backfill.step()).isEqualTo(8);
            assertThat(backfill.step()).isZero();

            var alone = papers.get(1).paper();
            float[] single = embedder.embedDocuments(List.of(
                    dev.paperboy.search.SearchDoc.embeddingText(alone.title(), alone.abstractText())))[0];
            float[] batched = dev.paperboy.search.Vectors.fromBytes(other.app().catalogue()
                    .forSearch(List.of(new dev.paperboy.paper.Catalogue.Queued(alone.id(), 0))).getFirst().vector());
            double cosine = 0;
            for (int d = 0; d < single.length; d++) {
                cosine += single[d] * batched[d];
            }
            assertThat(cosine).as("a paper's vector barely depends on its batch (int8 padding noise)").isGreaterThan(0.99);
        }
    }

    @Test
    void embeddings_of_another_model_are_forgotten_and_their_papers_leave_semantic_search() {
        try (var other = TestApp.empty()) {
            var catalogue = other.app().catalogue();
            catalogue.upsert(List.of(new IncomingPaper(new Paper("2501.99999", "Old vectors", "Embedded by an older model.",
                    List.of("Ada"), List.of("cs.LG"), FIRST_DAY, FIRST_DAY, 1, null, null, null, null, null, List.of(),
                    null, null, List.of()), 0, null)));
            other.app().searchSync().drain(Progress.NONE);
            catalogue.saveEmbeddings("an-older-model", java.util.Map.of("2501.99999",
                    dev.paperboy.search.Vectors.toBytes(embedder.embedDocuments(List.of("Old vectors"))[0])));
            other.app().searchSync().drain(Progress.NONE);
            assertThat(other.app().searchBackend().counts()).isEqualTo(new SearchBackend.Counts(1, 1));

            assertThat(catalogue.forgetEmbeddingsOtherThan(Embedder.MODEL)).isEqualTo(1);
            other.app().searchSync().drain(Progress.NONE);

            assertThat(catalogue.embeddedCount("an-older-model")).isZero();
            assertThat(other.app().searchBackend().counts()).as("still found by words, no longer by an old vector").isEqualTo(new SearchBackend.Counts(1, 0));
            assertThat(catalogue.withoutEmbedding(Embedder.MODEL, 10)).extracting(Paper::id).containsExactly("2501.99999");
        }
    }
}
