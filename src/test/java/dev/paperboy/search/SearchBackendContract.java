package dev.paperboy.search;

import static org.assertj.core.api.Assertions.assertThat;

import dev.paperboy.search.SearchBackend.Filters;
import dev.paperboy.search.SearchBackend.Hit;
import dev.paperboy.search.SearchBackend.Mode;
import dev.paperboy.search.SearchBackend.Order;
import dev.paperboy.search.SearchBackend.Request;
import dev.paperboy.search.SearchBackend.Result;
import dev.paperboy.search.SearchBackend.Segment;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * What every search backend must do, the same way: run by {@code LuceneBackendTest} against the embedded index
 * and, in the {@code solr-it} module, against a real SolrCloud cluster. Each test starts from the same five papers.
 * Embeddings are unit vectors along chosen axes, and the query "model" maps a few queries to axes, so that which
 * paper is near which query is known exactly.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class SearchBackendContract {
    static final int DIMENSIONS = 384;
    static final String ADAPTIVE = "2501.00001";
    static final String SCHEDULES = "2501.00002";
    static final String CORAL = "2501.00003";
    static final String ATTENTION = "2501.00004";
    static final String NORMALIZATION = "2501.00005";

    static final List<SearchDoc> CORPUS = List.of(
            new SearchDoc(ADAPTIVE, "Adaptive batch size for deep networks", "We tune the batch size during training.",
                    List.of("Ada Lovelace", "Alan Turing"), List.of("cs.LG"), LocalDate.of(2025, 1, 10), 5, true,
                    axis(0)),
            new SearchDoc(SCHEDULES, "Training schedules", "An adaptive schedule for the learning rate of deep networks.",
                    List.of("Grace Hopper"), List.of("cs.LG", "stat.ML"), LocalDate.of(2025, 1, 20), 1, false,
                    between(0, 1)),
            new SearchDoc(CORAL, "Coral reefs and ocean warming", "Sea temperature harms coral.",
                    List.of("Rachel Carson"), List.of("q-bio.PE"), LocalDate.of(2025, 2, 1), 0, false, axis(2)),
            new SearchDoc(ATTENTION, "Attention Is All You Need: transformers", "A sequence model based on attention alone.",
                    List.of("Ashish Vaswani", "Jane Turing"), List.of("cs.CL"), LocalDate.of(2025, 1, 5), 3, true, axis(3)),
            new SearchDoc(NORMALIZATION, "Batch normalization revisited", "Normalizing activations over the batch.",
                    List.of("Sergey Ioffe", "Jürgen Müller"), List.of("cs.LG"), LocalDate.of(2025, 1, 15), 2, false, null));

    /** The query model: these queries mean what the papers on these axes mean; any other means nothing here. */
    private static final Map<String, float[]> MEANINGS = Map.of(
            "marine heatwaves", axis(2),
            "tuning batches", axis(0));

    protected SearchBackend backend;

    /** A new, empty backend that computes query embeddings with {@code embedQuery}. */
    protected abstract SearchBackend open(Function<String, float[]> embedQuery);

    @BeforeAll
    void openBackend() {
        backend = open(text -> MEANINGS.getOrDefault(text, axis(DIMENSIONS - 1)));
    }

    @AfterAll
    void closeBackend() {
        if (backend != null) {
            backend.close();
        }
    }

    @BeforeEach
    void indexCorpus() {
        backend.clear();
        backend.index(CORPUS);
        backend.commit();
    }

    static float[] axis(int i) {
        var v = new float[DIMENSIONS];
        v[i] = 1;
        return v;
    }

    static float[] between(int i, int j) {
        var v = new float[DIMENSIONS];
        v[i] = (float) Math.sqrt(0.5);
        v[j] = (float) Math.sqrt(0.5);
        return v;
    }

    private Result search(String q, Mode mode) {
        return search(q, Filters.NONE, Order.RELEVANCE, mode);
    }

    private Result search(String q, Filters filters, Order order, Mode mode) {
        return backend.search(new Request(QuerySyntax.parse(q), filters, order, mode, 0, 10));
    }

    private static List<String> ids(Result result) {
        return result.hits().stream().map(Hit::id).toList();
    }

    @Test
    void a_word_in_the_title_ranks_above_the_same_word_in_the_abstract() {
        var result = search("adaptive", Mode.BM25);

        assertThat(ids(result)).containsExactly(ADAPTIVE, SCHEDULES);
        assertThat(result.total()).isEqualTo(2);
    }

    @Test
    void stemmed_english_matches_other_forms_of_a_word() {
        assertThat(ids(search("normalizing", Mode.BM25))).containsExactly(NORMALIZATION);
        assertThat(ids(search("schedule", Mode.BM25))).containsExactly(SCHEDULES);
    }

    @Test
    void matching_words_are_highlighted_in_title_and_abstract() {
        Hit hit = search("batch", Mode.BM25).hits().stream().filter(h -> h.id().equals(ADAPTIVE)).findFirst().orElseThrow();

        assertThat(hit.title().segments("Adaptive batch size for deep networks")).containsExactly(
                new Segment(false, "Adaptive "), new Segment(true, "batch"), new Segment(false, " size for deep networks"));
        assertThat(hit.summary().segments("We tune the batch size during training.")).contains(new Segment(true, "batch"));
    }

    @Test
    void a_required_phrase_and_an_excluded_word_narrow_the_results() {
        assertThat(ids(search("\"deep networks\"", Mode.BM25))).containsExactlyInAnyOrder(ADAPTIVE, SCHEDULES);
        assertThat(ids(search("\"deep networks\" -schedule", Mode.BM25))).containsExactly(ADAPTIVE);
        assertThat(ids(search("networks \"learning rate\"", Mode.BM25))).containsExactly(SCHEDULES);
    }

    @Test
    void authors_categories_dates_and_code_filter_the_results() {
        assertThat(ids(search("deep author:\"Grace Hopper\"", Mode.BM25))).containsExactly(SCHEDULES);
        assertThat(ids(search("deep cat:stat.ML", Mode.BM25))).containsExactly(SCHEDULES);
        assertThat(ids(search("batch", new Filters("cs.LG", LocalDate.of(2025, 1, 12), null, false), Order.RELEVANCE,
                Mode.BM25))).containsExactly(NORMALIZATION);
        assertThat(ids(search("batch", new Filters(null, null, null, true), Order.RELEVANCE, Mode.BM25)))
                .containsExactly(ADAPTIVE);
    }

    @Test
    void a_query_of_filters_alone_lists_papers_newest_first_or_by_upvotes() {
        assertThat(ids(search("cat:cs.LG", Filters.NONE, Order.NEWEST, Mode.HYBRID)))
                .containsExactly(SCHEDULES, NORMALIZATION, ADAPTIVE);
        assertThat(ids(search("", Filters.NONE, Order.UPVOTES, Mode.HYBRID)))
                .containsExactly(ADAPTIVE, ATTENTION, NORMALIZATION, SCHEDULES, CORAL);
        assertThat(search("", Filters.NONE, Order.NEWEST, Mode.HYBRID).total()).isEqualTo(5);
    }

    @Test
    void a_vote_count_changes_in_place_and_a_paper_not_indexed_is_not_created_by_one() {
        long before = backend.version();
        backend.updateUpvotes(Map.of(CORAL, 10, "2501.09999", 3));
        backend.commit();

        assertThat(backend.version()).isNotEqualTo(before);
        assertThat(ids(search("", Filters.NONE, Order.UPVOTES, Mode.HYBRID)).getFirst()).isEqualTo(CORAL);
        assertThat(backend.counts()).isEqualTo(new SearchBackend.Counts(5, 4));
        assertThat(ids(search("coral", Mode.BM25))).as("the text is still there").containsExactly(CORAL);
    }

    @Test
    void words_that_match_sort_by_upvotes_within_the_matches() {
        assertThat(ids(search("batch", Filters.NONE, Order.UPVOTES, Mode.HYBRID))).containsExactly(ADAPTIVE, NORMALIZATION);
        assertThat(ids(search("batch", Filters.NONE, Order.NEWEST, Mode.HYBRID))).containsExactly(NORMALIZATION, ADAPTIVE);
    }

    @Test
    void a_paper_close_in_meaning_is_shown_as_related_when_no_word_matches() {
        var result = search("marine heatwaves", Mode.HYBRID);

        assertThat(result.total()).isZero();
        assertThat(result.related()).isEqualTo(1);
        assertThat(result.hits()).extracting(Hit::id, Hit::related).containsExactly(org.assertj.core.groups.Tuple.tuple(CORAL, true));
    }

    @Test
    void hybrid_search_keeps_the_papers_that_match_the_words_first() {
        var result = search("tuning batches", Mode.HYBRID);

        assertThat(ids(result).getFirst()).isEqualTo(ADAPTIVE);
        assertThat(result.hits().stream().filter(h -> !h.related()).map(Hit::id))
                .containsExactlyInAnyOrder(ADAPTIVE, NORMALIZATION);
    }

    @Test
    void dense_ranking_orders_papers_by_their_embeddings_alone() {
        assertThat(backend.rankIds("tuning batches", Mode.DENSE, 2)).containsExactly(ADAPTIVE, SCHEDULES);
        assertThat(backend.rankIds("batch", Mode.BM25, 10)).containsExactlyInAnyOrder(ADAPTIVE, NORMALIZATION);
    }

    @Test
    void a_title_or_a_surname_typed_as_the_query_puts_that_paper_first() {
        assertThat(ids(search("Attention Is All You Need", Mode.HYBRID)).getFirst()).isEqualTo(ATTENTION);
        assertThat(ids(search("Hopper", Mode.HYBRID)).getFirst()).isEqualTo(SCHEDULES);
    }

    @Test
    void a_name_with_umlauts_is_found_as_typed_on_an_english_keyboard() {
        for (String q : List.of("Müller", "Muller", "Mueller", "Juergen Mueller", "J. Mueller", "Mueller, J.")) {
            assertThat(ids(search(q, Mode.HYBRID))).as(q).first().isEqualTo(NORMALIZATION);
        }
    }

    @Test
    void papers_are_found_by_an_authors_surname_as_typed_newest_first() {
        assertThat(backend.withSurname("Turing", 10)).containsExactly(ADAPTIVE, ATTENTION);
        assertThat(backend.withSurname("Turing", 1)).containsExactly(ADAPTIVE);
        for (String typed : List.of("Müller", "muller", "Mueller")) {
            assertThat(backend.withSurname(typed, 10)).as(typed).containsExactly(NORMALIZATION);
        }
        assertThat(backend.withSurname("Hopper", 10)).containsExactly(SCHEDULES);
        assertThat(backend.withSurname("Nobody", 10)).isEmpty();
        assertThat(backend.withSurname(" ,. ", 10)).isEmpty();
    }

    @Test
    void similar_papers_are_the_nearest_embeddings_and_none_for_a_paper_without_one() {
        assertThat(backend.similar(ADAPTIVE, 1)).containsExactly(SCHEDULES);
        assertThat(backend.similar(NORMALIZATION, 3)).isEmpty();
        assertThat(backend.similar("2501.09999", 3)).isEmpty();
    }

    @Test
    void matching_tells_which_of_some_papers_a_saved_search_finds() {
        Set<String> all = Set.of(ADAPTIVE, SCHEDULES, CORAL, NORMALIZATION);

        assertThat(backend.matching(QuerySyntax.parse("batch"), all)).containsExactlyInAnyOrder(ADAPTIVE, NORMALIZATION);
        assertThat(backend.matching(QuerySyntax.parse("cat:cs.LG"), Set.of(SCHEDULES, CORAL))).containsExactly(SCHEDULES);
        assertThat(backend.matching(QuerySyntax.parse("batch"), Set.of())).isEmpty();
    }

    @Test
    void a_deleted_paper_is_no_longer_found_and_counts_follow() {
        assertThat(backend.counts()).isEqualTo(new SearchBackend.Counts(5, 4));
        assertThat(backend.hasCurrentSchema()).isTrue();

        backend.delete(CORAL);
        backend.commit();

        assertThat(ids(search("coral", Mode.BM25))).isEmpty();
        assertThat(backend.counts()).isEqualTo(new SearchBackend.Counts(4, 3));
    }

    @Test
    void indexing_a_paper_again_replaces_it() {
        var old = CORPUS.get(2);
        backend.index(List.of(new SearchDoc(CORAL, "Kelp forests", old.abstractText(), old.authors(), old.categories(),
                old.published(), old.upvotes(), old.hasCode(), old.vector())));
        backend.commit();

        assertThat(ids(search("kelp", Mode.BM25))).containsExactly(CORAL);
        assertThat(ids(search("reefs", Mode.BM25))).isEmpty();
        assertThat(backend.counts().documents()).isEqualTo(5);
    }
}
