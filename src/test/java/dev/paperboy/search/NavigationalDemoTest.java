package dev.paperboy.search;

import static org.assertj.core.api.Assertions.assertThat;

import dev.paperboy.TestApp;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The searches people type to find a paper or an author, generated from the demo catalogue (685 papers), must meet
 * issue 11's goals. Measured before any paper has an embedding (the regime with embeddings needs the whole
 * catalogue embedded, minutes on this machine; run {@code ./paperboy evaluate navigational --demo} for both).
 */
class NavigationalDemoTest {

    @Test
    void titles_title_heads_full_names_rare_surnames_and_cited_names_find_their_papers_first() {
        try (var test = TestApp.withDemo(Map.of("search.embed", "false"))) {
            var data = NavigationalData.read(test.app().catalogue());
            var evaluation = new NavigationalEvaluation(data.papers(), 400);

            var figures = evaluation.run(Map.of(), null, SearchBackend.Settings.DEFAULT);

            assertThat(evaluation.paperCount()).isEqualTo(685);
            assertThat(figures.titles()).isGreaterThan(300);
            assertThat(figures.heads()).isGreaterThan(200);
            assertThat(figures.names()).isGreaterThan(300);
            assertThat(figures.surnames()).isGreaterThan(300);
            assertThat(figures.citedNames()).isGreaterThan(300);
            assertThat(figures.titleMrr()).as(figures.toString()).isGreaterThanOrEqualTo(0.95);
            assertThat(figures.headHitAt3()).as(figures.toString()).isGreaterThanOrEqualTo(0.9);
            assertThat(figures.fullNamePrecision()).as(figures.toString()).isGreaterThanOrEqualTo(0.9);
            assertThat(figures.rareSurnamePrecision()).as(figures.toString()).isGreaterThanOrEqualTo(0.85);
            assertThat(figures.citedNamePrecision()).as(figures.toString()).isGreaterThanOrEqualTo(0.9);
        }
    }

    @Test
    void a_cited_name_is_the_surname_as_written_and_the_first_initial() {
        assertThat(NavigationalEvaluation.cited("Geoffrey E. Hinton")).isEqualTo("Hinton, G.");
        assertThat(NavigationalEvaluation.cited("Piotr Dollár")).isEqualTo("Dollár, P.");
        assertThat(NavigationalEvaluation.cited("Martin Luther King Jr.")).isEqualTo("King, M.");
        assertThat(NavigationalEvaluation.cited("Plato")).isNull();
    }

    @Test
    void precision_counts_the_authors_papers_among_as_many_results_as_they_have() {
        assertThat(NavigationalEvaluation.precision(java.util.List.of("a", "x", "b"), java.util.Set.of("a", "b")))
                .isEqualTo(0.5);
        assertThat(NavigationalEvaluation.reciprocalRank(java.util.List.of("x", "y", "a"), java.util.Set.of("a")))
                .isEqualTo(1.0 / 3);
        assertThat(NavigationalEvaluation.hitAt3(java.util.List.of("x", "y", "z", "a"), java.util.Set.of("a"))).isZero();
    }
}
