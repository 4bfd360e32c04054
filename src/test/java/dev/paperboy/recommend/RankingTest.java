package dev.paperboy.recommend;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class RankingTest {
    private static final List<String> CORPUS = List.of(
            "Diffusion models for image generation with classifier free guidance",
            "Flow matching and diffusion models for fast image generation",
            "Quantisation of large language models for efficient inference",
            "Low bit quantisation of transformer weights for inference",
            "Graph neural networks for molecule property prediction",
            "Message passing graph neural networks on molecules",
            "Reinforcement learning from human feedback for language models",
            "Batch size and learning rate scaling laws for training");

    private static final TfidfModel MODEL = TfidfModel.fit(CORPUS, new TfidfModel.Settings(1, 0.5, 1_000));

    @Test
    void the_vocabulary_has_bigrams_of_adjacent_words_after_stop_words_go() {
        var terms = new ArrayList<String>();
        for (int i = 0; i < MODEL.dimension(); i++) {
            terms.add(MODEL.term(i));
        }
        assertThat(terms).contains("diffusion models", "graph neural", "image generation").doesNotContain("for", "models for");
    }

    @Test
    void vectors_have_unit_length_and_similar_texts_are_closer() {
        SparseVector a = MODEL.vector(CORPUS.get(0));
        assertThat(a.squaredNorm()).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-5));
        assertThat(a.dot(MODEL.vector(CORPUS.get(1)))).isGreaterThan(a.dot(MODEL.vector(CORPUS.get(4))));
    }

    @Test
    void the_svm_scores_papers_like_the_positives_higher() {
        var x = CORPUS.stream().map(MODEL::vector).toList();
        boolean[] positive = {true, true, false, false, false, false, false, false};
        var svm = LinearSvm.train(x, positive, MODEL.dimension(), 1.0, 1e-4, 1_000, 1);
        SparseVector diffusion = MODEL.vector("diffusion models for video generation");
        SparseVector graphs = MODEL.vector("graph neural networks for proteins");
        assertThat(svm.score(diffusion)).isGreaterThan(svm.score(graphs));
        assertThat(svm.score(x.get(0))).isPositive();
        assertThat(svm.score(x.get(4))).isNegative();
    }

    @Test
    void affinity_ranks_the_paper_nearest_to_any_interest_first_and_not_interested_lowers_a_paper() {
        var affinity = new Affinity(Affinity.Settings.DEFAULT);
        var liked = List.of(
                new Affinity.Liked("q", MODEL.vector(CORPUS.get(2)), List.of("cs.LG"), 1),
                new Affinity.Liked("g", MODEL.vector(CORPUS.get(4)), List.of("cs.LG"), 1));
        var profile = affinity.profile(liked, List.of(), List.of(), MODEL);
        SparseVector quant = MODEL.vector(CORPUS.get(3));
        SparseVector rl = MODEL.vector(CORPUS.get(7));
        assertThat(affinity.score(profile, quant, List.of("cs.LG"))).isGreaterThan(affinity.score(profile, rl, List.of("cs.LG")));
        assertThat(affinity.closest(profile, quant, 3)).extracting(Affinity.Match::id).first().isEqualTo("q");

        var wary = affinity.profile(liked, List.of(MODEL.vector(CORPUS.get(3))), List.of(), MODEL);
        assertThat(affinity.score(wary, quant, List.of("cs.LG"))).isLessThan(affinity.score(profile, quant, List.of("cs.LG")));
    }

    @Test
    void a_member_with_a_main_and_a_minor_interest_gets_papers_of_both_ranked_above_papers_near_the_mean_and_unrelated_ones() {
        var corpus = List.of(
                "Diffusion models for image generation with guidance",
                "Latent diffusion models for image generation at high resolution",
                "Consistency distillation of diffusion models for image generation",
                "Video diffusion models for image generation in time",
                "Graph neural networks for molecule property prediction",
                "Equivariant graph neural networks for molecule conformers",
                "Image classification benchmarks for vision models",
                "Diffusion models for text generation",
                "Speech recognition with transformers",
                "Robot grasping from tactile sensing");
        var model = TfidfModel.fit(corpus, new TfidfModel.Settings(1, 0.5, 1_000));
        // Four papers on diffusion, one on molecules: the centroid leans to "image generation" and blurs molecules.
        var liked = new ArrayList<Affinity.Liked>();
        for (int i = 0; i < 5; i++) {
            liked.add(new Affinity.Liked("own" + i, model.vector(corpus.get(i)), List.of("cs.LG"), 1));
        }
        var affinity = new Affinity(Affinity.Settings.DEFAULT);
        var profile = affinity.profile(liked, List.of(), List.of(), model);
        var candidates = List.of(corpus.get(5), corpus.get(6), corpus.get(7), corpus.get(8), corpus.get(9),
                "Score based diffusion models for image generation");
        var byAffinity = candidates.stream()
                .sorted(java.util.Comparator.comparingDouble((String c) -> -affinity.score(profile, model.vector(c), List.of("cs.LG"))))
                .toList();
        double[] centroid = new double[model.dimension()];
        liked.forEach(l -> l.vector().addTo(centroid, 1));
        var byCentroid = candidates.stream()
                .sorted(java.util.Comparator.comparingDouble((String c) -> -model.vector(c).dot(centroid)))
                .toList();
        String molecules = corpus.get(5);
        // The own terms ("diffusion models", in four of the five papers) lift a paper on the main interest's method
        // in another field above the minor interest, which comes third, but above the paper that is only near the
        // mean (image classification) and the unrelated ones.
        assertThat(byAffinity.subList(0, 3)).contains(molecules);
        assertThat(byAffinity.indexOf(molecules)).isLessThan(byAffinity.indexOf("Image classification benchmarks for vision models"));
        assertThat(byAffinity.getFirst()).isEqualTo("Score based diffusion models for image generation");
        // The nearest papers alone (the blend before) put the minor interest second, where the centroid does not.
        var nearest = new Affinity(Affinity.Settings.PREVIOUS);
        var nearestProfile = nearest.profile(liked, List.of(), List.of(), model);
        var byNearest = candidates.stream()
                .sorted(java.util.Comparator.comparingDouble((String c) -> -nearest.score(nearestProfile, model.vector(c), List.of("cs.LG"))))
                .toList();
        assertThat(byNearest.subList(0, 2)).contains(molecules);
        assertThat(byCentroid.indexOf(molecules))
                .as("the centroid leans to the main interest and ranks the minor one lower")
                .isGreaterThan(byNearest.indexOf(molecules));
        assertThat(affinity.closest(profile, model.vector(corpus.get(5)), 1)).extracting(Affinity.Match::id).containsExactly("own4");
    }

    @Test
    void a_paper_in_a_followed_category_that_shares_only_a_common_word_is_not_ranked_below_one_that_shares_none() {
        // "learning" is in half the catalogue and in one of the member's three papers, where many rarer terms dilute it.
        var corpus = new ArrayList<String>();
        for (int i = 0; i < 10; i++) {
            corpus.add("learning method w" + i + "a w" + i + "b for problem p" + i);
            corpus.add("analysis of system s" + i + "a s" + i + "b under condition c" + i);
        }
        corpus.add("learning sparse codes tokamak plasma control coils magnetic confinement fusion reactor");
        corpus.add("tokamak plasma disruption prediction coils magnetic sensors fusion reactor");
        corpus.add("stellarator coils design magnetic confinement plasma fusion reactor optimisation");
        var model = TfidfModel.fit(corpus, new TfidfModel.Settings(1, 0.5, 1_000));
        var liked = new ArrayList<Affinity.Liked>();
        for (int i = 20; i < 23; i++) {
            liked.add(new Affinity.Liked("own" + i, model.vector(corpus.get(i)), List.of("physics.plasm-ph"), 1));
        }
        var affinity = new Affinity(Affinity.Settings.DEFAULT);
        var profile = affinity.profile(liked, List.of(), List.of("cs.CV"), model);
        SparseVector commonWordOnly = model.vector("learning");
        SparseVector nothingShared = model.vector("photographs");
        assertThat(commonWordOnly.dot(liked.getFirst().vector())).isPositive();
        double common = affinity.score(profile, commonWordOnly, List.of("cs.CV"));
        double none = affinity.score(profile, nothingShared, List.of("cs.CV"));
        assertThat(none).isPositive();
        assertThat(common).isGreaterThanOrEqualTo(none);
    }

    @Test
    void closeness_in_meaning_lifts_a_paper_that_shares_no_terms() {
        // Two directions in a tiny "meaning" space: the liked paper and the synonym-worded candidate point the same way.
        float[] compression = unit(1, 0.2f);
        float[] unrelated = unit(0.2f, 1);
        var liked = List.of(new Affinity.Liked("q", MODEL.vector(CORPUS.get(2)), List.of("cs.LG"), 1, compression));
        SparseVector synonyms = MODEL.vector("shrinking network weights to fewer bits");
        SparseVector other = MODEL.vector("robots walking on rough ground");
        assertThat(synonyms.dot(liked.getFirst().vector())).isZero();

        var termsOnly = new Affinity(Affinity.Settings.DEFAULT);
        var profile = termsOnly.profile(liked, List.of(), List.of(), MODEL);
        assertThat(termsOnly.score(profile, synonyms, compression, List.of("cs.RO")))
                .isEqualTo(termsOnly.score(profile, other, unrelated, List.of("cs.RO")));

        var withMeaning = new Affinity(Affinity.Settings.DEFAULT.withDense(1.0, 0.5));
        var dense = withMeaning.profile(liked, List.of(), List.of(), MODEL);
        assertThat(withMeaning.score(dense, synonyms, compression, List.of("cs.RO")))
                .isGreaterThan(withMeaning.score(dense, other, unrelated, List.of("cs.RO")));
        assertThat(withMeaning.score(dense, synonyms, null, List.of("cs.RO")))
                .as("a paper without a vector yet is ranked by its terms alone")
                .isEqualTo(termsOnly.score(profile, synonyms, compression, List.of("cs.RO")));
    }

    private static float[] unit(float x, float y) {
        float norm = (float) Math.sqrt(x * x + y * y);
        return new float[] {x / norm, y / norm};
    }

    @Test
    void shared_terms_prefer_a_bigram_to_its_words() {
        var terms = Affinity.sharedTerms(MODEL, MODEL.vector(CORPUS.get(4)), MODEL.vector(CORPUS.get(5)), 3);
        assertThat(terms).contains("graph neural").doesNotContain("graph");
    }
}
