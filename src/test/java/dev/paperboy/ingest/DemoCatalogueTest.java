package dev.paperboy.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.paperboy.TestApp;
import dev.paperboy.paper.Catalogue.FeedQuery;
import dev.paperboy.paper.FeedPlacement;
import dev.paperboy.paper.Listing;
import dev.paperboy.paper.UpsertCounts;
import java.time.Instant;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;

/** The demo catalogue bundled in the jar: the 48 papers of the seed page and 42 days of Hugging Face papers. */
class DemoCatalogueTest {

    @Test
    void the_demo_loads_the_seed_page_and_sixty_days_of_hugging_face_papers() {
        try (TestApp test = TestApp.withDemo()) {
            assertThat(test.app().catalogue().count()).isEqualTo(48 + 637);
            assertThat(test.app().catalogue().feedCount(FeedQuery.all())).isEqualTo(685);
            assertThat(DemoCatalogue.seedPage()).hasSize(48);
        }
    }

    @Test
    void the_seed_page_paper_is_in_the_feed_on_the_day_the_page_listed_it() {
        try (TestApp test = TestApp.withDemo()) {
            Listing listing = test.app().catalogue().find("2402.11215").orElseThrow();

            assertThat(listing.paper().title())
                    .isEqualTo("AdAdaGrad: Adaptive Batch Size Schemes for Adaptive Gradient Methods");
            assertThat(listing.paper().authors()).containsExactly("Tim Tsz-Kit Lau", "Han Liu", "Mladen Kolar");
            assertThat(listing.paper().published()).isEqualTo(LocalDate.of(2024, 2, 17));
            assertThat(listing.placement()).isEqualTo(new FeedPlacement(LocalDate.of(2024, 2, 17),
                    Instant.parse("2024-02-17T00:00:00Z"), FeedPlacement.Source.HF, null));
            assertThat(test.app().catalogue().feedCount(
                    new FeedQuery(LocalDate.of(2024, 2, 17), LocalDate.of(2024, 2, 18), null, false, null)))
                    .isPositive();
        }
    }

    @Test
    void a_bundled_hugging_face_day_keeps_its_upvotes_and_day() {
        try (TestApp test = TestApp.withDemo()) {
            Listing listing = test.app().catalogue().find("2512.23447").orElseThrow();

            assertThat(listing.upvotes()).isEqualTo(43);
            assertThat(listing.placement().day()).isEqualTo(LocalDate.of(2025, 12, 30));
            assertThat(listing.placement().submitter()).isNull();
            assertThat(listing.paper().aiKeywords()).contains("n² activations");
        }
    }

    @Test
    void a_demo_paper_keeps_the_github_repo_and_keywords_from_hugging_face() {
        try (TestApp test = TestApp.withDemo()) {
            Listing listing = test.app().catalogue().find("2512.23576").orElseThrow();

            assertThat(listing.upvotes()).isEqualTo(39);
            assertThat(listing.paper().githubRepo()).isEqualTo("https://github.com/GAIR-NLP/LiveTalk");
            assertThat(listing.paper().aiKeywords()).hasSize(10);
            assertThat(listing.placement().source()).isEqualTo(FeedPlacement.Source.HF);
        }
    }

    @Test
    void loading_the_demo_twice_changes_nothing() {
        try (TestApp test = TestApp.withDemo()) {
            Listing before = test.app().catalogue().find("2402.11215").orElseThrow();
            var demo = new DemoCatalogue(test.app().catalogue(), test.app().hfDailyImporter());

            UpsertCounts again = demo.load();

            // Every bundled record comes back unchanged (at least one per paper; some papers have two sources).
            assertThat(again.inserted()).isZero();
            assertThat(again.updated()).isZero();
            assertThat(again.unchanged()).isGreaterThanOrEqualTo(685);
            assertThat(test.app().catalogue().count()).isEqualTo(685);
            assertThat(test.app().catalogue().feedCount(FeedQuery.all())).isEqualTo(685);
            assertThat(test.app().catalogue().find("2402.11215")).contains(before);
        }
    }

    @Test
    void the_demo_is_not_loaded_into_a_catalogue_that_already_has_papers() {
        try (TestApp test = TestApp.create(true, TestApp.DEMO_NOW)) {
            test.app().snapshotImporter().importFile(Fixtures.SNAPSHOT_200, Progress.NONE);

            test.app().loadDemoIfEmpty();

            assertThat(test.app().catalogue().count()).isEqualTo(200);
            assertThat(test.app().catalogue().find("2402.11215")).isEmpty();
        }
    }

    @Test
    void an_empty_test_app_loads_no_demo() {
        try (TestApp test = TestApp.empty()) {
            test.app().loadDemoIfEmpty();

            assertThat(test.app().catalogue().count()).isZero();
        }
    }
}
