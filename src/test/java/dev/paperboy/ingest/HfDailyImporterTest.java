package dev.paperboy.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.paperboy.TestApp;
import dev.paperboy.paper.Catalogue.FeedQuery;
import dev.paperboy.paper.FeedPlacement;
import dev.paperboy.paper.Listing;
import dev.paperboy.paper.Paper;
import dev.paperboy.paper.UpsertCounts;
import java.io.ByteArrayInputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Hugging Face daily-papers importer against real captured {@code /api/daily_papers} responses. */
class HfDailyImporterTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final LocalDate DAY = LocalDate.of(2025, 12, 30);

    @TempDir
    Path dir;

    private final TestApp test = TestApp.empty();

    @AfterEach
    void close() {
        test.close();
    }

    private ImportReport importPath(Path path) {
        return test.app().hfDailyImporter().importPath(path, Progress.NONE);
    }

    private Listing listing(String id) {
        return test.app().catalogue().find(id).orElseThrow(() -> new AssertionError(id + " was not imported"));
    }

    private int feedCountOn(LocalDate day) {
        return test.app().catalogue().feedCount(new FeedQuery(day, day.plusDays(1), null, false, null));
    }

    private static ArrayNode day(String day) throws Exception {
        return (ArrayNode) JSON.readTree(Fixtures.gunzip(Fixtures.hfDay(day)));
    }

    @Test
    void every_paper_of_a_real_day_is_imported_into_that_day() {
        ImportReport report = importPath(Fixtures.hfDay("2025-12-30"));

        assertThat(report.read()).isEqualTo(20);
        assertThat(report.counts()).isEqualTo(new UpsertCounts(20, 0, 0));
        assertThat(report.clean()).isTrue();
        assertThat(test.app().catalogue().count()).isEqualTo(20);
        assertThat(feedCountOn(DAY)).isEqualTo(20);
    }

    @Test
    void a_paper_keeps_its_upvotes_metadata_and_the_day_of_the_file() {
        importPath(Fixtures.hfDay("2025-12-30"));

        Listing listing = listing("2512.23447");
        assertThat(listing.upvotes()).isEqualTo(43);
        // The item's top-level publishedAt (2025-12-29T08:03:18Z) is a shifted arXiv time, not the feed day.
        assertThat(listing.placement()).isEqualTo(new FeedPlacement(
                DAY, Instant.parse("2025-12-30T01:18:40.635Z"), FeedPlacement.Source.HF, null));
        Paper p = listing.paper();
        assertThat(p.title()).isEqualTo("Coupling Experts and Routers in Mixture-of-Experts via an Auxiliary Loss");
        assertThat(p.authors()).containsExactly("Ang Lv", "Jin Ma", "Yiyuan Ma", "Siyuan Qiao");
        assertThat(p.abstractText()).startsWith("Mixture-of-Experts (MoE) models lack explicit constraints");
        assertThat(p.published()).isEqualTo(LocalDate.of(2025, 12, 29));
        assertThat(p.versionCount()).isEqualTo(1);
        assertThat(p.categories()).isEmpty();
        assertThat(p.aiKeywords()).hasSize(8).startsWith("Mixture-of-Experts (MoE)").endsWith("n² activations");
        assertThat(p.githubRepo()).isNull();
        assertThat(p.projectPage()).isNull();
    }

    @Test
    void a_paper_published_days_earlier_still_enters_the_feed_on_the_day_of_the_file() {
        importPath(Fixtures.hfDay("2025-12-30"));

        Listing listing = listing("2512.15560");
        assertThat(listing.paper().published()).isEqualTo(LocalDate.of(2025, 12, 17));
        assertThat(listing.placement().day()).isEqualTo(DAY);
        assertThat(listing.upvotes()).isEqualTo(15);
    }

    @Test
    void the_github_repo_and_project_page_are_mapped() {
        importPath(Fixtures.hfDay("2025-12-30"));

        Paper yume = listing("2512.22096").paper();
        assertThat(yume.githubRepo()).isEqualTo("https://github.com/stdstu12/YUME");
        assertThat(yume.projectPage()).isEqualTo("https://stdstu12.github.io/YUME-Project/");
        assertThat(listing("2512.22096").hasCode()).isTrue();
        Paper liveTalk = listing("2512.23576").paper();
        assertThat(liveTalk.githubRepo()).isEqualTo("https://github.com/GAIR-NLP/LiveTalk");
        assertThat(liveTalk.aiKeywords()).hasSize(10).contains("on-policy distillation");
        assertThat(listing("2512.22322").paper().projectPage())
                .isEqualTo("https://huggingface.co/collections/yolay/smartsnap");
    }

    @Test
    void a_folder_imports_every_day_file_in_date_order_and_ignores_other_files() throws Exception {
        for (String day : List.of("2025-12-31", "2025-12-29", "2025-12-30")) {
            Files.copy(Fixtures.hfDay(day), dir.resolve(day + ".json.gz"));
        }
        Files.writeString(dir.resolve("README.txt"), "not a day");
        Files.writeString(dir.resolve("notes.json"), "{\"not\": \"a day\"}");
        var progress = new ArrayList<String>();

        ImportReport report = test.app().hfDailyImporter()
                .importPath(dir, (done, total) -> progress.add(done + "/" + total));

        assertThat(report.read()).isEqualTo(13 + 20 + 4);
        assertThat(report.counts()).isEqualTo(new UpsertCounts(37, 0, 0));
        assertThat(report.clean()).isTrue();
        assertThat(feedCountOn(LocalDate.of(2025, 12, 29))).isEqualTo(13);
        assertThat(feedCountOn(DAY)).isEqualTo(20);
        assertThat(feedCountOn(LocalDate.of(2025, 12, 31))).isEqualTo(4);
        assertThat(progress).containsExactly("1/3", "2/3", "3/3");
    }

    @Test
    void importing_a_day_twice_changes_nothing() {
        importPath(Fixtures.hfDay("2025-12-30"));
        Listing before = listing("2512.23447");

        ImportReport again = importPath(Fixtures.hfDay("2025-12-30"));

        assertThat(again.counts()).isEqualTo(new UpsertCounts(0, 0, 20));
        assertThat(test.app().catalogue().count()).isEqualTo(20);
        assertThat(listing("2512.23447")).isEqualTo(before);
    }

    @Test
    void a_day_imported_after_the_arxiv_record_adds_its_upvotes_github_repo_and_keywords() {
        // The usual order: bulk arXiv first, Hugging Face days later. The arXiv record (v1 announced 2025-12-30)
        // looks newer than Hugging Face's (published 2025-12-29), but only Hugging Face knows the repo and keywords.
        Path arxiv = Fixtures.write(dir, "cs.jsonl", List.of(Fixtures.arxivCsLine("2512.23576")));
        test.app().snapshotImporter().importFile(arxiv, Progress.NONE);

        importPath(Fixtures.hfDay("2025-12-30"));

        Listing listing = listing("2512.23576");
        assertThat(listing.upvotes()).isEqualTo(39);
        assertThat(listing.placement().source()).isEqualTo(FeedPlacement.Source.HF);
        assertThat(listing.paper().categories()).containsExactly("cs.CV");
        assertThat(listing.paper().published()).isEqualTo(LocalDate.of(2025, 12, 30));
        assertThat(listing.paper().githubRepo()).isEqualTo("https://github.com/GAIR-NLP/LiveTalk");
        assertThat(listing.paper().aiKeywords()).hasSize(10).contains("on-policy distillation");
    }

    @Test
    void a_plain_json_day_file_imports_like_the_gzip_one() throws Exception {
        Path plain = Fixtures.writeBytes(dir, "2025-12-30.json", Fixtures.gunzip(Fixtures.hfDay("2025-12-30")));

        ImportReport report = importPath(plain);

        assertThat(report.counts().inserted()).isEqualTo(20);
        assertThat(listing("2512.23447").placement().day()).isEqualTo(DAY);
    }

    @Test
    void no_personal_field_of_the_dump_is_stored() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeFalse(dev.paperboy.TestDatabases.postgresql(), "reads every column through SQLite's PRAGMA table_info");
        importPath(Fixtures.hfDay("2025-12-30"));
        // Every submitter's account id and avatar in the real file. (Handles and full names are no test: submitters
        // are often authors, and a handle can be part of a public project page such as a Hugging Face collection.)
        var personal = new HashSet<String>();
        for (JsonNode item : day("2025-12-30")) {
            for (JsonNode who : List.of(item.path("submittedBy"), item.path("paper").path("submittedOnDailyBy"))) {
                for (String field : List.of("_id", "avatarUrl")) {
                    if (who.hasNonNull(field)) {
                        personal.add(who.get(field).asText());
                    }
                }
            }
        }
        // Over 20 distinct values in the recorded file; the test copy has placeholders of the same shape instead.
        assertThat(personal).isNotEmpty();

        assertThat(columns("papers"))
                .noneMatch(c -> c.contains("submit") || c.contains("user") || c.contains("avatar"));
        assertThat(Fixtures.count(test, "SELECT COUNT(*) FROM feed_entries WHERE submitter IS NOT NULL")).isZero();
        String everything = String.join("\n", allValues("papers")) + String.join("\n", allValues("feed_entries"));
        assertThat(personal).allSatisfy(value -> assertThat(everything).doesNotContain(value));
    }

    @Test
    void a_file_that_is_not_a_json_array_is_reported_and_the_other_days_imported() throws Exception {
        Files.copy(Fixtures.hfDay("2025-12-30"), dir.resolve("2025-12-30.json.gz"));
        Files.writeString(dir.resolve("2025-12-29.json"), "{\"error\": \"Invalid date\"}");

        ImportReport report = importPath(dir);

        assertThat(report.problems()).singleElement().satisfies(p -> {
            assertThat(p.source()).isEqualTo("2025-12-29.json");
            assertThat(p.reason()).contains("expected a JSON array");
        });
        assertThat(report.skipped()).isEqualTo(1);
        assertThat(report.clean()).isFalse();
        assertThat(report.counts().inserted()).isEqualTo(20);
        assertThat(feedCountOn(DAY)).isEqualTo(20);
    }

    @Test
    void a_file_of_invalid_json_is_reported_and_the_other_days_imported() throws Exception {
        Files.copy(Fixtures.hfDay("2025-12-30"), dir.resolve("2025-12-30.json.gz"));
        byte[] day = Fixtures.gunzip(Fixtures.hfDay("2025-12-31"));
        Files.write(dir.resolve("2025-12-31.json"), Arrays.copyOf(day, day.length / 2));

        ImportReport report = importPath(dir);

        assertThat(report.problems()).singleElement().satisfies(p -> {
            assertThat(p.source()).isEqualTo("2025-12-31.json");
            assertThat(p.reason()).startsWith("invalid JSON");
        });
        assertThat(report.counts().inserted()).isEqualTo(20);
        assertThat(feedCountOn(LocalDate.of(2025, 12, 31))).isZero();
    }

    @Test
    void a_truncated_gzip_day_is_reported_as_truncated() throws Exception {
        Files.copy(Fixtures.hfDay("2025-12-30"), dir.resolve("2025-12-30.json.gz"));
        byte[] gz = Files.readAllBytes(Fixtures.hfDay("2025-12-31"));
        Files.write(dir.resolve("2025-12-31.json.gz"), Arrays.copyOf(gz, gz.length / 2));

        ImportReport report = importPath(dir);

        assertThat(report.truncated()).isTrue();
        assertThat(report.clean()).isFalse();
        assertThat(report.problems()).singleElement().satisfies(p -> {
            assertThat(p.source()).isEqualTo("2025-12-31.json.gz");
            assertThat(p.reason()).contains("truncated");
        });
        assertThat(report.counts().inserted()).isEqualTo(20);
    }

    @Test
    void an_item_without_a_paper_id_is_reported_and_the_others_imported() throws Exception {
        ArrayNode items = day("2025-12-30");
        String removed = items.get(2).path("paper").path("id").asText();
        ((ObjectNode) items.get(2).get("paper")).remove("id");
        Path file = Fixtures.writeBytes(dir, "2025-12-30.json", JSON.writeValueAsBytes(items));

        ImportReport report = importPath(file);

        assertThat(report.read()).isEqualTo(20);
        assertThat(report.skipped()).isEqualTo(1);
        assertThat(report.counts().inserted()).isEqualTo(19);
        assertThat(report.problems()).singleElement().satisfies(p -> {
            assertThat(p.source()).isEqualTo("2025-12-30.json");
            assertThat(p.line()).as("the item's position in the array").isEqualTo(3);
            assertThat(p.reason()).contains("arXiv id");
        });
        assertThat(test.app().catalogue().find(removed)).isEmpty();
        assertThat(test.app().catalogue().find("2512.23447")).isPresent();
    }

    @Test
    void an_item_without_a_paper_object_is_reported() throws Exception {
        ArrayNode items = day("2025-12-31");
        ((ObjectNode) items.get(0)).remove("paper");

        ImportReport report = importPath(Fixtures.writeBytes(dir, "2025-12-31.json", JSON.writeValueAsBytes(items)));

        assertThat(report.problems()).singleElement().satisfies(p -> {
            assertThat(p.line()).isEqualTo(1);
            assertThat(p.reason()).isEqualTo("item has no 'paper' object");
        });
        assertThat(report.counts().inserted()).isEqualTo(3);
    }

    @Test
    void a_stream_without_a_dated_name_takes_the_day_from_submitted_on_daily_at() throws Exception {
        byte[] json = Fixtures.gunzip(Fixtures.hfDay("2025-12-30"));

        ImportReport report = test.app().hfDailyImporter()
                .importStream("daily_papers.json", new ByteArrayInputStream(json));

        assertThat(report.counts().inserted()).isEqualTo(20);
        assertThat(listing("2512.23447").placement().day()).isEqualTo(DAY);
    }

    @Test
    void a_path_that_does_not_exist_fails_naming_it() {
        Path missing = dir.resolve("2025-01-01.json.gz");

        assertThatThrownBy(() -> importPath(missing))
                .isInstanceOf(UncheckedIOException.class)
                .hasMessageContaining("2025-01-01.json.gz");
    }

    private List<String> columns(String table) throws SQLException {
        var names = new ArrayList<String>();
        try (var connection = Fixtures.sql(test);
                var rows = connection.createStatement().executeQuery("PRAGMA table_info(" + table + ")")) {
            while (rows.next()) {
                names.add(rows.getString("name"));
            }
        }
        assertThat(names).contains("id");
        return names;
    }

    private List<String> allValues(String table) throws SQLException {
        var values = new ArrayList<String>();
        try (var connection = Fixtures.sql(test);
                var rows = connection.createStatement().executeQuery("SELECT * FROM " + table)) {
            int n = rows.getMetaData().getColumnCount();
            while (rows.next()) {
                for (int i = 1; i <= n; i++) {
                    values.add(String.valueOf(rows.getString(i)));
                }
            }
        }
        return values;
    }
}
