package dev.paperboy.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.rometools.rome.feed.synd.SyndFeed;
import com.rometools.rome.io.SyndFeedInput;
import dev.paperboy.TestApp;
import dev.paperboy.paper.FeedPlacement;
import dev.paperboy.paper.IncomingPaper;
import dev.paperboy.paper.Listing;
import dev.paperboy.paper.Paper;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Writing Atom: text that XML cannot carry as is, and the dates of entries. */
class AtomTest {
    private static final String NASTY_ABSTRACT =
            "We show $x<y$ & $a > b$ for <b>all</b> \"n\"; the \u0001upstream\u000B record\u0000 had control characters.";
    private static final String CLEAN_ABSTRACT =
            "We show $x<y$ & $a > b$ for <b>all</b> \"n\"; the upstream record had control characters.";

    @Test
    void an_abstract_with_markup_maths_and_control_characters_is_written_as_valid_xml_and_read_back_as_text()
            throws Exception {
        byte[] xml = Atom.bytes(feedOf(listing(paper("2501.00001", "Bounds for <T> & friends\u0007", NASTY_ABSTRACT,
                LocalDate.parse("2025-01-02"), null), "2025-01-03T08:00:00Z")));
        String text = new String(xml, StandardCharsets.UTF_8);

        var entry = AtomFeedsTest.children(AtomFeedsTest.dom(text).getDocumentElement(), "entry").getFirst();
        assertThat(AtomFeedsTest.children(entry, "summary").getFirst().getTextContent()).isEqualTo(CLEAN_ABSTRACT);
        assertThat(AtomFeedsTest.children(entry, "title").getFirst().getTextContent()).isEqualTo("Bounds for <T> & friends");
        assertThat(text).contains("$x&lt;y$ &amp; $a").doesNotContain("\u0001").doesNotContain("\u0000");
        SyndFeed feed = new SyndFeedInput().build(new StringReader(text));
        assertThat(feed.getEntries().getFirst().getDescription().getValue()).isEqualTo(CLEAN_ABSTRACT);
    }

    @Test
    void only_characters_xml_forbids_are_removed() {
        assertThat(Atom.clean("tab\tnewline\ncr\r ok")).isEqualTo("tab\tnewline\ncr\r ok");
        assertThat(Atom.clean("é ∑ 😀 中")).isEqualTo("é ∑ 😀 中");
        assertThat(Atom.clean("a\u0000b\u001Fc\uFFFEd\uFFFF")).isEqualTo("abcd");
        assertThat(Atom.clean("lone \uD800 surrogate \uDC00")).isEqualTo("lone  surrogate ");
    }

    @Test
    void an_entry_is_published_with_its_first_version_and_updated_with_its_latest_or_its_arrival_in_the_feed() {
        var fresh = listing(paper("2501.00001", "A", "x", LocalDate.parse("2025-01-02"), null), "2025-01-03T08:00:00Z");
        var revised = listing(paper("2501.00002", "B", "x", LocalDate.parse("2025-01-02"), LocalDate.parse("2025-02-10")),
                "2025-01-03T08:00:00Z");
        var undated = listing(paper("2501.00003", "C", "x", null, null), "2025-01-03T08:00:00Z");

        assertThat(Atom.published(fresh)).isEqualTo("2025-01-02T00:00:00Z");
        assertThat(Atom.updated(fresh)).isEqualTo("2025-01-03T08:00:00Z");
        assertThat(Atom.updated(revised)).isEqualTo("2025-02-10T00:00:00Z");
        assertThat(Atom.published(undated)).isEqualTo("2025-01-03T08:00:00Z");
        assertThat(feedOf(fresh, revised, undated).updated()).isEqualTo("2025-02-10T00:00:00Z");
    }

    @Test
    void a_paper_with_markup_in_its_abstract_comes_out_of_the_served_feed_as_the_same_text() throws Exception {
        try (var app = TestApp.empty().start()) {
            var empty = app.get("/papers/feed.atom");
            assertThat(empty.statusCode()).isEqualTo(200);
            assertThat(new SyndFeedInput().build(new StringReader(empty.body())).getEntries()).isEmpty();
            assertThat(empty.body()).contains("<updated>2025-12-31T00:00:00Z</updated>");

            var paper = paper("2512.99999", "Bounds for <T> & friends", NASTY_ABSTRACT, LocalDate.parse("2025-12-29"), null);
            app.app().catalogue().upsert(List.of(new IncomingPaper(paper, 3, new FeedPlacement(
                    LocalDate.parse("2025-12-30"), Instant.parse("2025-12-30T09:00:00Z"), FeedPlacement.Source.HF, null))));
            var response = app.get("/papers/feed.atom");

            assertThat(response.statusCode()).isEqualTo(200);
            SyndFeed feed = new SyndFeedInput().build(new StringReader(response.body()));
            assertThat(feed.getEntries()).hasSize(1);
            assertThat(feed.getEntries().getFirst().getTitle()).isEqualTo("Bounds for <T> & friends");
            assertThat(feed.getEntries().getFirst().getDescription().getValue()).isEqualTo(CLEAN_ABSTRACT);
            assertThat(response.body()).contains("<updated>2025-12-30T09:00:00Z</updated>");
        }
    }

    private static Atom.Feed feedOf(Listing... listings) {
        return new Atom.Feed("t", null, "http://example.org/feed.atom", "http://example.org/", "http://example.org",
                Instant.EPOCH, List.of(listings));
    }

    private static Listing listing(Paper paper, String entered) {
        return new Listing(paper, 0, 0, new FeedPlacement(LocalDate.parse(entered.substring(0, 10)),
                Instant.parse(entered), FeedPlacement.Source.HF, null));
    }

    private static Paper paper(String id, String title, String abstractText, LocalDate published, LocalDate updated) {
        return new Paper(id, title, abstractText, List.of("Ada Lovelace", "Alan Turing"), List.of("cs.LG", "stat.ML"),
                published, updated, 1, null, null, null, null, null, List.of(), null, null, List.of());
    }
}
