package dev.paperboy.search;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.paperboy.search.Fusion.Method;
import dev.paperboy.search.Fusion.Scored;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Fusion on examples worked by hand. Documents 1–4: the keyword ranking finds 1, 2, 3; the semantic ranking finds
 * 3, 4, 1; so 2 is missing from the semantic list and 4 from the keyword list.
 */
class FusionTest {
    private static final List<Scored> KEYWORD = List.of(new Scored(1, 4f), new Scored(2, 2f), new Scored(3, 0f));
    private static final List<Scored> SEMANTIC = List.of(new Scored(3, 0.9f), new Scored(4, 0.6f), new Scored(1, 0.0f));

    // Keyword scores 4, 2, 0: mean 2, deviation √(8/3), so z = +√1.5, 0, −√1.5 = 1.2247, 0, −1.2247.
    // Semantic scores 0.9, 0.6, 0.0: mean 0.5, deviation √0.14 = 0.37417, so z = 1.0690, 0.2673, −1.3363.
    // A document missing from a list gets that list's lowest z: 2 gets −1.3363, 4 gets −1.2247.
    private static final double ZK_TOP = Math.sqrt(1.5);
    private static final double ZS_3 = 0.4 / Math.sqrt(0.14);
    private static final double ZS_4 = 0.1 / Math.sqrt(0.14);
    private static final double ZS_1 = -0.5 / Math.sqrt(0.14);

    @Test
    void z_score_fusion_adds_standardised_scores_with_equal_weight() {
        List<Scored> fused = Fusion.fuse(Method.ZSCORE, KEYWORD, SEMANTIC, 1.0);

        // 1: 1.2247 − 1.3363 = −0.1116; 3: −1.2247 + 1.0690 = −0.1557; 4: −1.2247 + 0.2673 = −0.9575; 2: 0 − 1.3363.
        assertThat(fused).extracting(Scored::doc).containsExactly(1, 3, 4, 2);
        assertThat(fused.get(0).score()).isCloseTo((float) (ZK_TOP + ZS_1), within(1e-4f));
        assertThat(fused.get(1).score()).isCloseTo((float) (-ZK_TOP + ZS_3), within(1e-4f));
        assertThat(fused.get(2).score()).isCloseTo((float) (-ZK_TOP + ZS_4), within(1e-4f));
        assertThat(fused.get(3).score()).isCloseTo((float) ZS_1, within(1e-4f));
    }

    @Test
    void a_smaller_semantic_weight_lets_the_keyword_ranking_decide_more() {
        List<Scored> fused = Fusion.fuse(Method.ZSCORE, KEYWORD, SEMANTIC, 0.5);

        // 1: 1.2247 − 0.6682 = 0.5566; 2: 0 − 0.6682 = −0.6682; 3: −1.2247 + 0.5345 = −0.6902; 4: −1.2247 + 0.1336.
        assertThat(fused).extracting(Scored::doc).containsExactly(1, 2, 3, 4);
        assertThat(fused.get(0).score()).isCloseTo((float) (ZK_TOP + 0.5 * ZS_1), within(1e-4f));
        assertThat(fused.get(1).score()).isCloseTo((float) (0.5 * ZS_1), within(1e-4f));
        assertThat(fused.get(2).score()).isCloseTo((float) (-ZK_TOP + 0.5 * ZS_3), within(1e-4f));
        assertThat(fused.get(3).score()).isCloseTo((float) (-ZK_TOP + 0.5 * ZS_4), within(1e-4f));
    }

    @Test
    void a_document_missing_from_a_list_counts_as_that_lists_lowest_not_as_its_mean() {
        // Were a missing document given z = 0 (the list's mean), 2 would score 0 and come before 3 (−0.1557).
        List<Scored> fused = Fusion.fuse(Method.ZSCORE, KEYWORD, SEMANTIC, 1.0);

        assertThat(fused).extracting(Scored::doc).containsSubsequence(3, 2);
        assertThat(fused).hasSize(4);
    }

    @Test
    void z_score_fusion_of_one_ranking_keeps_its_order() {
        assertThat(Fusion.fuse(Method.ZSCORE, KEYWORD, List.of(), 0.8)).extracting(Scored::doc).containsExactly(1, 2, 3);
        assertThat(Fusion.fuse(Method.ZSCORE, List.of(), SEMANTIC, 0.8)).extracting(Scored::doc).containsExactly(3, 4, 1);
    }

    @Test
    void equal_scores_standardise_to_zero_rather_than_dividing_by_zero() {
        List<Scored> fused = Fusion.fuse(Method.ZSCORE, List.of(new Scored(7, 3f), new Scored(8, 3f)),
                List.of(new Scored(8, 0.5f)), 1.0);

        assertThat(fused).extracting(Scored::score).allMatch(s -> Float.isFinite(s));
        assertThat(fused).extracting(Scored::doc).containsExactly(7, 8); // a tie is broken by document number
        assertThat(fused).extracting(Scored::score).containsOnly(0f);
    }

    @Test
    void reciprocal_rank_fusion_sums_one_over_sixty_plus_rank() {
        List<Scored> semantic = List.of(new Scored(3, 0.9f), new Scored(1, 0.6f), new Scored(4, 0.1f));

        List<Scored> fused = Fusion.fuse(Method.RRF, KEYWORD, semantic, 1.0);

        // 1: 1/61 + 1/62; 3: 1/63 + 1/61; 2: 1/62 (keyword only); 4: 1/63 (semantic only).
        assertThat(fused).extracting(Scored::doc).containsExactly(1, 3, 2, 4);
        assertThat(fused.get(0).score()).isCloseTo((float) (1.0 / 61 + 1.0 / 62), within(1e-6f));
        assertThat(fused.get(1).score()).isCloseTo((float) (1.0 / 63 + 1.0 / 61), within(1e-6f));
        assertThat(fused.get(2).score()).isCloseTo((float) (1.0 / 62), within(1e-6f));
        assertThat(fused.get(3).score()).isCloseTo((float) (1.0 / 63), within(1e-6f));
    }

    @Test
    void reciprocal_rank_fusion_weights_the_semantic_ranks_and_ignores_scores() {
        List<Scored> semantic = List.of(new Scored(3, 1000f), new Scored(1, 999f), new Scored(4, -5f));

        List<Scored> fused = Fusion.fuse(Method.RRF, KEYWORD, semantic, 0.5);

        // 1: 1/61 + 0.5/62 = 0.024458; 3: 1/63 + 0.5/61 = 0.024070; 2: 1/62 = 0.016129; 4: 0.5/63 = 0.007937.
        assertThat(fused).extracting(Scored::doc).containsExactly(1, 3, 2, 4);
        assertThat(fused.get(1).score()).isCloseTo((float) (1.0 / 63 + 0.5 / 61), within(1e-6f));
        assertThat(fused.get(3).score()).isCloseTo((float) (0.5 / 63), within(1e-6f));
    }

    @Test
    void reciprocal_rank_fusion_of_tied_sums_orders_by_document_number() {
        // 1 and 3 both get 1/61 + 1/63; 2 and 4 both get 1/62.
        List<Scored> fused = Fusion.fuse(Method.RRF, KEYWORD, SEMANTIC, 1.0);

        assertThat(fused).extracting(Scored::doc).containsExactly(1, 3, 2, 4);
    }
}
