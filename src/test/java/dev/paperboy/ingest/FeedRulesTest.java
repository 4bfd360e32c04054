package dev.paperboy.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.paperboy.TestApp;
import dev.paperboy.paper.FeedPlacement;
import dev.paperboy.paper.Listing;
import dev.paperboy.paper.Paper;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class FeedRulesTest {
    private static final LocalDate V1 = LocalDate.of(2025, 3, 18);
    private static final FeedRules DEFAULTS = new FeedRules(true, List.of("cs.*", "stat.ML"));

    @TempDir
    Path dir;

    private static Paper paper(LocalDate published, String... categories) {
        return new Paper("2503.11781", "A title", "An abstract.", List.of("An Author"), List.of(categories),
                published, published, 1, null, null, null, null, null, List.of(), null, null, List.of());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', textBlock = """
            cs.LG                   | true
            math.CO cs.CG           | true
            stat.ML                 | true
            math.ST stat.ML         | true
            stat.ME                 | false
            stat.MLx                | false
            hep-ph                  | false
            physics.comp-ph eess.IV | false
            econ.cs                 | false
            csx.LG                  | false
            """)
    void an_archive_pattern_or_exact_category_matches_any_listed_category(String categories, boolean inFeed) {
        FeedPlacement placement = DEFAULTS.placementFor(paper(V1, categories.split(" ")));

        assertThat(placement != null).isEqualTo(inFeed);
    }

    @Test
    void a_matching_paper_enters_the_feed_at_the_start_of_its_first_version_day() {
        assertThat(DEFAULTS.placementFor(paper(V1, "cs.CV"))).isEqualTo(new FeedPlacement(
                V1, Instant.parse("2025-03-18T00:00:00Z"), FeedPlacement.Source.ARXIV, null));
    }

    @Test
    void a_star_takes_every_category() {
        var everything = new FeedRules(true, List.of("*"));

        assertThat(everything.placementFor(paper(V1, "hep-ph"))).isNotNull();
        assertThat(everything.placementFor(paper(V1, "astro-ph.GA", "physics.space-ph"))).isNotNull();
    }

    @Test
    void disabled_rules_place_nothing() {
        assertThat(new FeedRules(false, List.of("*")).placementFor(paper(V1, "cs.LG"))).isNull();
        assertThat(FeedRules.NONE.placementFor(paper(V1, "cs.LG"))).isNull();
    }

    @Test
    void a_paper_without_a_first_version_date_or_categories_is_not_placed() {
        assertThat(DEFAULTS.placementFor(paper(null, "cs.LG"))).isNull();
        assertThat(new FeedRules(true, List.of("*")).placementFor(paper(V1))).isNull();
    }

    @Test
    void a_hugging_face_placement_replaces_an_automatic_arxiv_one() {
        try (TestApp test = TestApp.empty()) {
            // 2512.23576 (cs.CV) arrives from arXiv on its announcement day, then Hugging Face features it.
            test.app().snapshotImporter().importFile(
                    Fixtures.write(dir, "cs.jsonl", List.of(Fixtures.arxivCsLine("2512.23576"))), Progress.NONE);
            Listing fromArxiv = test.app().catalogue().find("2512.23576").orElseThrow();
            assertThat(fromArxiv.placement()).isEqualTo(new FeedPlacement(LocalDate.of(2025, 12, 30),
                    Instant.parse("2025-12-30T00:00:00Z"), FeedPlacement.Source.ARXIV, null));

            test.app().hfDailyImporter().importPath(Fixtures.hfDay("2025-12-30"), Progress.NONE);

            assertThat(test.app().catalogue().find("2512.23576").orElseThrow().placement())
                    .isEqualTo(new FeedPlacement(LocalDate.of(2025, 12, 30),
                            Instant.parse("2025-12-30T02:36:23.479Z"), FeedPlacement.Source.HF, null));
        }
    }

    @Test
    void an_arxiv_placement_never_replaces_a_hugging_face_one() {
        try (TestApp test = TestApp.empty()) {
            test.app().hfDailyImporter().importPath(Fixtures.hfDay("2025-12-30"), Progress.NONE);
            FeedPlacement fromHf = test.app().catalogue().find("2512.23576").orElseThrow().placement();

            test.app().snapshotImporter().importFile(
                    Fixtures.write(dir, "cs.jsonl", List.of(Fixtures.arxivCsLine("2512.23576"))), Progress.NONE);

            assertThat(test.app().catalogue().find("2512.23576").orElseThrow().placement())
                    .isEqualTo(fromHf)
                    .extracting(FeedPlacement::source).isEqualTo(FeedPlacement.Source.HF);
        }
    }
}
