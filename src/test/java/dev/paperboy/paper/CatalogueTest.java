package dev.paperboy.paper;

import static org.assertj.core.api.Assertions.assertThat;

import dev.paperboy.TestApp;
import dev.paperboy.paper.Catalogue.FeedQuery;
import dev.paperboy.paper.Catalogue.Order;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Upserts and reads against the real SQLite catalogue. */
class CatalogueTest {
    private static final LocalDate MAR_18 = LocalDate.of(2025, 3, 18);
    private static final LocalDate MAR_19 = LocalDate.of(2025, 3, 19);
    private static final LocalDate MAR_20 = LocalDate.of(2025, 3, 20);

    private final TestApp test = TestApp.empty();
    private final Catalogue catalogue = test.app().catalogue();

    @AfterEach
    void close() {
        test.close();
    }

    /** A paper in the shape of arXiv 2503.11781 (one real record), with the parts the tests vary. */
    private static Paper paper(String id, String title, int versions, LocalDate updated) {
        return new Paper(id, title, "We present cmKAN, a versatile framework for color matching.",
                List.of("Artem Nikonorov", "Radu Timofte"), List.of("cs.CV", "eess.IV"), MAR_18, updated, versions,
                "12 pages", "CVPR 2025", "10.1000/xyz", "REP-1", "http://creativecommons.org/licenses/by/4.0/",
                List.of("https://github.com/gosha20777/cmKAN"), "https://github.com/gosha20777/cmKAN",
                "https://example.org/cmkan", List.of("color matching", "KAN"));
    }

    private static Paper paper(String id) {
        return paper(id, "Color Matching Using Hypernetwork-Based Kolmogorov-Arnold Networks", 1, MAR_18);
    }

    /** What a source that knows little (no categories, comments, links or keywords) says about the paper. */
    private static Paper sparse(String id, String title, int versions, LocalDate updated) {
        return new Paper(id, title, "", List.of("A. Nikonorov"), List.of(), null, updated, versions,
                null, null, null, null, null, List.of(), null, null, List.of());
    }

    private static FeedPlacement placement(LocalDate day, FeedPlacement.Source source, String submitter) {
        return new FeedPlacement(day, day.atTime(9, 30).toInstant(ZoneOffset.UTC), source, submitter);
    }

    private UpsertCounts upsert(Paper paper, int upvotes, FeedPlacement placement) {
        return catalogue.upsert(List.of(new IncomingPaper(paper, upvotes, placement)));
    }

    private Listing find(String id) {
        return catalogue.find(id).orElseThrow();
    }

    @Test
    void a_new_paper_is_inserted_and_read_back_with_every_field() {
        Paper paper = paper("2503.11781");
        FeedPlacement placement = placement(MAR_18, FeedPlacement.Source.ARXIV, null);

        UpsertCounts counts = upsert(paper, 7, placement);

        assertThat(counts).isEqualTo(new UpsertCounts(1, 0, 0));
        // Hugging Face's keywords stored with the paper are its keywords; no summary is known yet.
        var notes = new Notes(paper.aiKeywords(), false, null, false);
        assertThat(catalogue.find("2503.11781")).contains(new Listing(paper, 7, 0, placement, notes));
        assertThat(catalogue.count()).isEqualTo(1);
    }

    @Test
    void an_unknown_id_is_not_found() {
        upsert(paper("2503.11781"), 0, null);

        assertThat(catalogue.find("2503.11782")).isEmpty();
        assertThat(find("2503.11781").placement()).isNull();
    }

    @Test
    void upserting_the_same_paper_again_changes_nothing() {
        upsert(paper("2503.11781"), 3, null);

        UpsertCounts counts = upsert(paper("2503.11781"), 3, null);

        assertThat(counts).isEqualTo(new UpsertCounts(0, 0, 1));
        assertThat(find("2503.11781").upvotes()).isEqualTo(3);
    }

    @Test
    void a_later_version_replaces_the_metadata() {
        upsert(paper("2503.11781"), 0, null);

        UpsertCounts counts = upsert(paper("2503.11781", "cmKAN, revised", 2, MAR_20), -1, null);

        assertThat(counts).isEqualTo(new UpsertCounts(0, 1, 0));
        Paper stored = find("2503.11781").paper();
        assertThat(stored.title()).isEqualTo("cmKAN, revised");
        assertThat(stored.versionCount()).isEqualTo(2);
        assertThat(stored.updated()).isEqualTo(MAR_20);
    }

    @Test
    void an_older_version_is_counted_unchanged_and_does_not_overwrite() {
        upsert(paper("2503.11781", "cmKAN, revised", 2, MAR_20), 0, null);

        UpsertCounts counts = upsert(paper("2503.11781", "cmKAN, first", 1, MAR_18), 0, null);

        assertThat(counts).isEqualTo(new UpsertCounts(0, 0, 1));
        assertThat(find("2503.11781").paper().title()).isEqualTo("cmKAN, revised");
        assertThat(find("2503.11781").paper().versionCount()).isEqualTo(2);
    }

    @Test
    void the_same_version_with_an_earlier_last_date_does_not_overwrite() {
        upsert(paper("2503.11781", "as of the 20th", 2, MAR_20), 0, null);

        assertThat(upsert(paper("2503.11781", "as of the 19th", 2, MAR_19), 0, null))
                .isEqualTo(new UpsertCounts(0, 0, 1));
        assertThat(find("2503.11781").paper().title()).isEqualTo("as of the 20th");
    }

    @Test
    void fields_a_newer_record_lacks_keep_what_was_stored() {
        Paper full = paper("2503.11781");
        upsert(full, 0, null);

        upsert(sparse("2503.11781", "Color Matching, v2", 2, MAR_20), -1, null);

        Paper stored = find("2503.11781").paper();
        assertThat(stored.title()).isEqualTo("Color Matching, v2");
        assertThat(stored.authors()).containsExactly("A. Nikonorov");
        assertThat(stored.categories()).isEqualTo(full.categories());
        assertThat(stored.primaryCategory()).isEqualTo("cs.CV");
        assertThat(stored.published()).isEqualTo(MAR_18);
        assertThat(stored.comments()).isEqualTo(full.comments());
        assertThat(stored.journalRef()).isEqualTo(full.journalRef());
        assertThat(stored.doi()).isEqualTo(full.doi());
        assertThat(stored.reportNo()).isEqualTo(full.reportNo());
        assertThat(stored.license()).isEqualTo(full.license());
        assertThat(stored.codeLinks()).isEqualTo(full.codeLinks());
        assertThat(stored.githubRepo()).isEqualTo(full.githubRepo());
        assertThat(stored.projectPage()).isEqualTo(full.projectPage());
        assertThat(stored.aiKeywords()).isEqualTo(full.aiKeywords());
    }

    @Test
    void an_older_record_still_fills_in_links_and_keywords_the_stored_one_lacks() {
        upsert(sparse("2503.11781", "cmKAN, revised", 2, MAR_20), -1, null);
        Paper hf = paper("2503.11781", "cmKAN, first", 1, MAR_18);

        assertThat(upsert(hf, 12, null)).isEqualTo(new UpsertCounts(0, 0, 1));

        Paper stored = find("2503.11781").paper();
        assertThat(stored.title()).isEqualTo("cmKAN, revised");
        assertThat(stored.versionCount()).isEqualTo(2);
        assertThat(stored.githubRepo()).isEqualTo(hf.githubRepo());
        assertThat(stored.projectPage()).isEqualTo(hf.projectPage());
        assertThat(stored.aiKeywords()).isEqualTo(hf.aiKeywords());
        assertThat(find("2503.11781").upvotes()).isEqualTo(12);
    }

    @Test
    void an_older_record_does_not_replace_links_the_stored_one_has() {
        upsert(paper("2503.11781", "cmKAN, revised", 2, MAR_20), -1, null);
        var older = new Paper("2503.11781", "cmKAN, first", "", List.of(), List.of(), MAR_18, MAR_18, 1, null, null,
                null, null, null, List.of(), "https://github.com/someone/fork", "https://example.org/old",
                List.of("old"));

        upsert(older, -1, null);

        Paper stored = find("2503.11781").paper();
        assertThat(stored.githubRepo()).isEqualTo("https://github.com/gosha20777/cmKAN");
        assertThat(stored.projectPage()).isEqualTo("https://example.org/cmkan");
        assertThat(stored.aiKeywords()).containsExactly("color matching", "KAN");
    }

    @Test
    void upvotes_from_a_source_only_ever_rise() {
        upsert(paper("2503.11781"), 40, null);

        upsert(paper("2503.11781"), 10, null);
        assertThat(find("2503.11781").upvotes()).isEqualTo(40);

        upsert(paper("2503.11781"), 55, null);
        assertThat(find("2503.11781").upvotes()).as("an unchanged record still raises upvotes").isEqualTo(55);

        upsert(paper("2503.11781", "revised", 2, MAR_20), 20, null);
        assertThat(find("2503.11781").upvotes()).as("an updated record never lowers them").isEqualTo(55);

        upsert(paper("2503.11781", "revised again", 3, MAR_20), 60, null);
        assertThat(find("2503.11781").upvotes()).isEqualTo(60);
    }

    @Test
    void a_curated_placement_replaces_an_automatic_arxiv_one() {
        upsert(paper("2503.11781"), 0, placement(MAR_18, FeedPlacement.Source.ARXIV, null));

        upsert(paper("2503.11781"), 5, placement(MAR_20, FeedPlacement.Source.HF, null));

        assertThat(find("2503.11781").placement()).isEqualTo(placement(MAR_20, FeedPlacement.Source.HF, null));
    }

    @Test
    void an_arxiv_placement_never_replaces_a_curated_one() {
        upsert(paper("2503.11781"), 5, placement(MAR_20, FeedPlacement.Source.HF, null));

        upsert(paper("2503.11781", "revised", 2, MAR_20), -1, placement(MAR_18, FeedPlacement.Source.ARXIV, null));

        assertThat(find("2503.11781").placement()).isEqualTo(placement(MAR_20, FeedPlacement.Source.HF, null));
    }

    @Test
    void a_curated_placement_is_never_moved_by_another_curated_one() {
        upsert(paper("2503.11781"), 0, placement(MAR_18, FeedPlacement.Source.SUBMISSION, "member-1"));

        upsert(paper("2503.11781"), 5, placement(MAR_20, FeedPlacement.Source.HF, null));
        upsert(paper("2503.11781"), 5, placement(MAR_19, FeedPlacement.Source.SUBMISSION, "member-2"));

        assertThat(find("2503.11781").placement())
                .isEqualTo(placement(MAR_18, FeedPlacement.Source.SUBMISSION, "member-1"));
    }

    @Test
    void a_record_without_a_placement_leaves_the_feed_alone() {
        upsert(paper("2503.11781"), 0, placement(MAR_19, FeedPlacement.Source.HF, null));

        upsert(paper("2503.11781", "revised", 2, MAR_20), -1, null);

        assertThat(find("2503.11781").placement()).isEqualTo(placement(MAR_19, FeedPlacement.Source.HF, null));
    }

    @Test
    void a_batch_naming_a_paper_twice_keeps_the_newer_record() {
        UpsertCounts counts = catalogue.upsert(List.of(
                new IncomingPaper(paper("2503.11781", "v2", 2, MAR_20), -1, null),
                new IncomingPaper(paper("2503.11781", "v1", 1, MAR_18), -1, null),
                new IncomingPaper(paper("2503.11787"), -1, null),
                new IncomingPaper(paper("2503.11787", "v3", 3, MAR_20), -1, null)));

        assertThat(counts).isEqualTo(new UpsertCounts(2, 1, 1));
        assertThat(find("2503.11781").paper().title()).isEqualTo("v2");
        assertThat(find("2503.11787").paper().title()).isEqualTo("v3");
        assertThat(catalogue.count()).isEqualTo(2);
    }

    @Test
    void an_empty_batch_does_nothing() {
        assertThat(catalogue.upsert(List.of())).isEqualTo(UpsertCounts.NONE);
        assertThat(catalogue.count()).isZero();
    }

    private void feedOf(String id, LocalDate day, int upvotes, List<String> categories, boolean code) {
        var p = new Paper(id, "Paper " + id, "", List.of(), categories, day, day, 1, null, null, null, null, null,
                List.of(), code ? "https://github.com/o/" + id : null, null, List.of());
        upsert(p, upvotes, placement(day, FeedPlacement.Source.HF, null));
    }

    private void threeDaysOfFeed() {
        feedOf("2503.00001", MAR_18, 3, List.of("cs.CV"), false);
        feedOf("2503.00002", MAR_18, 9, List.of("cs.CL", "cs.CV"), true);
        feedOf("2503.00003", MAR_20, 1, List.of("cs.CVX"), false);
        feedOf("2503.00004", MAR_20, 5, List.of("stat.ML"), true);
        feedOf("2503.00005", MAR_20, 5, List.of("cs.CV"), false);
    }

    private List<String> ids(List<Listing> listings) {
        return listings.stream().map(l -> l.paper().id()).toList();
    }

    @Test
    void the_feed_of_a_day_is_ordered_by_upvotes_then_time_then_id() {
        threeDaysOfFeed();
        var day = new FeedQuery(MAR_20, MAR_20.plusDays(1), null, false, null);

        assertThat(ids(catalogue.feed(day, Order.UPVOTES, 0, 10)))
                .containsExactly("2503.00004", "2503.00005", "2503.00003");
        assertThat(ids(catalogue.feed(day, Order.UPVOTES, 1, 1))).containsExactly("2503.00005");
        assertThat(catalogue.feedCount(day)).isEqualTo(3);
    }

    @Test
    void the_newest_order_puts_the_latest_day_first() {
        threeDaysOfFeed();

        assertThat(ids(catalogue.feed(FeedQuery.all(), Order.NEWEST, 0, 10)))
                .containsExactly("2503.00005", "2503.00004", "2503.00003", "2503.00002", "2503.00001");
    }

    @Test
    void the_feed_narrows_to_whole_categories_and_to_papers_with_code() {
        threeDaysOfFeed();

        assertThat(ids(catalogue.feed(new FeedQuery(null, null, "cs.CV", false, null), Order.NEWEST, 0, 10)))
                .containsExactly("2503.00005", "2503.00002", "2503.00001");
        assertThat(ids(catalogue.feed(new FeedQuery(null, null, null, true, null), Order.NEWEST, 0, 10)))
                .containsExactly("2503.00004", "2503.00002");
        assertThat(catalogue.feedCount(new FeedQuery(MAR_18, MAR_19, "cs.CV", true, null))).isEqualTo(1);
    }

    @Test
    void the_feed_narrows_to_one_submitter() {
        upsert(paper("2503.11781"), 0, placement(MAR_19, FeedPlacement.Source.SUBMISSION, "member-1"));
        feedOf("2503.00001", MAR_19, 3, List.of("cs.CV"), false);

        assertThat(ids(catalogue.feed(new FeedQuery(null, null, null, false, "member-1"), Order.NEWEST, 0, 10)))
                .containsExactly("2503.11781");
    }

    @Test
    void neighbouring_feed_days_skip_days_without_papers() {
        threeDaysOfFeed();

        assertThat(catalogue.feedDayOnOrBefore(MAR_19)).contains(MAR_18);
        assertThat(catalogue.feedDayOnOrBefore(MAR_20)).contains(MAR_20);
        assertThat(catalogue.feedDayAfter(MAR_18)).contains(MAR_20);
        assertThat(catalogue.feedDayAfter(MAR_20)).isEmpty();
        assertThat(catalogue.feedDayBefore(MAR_20)).contains(MAR_18);
        assertThat(catalogue.feedDayBefore(MAR_18)).isEmpty();
    }

    @Test
    void feed_categories_are_the_primary_ones_most_common_first() {
        threeDaysOfFeed();

        assertThat(catalogue.feedCategories(MAR_18, MAR_20.plusDays(1), 10))
                .containsExactly("cs.CV", "cs.CL", "cs.CVX", "stat.ML");
        assertThat(catalogue.feedCategories(MAR_20, MAR_20.plusDays(1), 1)).hasSize(1);
    }

    @Test
    void a_feed_entry_time_is_kept_to_the_millisecond() {
        var entered = Instant.parse("2025-12-30T01:18:40.635Z");
        upsert(paper("2503.11781"), 0, new FeedPlacement(MAR_18, entered, FeedPlacement.Source.HF, null));

        assertThat(find("2503.11781").placement().enteredAt()).isEqualTo(entered);
    }
}
