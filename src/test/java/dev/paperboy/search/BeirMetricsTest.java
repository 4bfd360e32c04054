package dev.paperboy.search;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * The metrics of {@code evaluate beir}, against values worked by hand on three queries with graded relevance, as
 * trec_eval defines them: gain = grade, discount log2(rank + 1), the ideal ranking made of every judged relevant
 * document (retrieved or not), and unjudged documents worth 0.
 */
class BeirMetricsTest {
    private static final double LOG2_3 = Math.log(3) / Math.log(2);
    private static final double LOG2_5 = Math.log(5) / Math.log(2);

    // Query 1: graded. Ranked d2 (1), d1 (2), d5 (unjudged), d4 (1); d3 is judged 0.
    // DCG = 1/1 + 2/log2 3 + 0 + 1/log2 5 = 2.69254; ideal 2, 1, 1 → 2/1 + 1/log2 3 + 1/2 = 3.13093; nDCG = 0.85998.
    private static final List<String> RANKED_1 = List.of("d2", "d1", "d5", "d4");
    private static final Map<String, Integer> JUDGED_1 = Map.of("d1", 2, "d2", 1, "d3", 0, "d4", 1);

    // Query 2: binary, three relevant; a at rank 2, b at rank 12 (beyond the cut), c never retrieved.
    // DCG@10 = 1/log2 3 = 0.63093; ideal 1 + 1/log2 3 + 1/2 = 2.13093; nDCG = 0.29608; Recall@100 = 2/3.
    private static final List<String> RANKED_2 = ranked(List.of("x", "a", "y"), 8, List.of("b"));
    private static final Map<String, Integer> JUDGED_2 = Map.of("a", 1, "b", 1, "c", 1);

    // Query 3: its one relevant document is 101st: nothing in the top 10, nothing in the top 100.
    private static final List<String> RANKED_3 = ranked(List.of(), 100, List.of("z"));
    private static final Map<String, Integer> JUDGED_3 = Map.of("z", 2);

    @Test
    void ndcg_at_10_uses_grades_as_gains_and_a_log2_discount() {
        double dcg = 1 + 2 / LOG2_3 + 1 / LOG2_5;
        double ideal = 2 + 1 / LOG2_3 + 0.5;

        assertThat(BeirEvaluation.ndcgAt10(RANKED_1, JUDGED_1)).isCloseTo(dcg / ideal, within(1e-9));
        assertThat(BeirEvaluation.ndcgAt10(RANKED_1, JUDGED_1)).isCloseTo(0.85998, within(1e-5));
    }

    @Test
    void ndcg_at_10_counts_relevant_documents_never_retrieved_in_the_ideal() {
        assertThat(BeirEvaluation.ndcgAt10(RANKED_2, JUDGED_2)).isCloseTo((1 / LOG2_3) / (1 + 1 / LOG2_3 + 0.5), within(1e-9));
        assertThat(BeirEvaluation.ndcgAt10(RANKED_2, JUDGED_2)).isCloseTo(0.29608, within(1e-5));
        assertThat(BeirEvaluation.ndcgAt10(RANKED_3, JUDGED_3)).isZero();
    }

    @Test
    void recall_at_100_is_the_share_of_relevant_documents_in_the_top_100() {
        assertThat(BeirEvaluation.recallAt100(RANKED_1, JUDGED_1)).as("d3 is judged 0, so not relevant").isEqualTo(1.0);
        assertThat(BeirEvaluation.recallAt100(RANKED_2, JUDGED_2)).isCloseTo(2.0 / 3, within(1e-12));
        assertThat(BeirEvaluation.recallAt100(RANKED_3, JUDGED_3)).isZero();
    }

    @Test
    void the_means_over_the_three_queries_match_the_hand_computed_values() {
        double ndcg = (BeirEvaluation.ndcgAt10(RANKED_1, JUDGED_1) + BeirEvaluation.ndcgAt10(RANKED_2, JUDGED_2)
                + BeirEvaluation.ndcgAt10(RANKED_3, JUDGED_3)) / 3;
        double recall = (BeirEvaluation.recallAt100(RANKED_1, JUDGED_1) + BeirEvaluation.recallAt100(RANKED_2, JUDGED_2)
                + BeirEvaluation.recallAt100(RANKED_3, JUDGED_3)) / 3;

        assertThat(ndcg).isCloseTo(0.38535, within(1e-5));
        assertThat(recall).isCloseTo(5.0 / 9, within(1e-12));
    }

    @Test
    void a_perfect_ranking_scores_one_and_the_ideal_stops_at_ten() {
        var judged = new java.util.HashMap<String, Integer>();
        IntStream.range(0, 12).forEach(i -> judged.put("r" + i, 1));
        List<String> perfect = IntStream.range(0, 12).mapToObj(i -> "r" + i).toList();

        assertThat(BeirEvaluation.ndcgAt10(perfect, judged)).isCloseTo(1.0, within(1e-12));
        assertThat(BeirEvaluation.ndcgAt10(List.of("d1", "d2", "d4"), JUDGED_1)).as("best grade first").isCloseTo(1.0, within(1e-12));
    }

    @Test
    void the_order_of_graded_documents_matters() {
        // Swapping d1 (grade 2) to rank 1 raises DCG from 2.69254 to 2 + 1/log2 3 + 1/log2 5.
        assertThat(BeirEvaluation.ndcgAt10(List.of("d1", "d2", "d5", "d4"), JUDGED_1))
                .isGreaterThan(BeirEvaluation.ndcgAt10(RANKED_1, JUDGED_1))
                .isCloseTo((2 + 1 / LOG2_3 + 1 / LOG2_5) / (2 + 1 / LOG2_3 + 0.5), within(1e-9));
    }

    @Test
    void a_query_without_relevant_documents_scores_zero_not_nan() {
        assertThat(BeirEvaluation.ndcgAt10(List.of("a"), Map.of("a", 0))).isZero();
        assertThat(BeirEvaluation.recallAt100(List.of("a"), Map.of("a", 0))).isZero();
    }

    private static List<String> ranked(List<String> head, int filler, List<String> tail) {
        var list = new ArrayList<>(head);
        IntStream.range(0, filler).forEach(i -> list.add("unjudged-" + i));
        list.addAll(tail);
        return List.copyOf(list);
    }
}
