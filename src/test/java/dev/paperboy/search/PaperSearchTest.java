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
import dev.paperboy.search.SearchBackend.Segment;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Search over a small checked-in corpus: the 48 papers of the page Paperboy started from
 * ({@code src/main/resources/demo/seed-page.jsonl}), in an in-memory index, embedded with the real model.
 */
class PaperSearchTest {
    private static final String ADADAGRAD = "2402.11215";
    private static final Pattern BATCH_SIZE_PHRASE = Pattern.compile("(?i)\\bbatch(es)?\\W+siz(e|es|ed|ing)\\b");

    private static final Map<String, SearchDoc> CORPUS = new LinkedHashMap<>();
    private static Embedder embedder;
    private static SearchIndex index;
    private static PaperSearch search;

    @BeforeAll
    static void indexTheSeedPage() {
        embedder = Embedder.load(512);
        List<JsonNode> papers = seedPage();
        float[][] vectors = embedder.embedDocuments(papers.stream()
                .map(p -> SearchDoc.embeddingText(p.get("title").asText(), p.get("abstract").asText())).toList());
        for (int i = 0; i < papers.size(); i++) {
            JsonNode p = papers.get(i);
            CORPUS.put(p.get("id").asText(), new SearchDoc(p.get("id").asText(), p.get("title").asText(),
                    p.get("abstract").asText(), strings(p.get("authors")), strings(p.get("categories")),
                    p.get("published").isNull() ? null : LocalDate.parse(p.get("published").asText()),
                    p.get("upvotes").asInt(), false, vectors[i]));
        }
        index = SearchIndex.inMemory();
        index.add(List.copyOf(CORPUS.values()));
        index.refresh();
        search = new PaperSearch(index, embedder::embedQuery, SearchBackend.Settings.DEFAULT);
    }

    @AfterAll
    static void close() {
        if (index != null) {
            index.close();
        }
        if (embedder != null) {
            embedder.close();
        }
    }

    @Test
    void the_corpus_is_the_whole_seed_page() {
        assertThat(CORPUS).hasSize(48);
        assertThat(index.counts()).containsExactly(48, 48);
    }

    @ParameterizedTest
    @EnumSource(value = Mode.class, names = {"BM25", "HYBRID"})
    void adaptive_batch_size_puts_adadagrad_first(Mode mode) {
        assertThat(search.rankIds("adaptive batch size", mode, 10)).first().isEqualTo(ADADAGRAD);
        assertThat(ids(search("adaptive batch size", mode))).first().isEqualTo(ADADAGRAD);
    }

    @Test
    void dense_search_finds_papers_about_batch_size_by_meaning_alone() {
        // None of "adaptive", "batch", "size" is in the query, yet the nearest papers include ones about batches.
        List<String> nearest = search.rankIds("how many examples per gradient step", Mode.DENSE, 3);
        assertThat(nearest).hasSize(3).anySatisfy(id -> assertThat(
                (CORPUS.get(id).title() + " " + CORPUS.get(id).abstractText()).toLowerCase()).contains("batch"));
        // Vectors give an approximate order (HNSW, and a model quantised to int8), so AdAdaGrad may be anywhere near
        // the top, as Lucene's KNN tests allow a range; BM25 cannot find it at all.
        assertThat(search.rankIds("how many examples per gradient step", Mode.DENSE, 10)).contains(ADADAGRAD);
        assertThat(search.rankIds("how many examples per gradient step", Mode.BM25, 3)).doesNotContain(ADADAGRAD);
    }

    @Test
    void bm25_finds_every_paper_with_a_query_word_in_any_english_form() {
        var result = search("adaptive batch size", Mode.BM25);

        // Stemmed: "adaptation" and "adapters" match "adaptive" (all become "adapt"), "batches" "batch", "sizes" "size";
        // "BatchNorm" is another word.
        Pattern anyForm = Pattern.compile("(?i)\\b(adapt\\w*|batch(es|ing)?|siz(e|es|ed|ing))\\b");
        long expected = CORPUS.values().stream().filter(d -> anyForm.matcher(d.title() + " " + d.abstractText()).find()).count();
        assertThat(result.total()).isEqualTo(expected);
    }

    @ParameterizedTest
    @EnumSource(value = Mode.class, names = {"BM25", "HYBRID"})
    void a_quoted_phrase_requires_the_words_together(Mode mode) {
        var phrase = search("\"batch size\"", mode);
        var words = search("batch size", Mode.BM25);

        assertThat(phrase.hits()).isNotEmpty().allSatisfy(hit -> assertThat(text(hit.id())).containsPattern(BATCH_SIZE_PHRASE));
        assertThat(ids(words)).as("these mention batch and size apart").contains("2409.13990", "2503.22879");
        assertThat(ids(phrase)).doesNotContain("2409.13990", "2503.22879");
        assertThat(phrase.total()).isEqualTo(CORPUS.values().stream()
                .filter(d -> BATCH_SIZE_PHRASE.matcher(d.title() + "\n" + d.abstractText()).find()).count());
    }

    @ParameterizedTest
    @EnumSource(value = Mode.class, names = {"BM25", "HYBRID"})
    void a_dash_removes_papers_that_mention_the_word(Mode mode) {
        assertThat(ids(search("adaptive batch size", mode))).contains(ADADAGRAD);

        var without = search("adaptive batch size -adagrad", mode);

        assertThat(ids(without)).isNotEmpty().doesNotContain(ADADAGRAD);
        assertThat(without.hits()).allSatisfy(hit -> assertThat(text(hit.id())).doesNotContainIgnoringCase(" adagrad"));
    }

    @Test
    void author_keeps_only_that_authors_papers() {
        var byKolar = search("author:\"Mladen Kolar\" adaptive batch size", Mode.HYBRID);

        assertThat(ids(byKolar)).containsExactly(ADADAGRAD);
        assertThat(byKolar.total()).isEqualTo(1);
        assertThat(ids(search("author:kolar batch", Mode.HYBRID))).as("one word of the name, any case").containsExactly(ADADAGRAD);
    }

    @Test
    void an_author_name_must_match_in_order_and_within_one_author() {
        assertThat(ids(search("author:\"Kolar Mladen\" batch", Mode.HYBRID))).isEmpty();
        // "Han Liu", "Mladen Kolar" are neighbours in the author list; "Liu Mladen" spans the two.
        assertThat(ids(search("author:\"Liu Mladen\" batch", Mode.HYBRID))).isEmpty();
    }

    @Test
    void cat_keeps_only_papers_in_that_category() {
        var result = search("batch size cat:cs.CV", Mode.HYBRID);

        assertThat(result.hits()).isNotEmpty()
                .allSatisfy(hit -> assertThat(CORPUS.get(hit.id()).categories()).contains("cs.CV"));
        assertThat(ids(result)).doesNotContain(ADADAGRAD, "2006.09092");
    }

    @Test
    void the_category_filter_and_cat_syntax_agree() {
        var bySyntax = search("batch size cat:cs.CV", Mode.BM25);
        var byFilter = search.search(new Request(QuerySyntax.parse("batch size"), new Filters("cs.CV", null, null, false),
                Order.RELEVANCE, Mode.BM25, 0, 50));

        assertThat(ids(byFilter)).isEqualTo(ids(bySyntax));
    }

    @Test
    void year_keeps_only_papers_first_published_that_year() {
        var result = search("batch size year:2023", Mode.HYBRID);

        assertThat(result.hits()).isNotEmpty()
                .allSatisfy(hit -> assertThat(CORPUS.get(hit.id()).published()).hasYear(2023));
        assertThat(ids(result)).doesNotContain(ADADAGRAD);
    }

    @Test
    void after_and_before_bound_the_publication_day() {
        var after = search("batch size after:2025-01-01", Mode.HYBRID);
        var before = search("batch size before:2020-12-31", Mode.HYBRID);

        assertThat(after.hits()).isNotEmpty().allSatisfy(hit ->
                assertThat(CORPUS.get(hit.id()).published()).isAfterOrEqualTo(LocalDate.of(2025, 1, 1)));
        assertThat(before.hits()).isNotEmpty().allSatisfy(hit ->
                assertThat(CORPUS.get(hit.id()).published()).isBeforeOrEqualTo(LocalDate.of(2020, 12, 31)));
    }

    @Test
    void the_date_filters_narrow_the_query_dates_rather_than_replace_them() {
        var result = search.search(new Request(QuerySyntax.parse("batch size year:2023"),
                new Filters(null, LocalDate.of(2023, 6, 1), null, false), Order.RELEVANCE, Mode.HYBRID, 0, 50));

        assertThat(result.hits()).isNotEmpty().allSatisfy(hit -> assertThat(CORPUS.get(hit.id()).published())
                .isBetween(LocalDate.of(2023, 6, 1), LocalDate.of(2023, 12, 31)));
    }

    @Test
    void sorting_by_newest_reorders_the_same_papers() {
        var relevant = search.search(request("\"batch size\"", Order.RELEVANCE));
        var newest = search.search(request("\"batch size\"", Order.NEWEST));

        assertThat(ids(newest)).containsExactlyInAnyOrderElementsOf(ids(relevant)).isNotEqualTo(ids(relevant));
        assertThat(newest.hits()).extracting(hit -> CORPUS.get(hit.id()).published())
                .isSortedAccordingTo(Comparator.nullsLast(Comparator.<LocalDate>reverseOrder()));
    }

    @Test
    void sorting_by_upvotes_puts_the_most_upvoted_first() {
        var result = search.search(new Request(QuerySyntax.parse("batch"), Filters.NONE, Order.UPVOTES, Mode.BM25, 0, 50));

        assertThat(result.hits()).extracting(hit -> CORPUS.get(hit.id()).upvotes())
                .isSortedAccordingTo(Comparator.reverseOrder());
        // Of the seed page's papers about batches, two have 2 upvotes and one has 1; the rest have none.
        assertThat(ids(result).subList(0, 3)).containsExactlyInAnyOrder("2503.22879", "2507.18537", "2406.12303");
        assertThat(ids(result).get(2)).isEqualTo("2406.12303");
    }

    @Test
    void highlights_mark_the_query_words_in_the_title() {
        Hit first = search("adaptive batch size", Mode.HYBRID).hits().getFirst();

        assertThat(first.id()).isEqualTo(ADADAGRAD);
        var title = first.title().segments(CORPUS.get(ADADAGRAD).title());
        assertThat(joined(title)).isEqualTo(CORPUS.get(ADADAGRAD).title());
        assertThat(title).filteredOn(Segment::highlight).extracting(Segment::text)
                .containsExactly("Adaptive Batch Size", "Adaptive");
        assertThat(title).filteredOn(s -> !s.highlight()).extracting(Segment::text)
                .noneMatch(text -> text.toLowerCase().matches(".*\\b(adaptive|batch|size)\\b.*"));
    }

    @Test
    void highlights_mark_stemmed_forms_in_the_abstract_and_keep_its_text_whole() {
        Hit first = search("adaptive batch size", Mode.HYBRID).hits().getFirst();

        var summary = first.summary().segments(CORPUS.get(ADADAGRAD).abstractText());
        assertThat(joined(summary)).isEqualTo(CORPUS.get(ADADAGRAD).abstractText());
        assertThat(summary).filteredOn(Segment::highlight).extracting(Segment::text)
                .contains("batch sizes", "batching", "adaptability") // stemmed forms are marked too
                .allMatch(text -> text.toLowerCase().matches("(adapt\\w*|batch\\w*|sizes?)( (adapt\\w*|batch\\w*|sizes?))*"));
    }

    @Test
    void similar_papers_exclude_the_paper_itself_and_are_about_batch_sizes() {
        List<String> similar = search.similar(ADADAGRAD, 5);

        assertThat(similar).hasSize(5).doesNotContain(ADADAGRAD).doesNotHaveDuplicates();
        // Nearest neighbours by embedding are approximate; rather than an exact order, at least 3 of the 5 must be
        // about batches (the seed page has 13 such papers of 48, so chance would give about 1).
        assertThat(similar).filteredOn(id -> text(id).toLowerCase().contains("batch")).hasSizeGreaterThanOrEqualTo(3);
        assertThat(similar).contains("2006.09092"); // "Learning Rates as a Function of Batch Size"
    }

    @Test
    void similar_papers_of_an_unknown_paper_are_none() {
        assertThat(search.similar("9999.99999", 5)).isEmpty();
    }

    @Test
    void a_query_of_only_filters_browses_newest_first() {
        var result = search.search(request("cat:cs.LG", Order.RELEVANCE));

        long inCategory = CORPUS.values().stream().filter(d -> d.categories().contains("cs.LG")).count();
        assertThat(result.total()).isEqualTo(inCategory);
        assertThat(result.hits()).hasSize((int) inCategory)
                .allSatisfy(hit -> assertThat(CORPUS.get(hit.id()).categories()).contains("cs.LG"));
        assertThat(result.hits()).extracting(hit -> CORPUS.get(hit.id()).published())
                .isSortedAccordingTo(Comparator.nullsLast(Comparator.<LocalDate>reverseOrder()));
        assertThat(ids(result)).first().isEqualTo("2507.22270"); // 29 July 2025, the newest cs.LG paper
    }

    @Test
    void pages_continue_where_the_previous_page_stopped() {
        var all = search.search(new Request(QuerySyntax.parse("batch size"), Filters.NONE, Order.RELEVANCE, Mode.HYBRID, 0, 20));
        var second = search.search(new Request(QuerySyntax.parse("batch size"), Filters.NONE, Order.RELEVANCE, Mode.HYBRID, 5, 5));

        assertThat(ids(second)).isEqualTo(ids(all).subList(5, 10));
        assertThat(second.total()).isEqualTo(all.total());
    }

    @Test
    void a_query_that_matches_nothing_returns_nothing_in_keyword_mode() {
        var result = search("zyxwvut", Mode.BM25);

        assertThat(result.total()).isZero();
        assertThat(result.hits()).isEmpty();
    }

    private static SearchBackend.Result search(String query, Mode mode) {
        return search.search(new Request(QuerySyntax.parse(query), Filters.NONE, Order.RELEVANCE, mode, 0, 50));
    }

    private static Request request(String query, Order order) {
        return new Request(QuerySyntax.parse(query), Filters.NONE, order, Mode.HYBRID, 0, 50);
    }

    private static List<String> ids(SearchBackend.Result result) {
        return result.hits().stream().map(Hit::id).toList();
    }

    private static String text(String id) {
        return CORPUS.get(id).title() + "\n" + CORPUS.get(id).abstractText();
    }

    private static String joined(List<Segment> segments) {
        return segments.stream().map(Segment::text).reduce("", String::concat);
    }

    private static List<JsonNode> seedPage() {
        var papers = new ArrayList<JsonNode>();
        var json = new ObjectMapper();
        try (InputStream in = PaperSearchTest.class.getResourceAsStream("/demo/seed-page.jsonl")) {
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                if (!line.isBlank()) {
                    papers.add(json.readTree(line));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return papers;
    }

    private static List<String> strings(JsonNode array) {
        if (array == null || !array.isArray()) {
            return List.of();
        }
        return StreamSupport.stream(array.spliterator(), false).map(JsonNode::asText).toList();
    }
}
