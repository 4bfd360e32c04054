package dev.paperboy.ingest;

import static dev.paperboy.ingest.Fixtures.SNAPSHOT_200;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.paperboy.TestApp;
import dev.paperboy.paper.Catalogue.FeedQuery;
import dev.paperboy.paper.Catalogue.Order;
import dev.paperboy.paper.FeedPlacement;
import dev.paperboy.paper.Listing;
import dev.paperboy.paper.Paper;
import dev.paperboy.paper.UpsertCounts;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The arXiv snapshot importer against the genuine Kaggle snapshot records, plain and gzip. */
class SnapshotImporterTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private final TestApp test = TestApp.empty();

    @AfterEach
    void close() {
        test.close();
    }

    private ImportReport importFile(Path file) {
        return test.app().snapshotImporter().importFile(file, Progress.NONE);
    }

    private Paper paper(String id) {
        return listing(id).paper();
    }

    private Listing listing(String id) {
        return test.app().catalogue().find(id).orElseThrow(() -> new AssertionError(id + " was not imported"));
    }

    @Test
    void every_record_of_the_genuine_snapshot_head_imports() {
        ImportReport report = importFile(SNAPSHOT_200);

        assertThat(report.read()).isEqualTo(200);
        assertThat(report.counts()).isEqualTo(new UpsertCounts(200, 0, 0));
        assertThat(report.skipped()).isZero();
        assertThat(report.problems()).isEmpty();
        assertThat(report.truncated()).isFalse();
        assertThat(report.resumedAfterLine()).isZero();
        assertThat(report.clean()).isTrue();
        assertThat(test.app().catalogue().count()).isEqualTo(200);
        assertThat(test.app().catalogue().find("0704.0200")).isPresent();
    }

    @Test
    void a_finished_import_leaves_no_checkpoint_behind() {
        importFile(SNAPSHOT_200);

        assertThat(Fixtures.count(test, "SELECT COUNT(*) FROM import_checkpoints")).isZero();
    }

    @Test
    void every_field_of_the_first_snapshot_record_is_mapped() {
        importFile(SNAPSHOT_200);

        Paper p = paper("0704.0001");
        // The title is hard-wrapped with a newline and two spaces in the snapshot.
        assertThat(p.title())
                .isEqualTo("Calculation of prompt diphoton production cross sections at Tevatron and LHC energies");
        // authors_parsed is [keyname, forenames, suffix] with real UTF-8; "authors" has the TeX escape C. Bal\'azs.
        assertThat(p.authors()).containsExactly("C. Balázs", "E. L. Berger", "P. M. Nadolsky", "C. -P. Yuan");
        assertThat(p.categories()).containsExactly("hep-ph");
        assertThat(p.primaryCategory()).isEqualTo("hep-ph");
        assertThat(p.published()).isEqualTo(LocalDate.of(2007, 4, 2));
        assertThat(p.updated()).isEqualTo(LocalDate.of(2007, 7, 24));
        assertThat(p.versionCount()).isEqualTo(2);
        assertThat(p.comments()).isEqualTo("37 pages, 15 figures; published version");
        assertThat(p.journalRef()).isEqualTo("Phys.Rev.D76:013009,2007");
        assertThat(p.doi()).isEqualTo("10.1103/PhysRevD.76.013009");
        assertThat(p.reportNo()).isEqualTo("ANL-HEP-PR-07-12");
        assertThat(p.license()).isNull();
        assertThat(p.abstractText())
                .startsWith("A fully differential calculation in perturbative quantum chromodynamics is presented")
                .endsWith("can be obtained with judicious selection of events.")
                .doesNotContain("\n", "  ");
        assertThat(p.codeLinks()).isEmpty();
        assertThat(p.githubRepo()).isNull();
        assertThat(p.projectPage()).isNull();
        assertThat(p.aiKeywords()).isEmpty();
        assertThat(listing("0704.0001").upvotes()).isZero();
    }

    @Test
    void a_licence_url_multiline_journal_ref_and_two_dois_are_kept_as_single_lines() {
        importFile(SNAPSHOT_200);

        Paper p = paper("0704.0033");
        assertThat(p.license()).isEqualTo("http://creativecommons.org/licenses/by-nc-nd/4.0/");
        assertThat(p.journalRef())
                .isEqualTo("J.Opt.Soc.Am.A 23, 2578-2591 (2006); Erratum: J.Opt.Soc.Am.A 32, 2407-2408 (2015)");
        assertThat(p.doi()).isEqualTo("10.1364/JOSAA.23.002578 10.1364/JOSAA.32.002407");
        assertThat(p.reportNo()).isNull();
        // v1 in 2007, v2 fifteen years later.
        assertThat(p.published()).isEqualTo(LocalDate.of(2007, 3, 31));
        assertThat(p.updated()).isEqualTo(LocalDate.of(2022, 3, 29));
        assertThat(p.comments()).startsWith("23 pages, 5 figures; added several corrections").doesNotContain("\n");
    }

    @Test
    void categories_keep_the_primary_first_and_a_licence_url_is_stored() {
        importFile(SNAPSHOT_200);

        Paper p = paper("0704.0002");
        assertThat(p.categories()).containsExactly("math.CO", "cs.CG");
        assertThat(p.primaryCategory()).isEqualTo("math.CO");
        assertThat(p.license()).isEqualTo("http://arxiv.org/licenses/nonexclusive-distrib/1.0/");
        assertThat(p.authors()).containsExactly("Ileana Streinu", "Louis Theran");
        assertThat(paper("0704.0090").categories())
                .containsExactly("cs.CE", "cond-mat.stat-mech", "cs.MS", "cs.NA", "physics.data-an");
    }

    @Test
    void five_versions_give_the_first_and_last_dates() {
        importFile(SNAPSHOT_200);

        Paper p = paper("0704.0064");
        assertThat(p.versionCount()).isEqualTo(5);
        assertThat(p.published()).isEqualTo(LocalDate.of(2007, 4, 1));
        assertThat(p.updated()).isEqualTo(LocalDate.of(2008, 10, 24));
    }

    @Test
    void a_name_suffix_follows_the_surname() {
        importFile(SNAPSHOT_200);

        assertThat(paper("0704.0009").authors()).contains("Neal J. Evans II");
        // TeX accents in "authors" (P\'eter, Tom\`as) come out as the UTF-8 of authors_parsed.
        assertThat(paper("0704.0028").authors()).containsExactly("Péter E. Frenkel");
        assertThat(paper("0704.0032").authors()).contains("R. Tomàs");
    }

    @Test
    void papers_in_the_configured_categories_enter_the_feed_on_their_first_version_day() {
        importFile(SNAPSHOT_200);

        // The defaults are cs.* and stat.ML; eight of the 200 list a cs category (0704.0002 and 0704.0046 only
        // as a cross-list).
        List<String> inFeed = test.app().catalogue().feed(FeedQuery.all(), Order.NEWEST, 0, 100).stream()
                .map(l -> l.paper().id())
                .toList();
        assertThat(inFeed).containsExactlyInAnyOrder(
                "0704.0002", "0704.0046", "0704.0047", "0704.0050", "0704.0062", "0704.0090", "0704.0098",
                "0704.0108");
        FeedPlacement placement = listing("0704.0002").placement();
        assertThat(placement.source()).isEqualTo(FeedPlacement.Source.ARXIV);
        assertThat(placement.day()).isEqualTo(LocalDate.of(2007, 3, 31));
        assertThat(placement.enteredAt()).isEqualTo(Instant.parse("2007-03-31T00:00:00Z"));
        assertThat(placement.submitter()).isNull();
        assertThat(listing("0704.0001").placement()).isNull();
    }

    @Test
    void an_old_style_id_is_stored_in_its_canonical_form() {
        // The 200 genuine records are all 0704.xxxx, so this takes the first one and gives it old-style ids, once
        // plain and once with the subject class that pre-2007 OAI records carry.
        var lines = new ArrayList<>(Fixtures.snapshotLines().subList(0, 2));
        lines.set(0, lines.get(0).replace("\"id\":\"0704.0001\"", "\"id\":\"hep-ph/0307015\""));
        lines.set(1, lines.get(1).replace("\"id\":\"0704.0002\"", "\"id\":\"math.CO/0309136\""));

        ImportReport report = importFile(Fixtures.write(dir, "old-style.jsonl", lines));

        assertThat(report.clean()).isTrue();
        assertThat(paper("hep-ph/0307015").authors()).contains("C. Balázs");
        assertThat(paper("math/0309136").title()).isEqualTo("Sparsity-certifying Graph Decompositions");
        assertThat(test.app().catalogue().find("math.CO/0309136")).isEmpty();
    }

    @Test
    void a_github_url_in_an_abstract_becomes_a_code_link_and_the_github_repo() {
        // Real arxiv-cs lines: the URL ends one abstract; the next has www. and a full stop; the third a full stop.
        Path file = Fixtures.write(dir, "with-code.jsonl", List.of(
                Fixtures.arxivCsLine("2503.11781"), Fixtures.arxivCsLine("2503.11787"),
                Fixtures.arxivCsLine("2503.11792")));

        ImportReport report = importFile(file);

        assertThat(report.counts().inserted()).isEqualTo(3);
        assertThat(paper("2503.11781").codeLinks()).containsExactly("https://github.com/gosha20777/cmKAN");
        assertThat(paper("2503.11781").githubRepo()).isEqualTo("https://github.com/gosha20777/cmKAN");
        assertThat(paper("2503.11787").githubRepo()).isEqualTo("https://github.com/sremedios/eclare");
        assertThat(paper("2503.11792").githubRepo()).isEqualTo("https://github.com/ubc-3d-vision-lab/StyleMorpheus");
        assertThat(listing("2503.11792").hasCode()).isTrue();
        // The arxiv-cs layout: a "authors" string joined with "and", authors_parsed split at the last space.
        assertThat(paper("2503.11781").authors()).hasSize(7).startsWith("Artem Nikonorov").endsWith("Radu Timofte");
    }

    @Test
    void the_gzip_file_imports_exactly_like_the_plain_one() throws Exception {
        Path gz = Fixtures.writeBytes(dir, "arxiv-metadata-oai-snapshot.head200.jsonl.gz",
                Files.readAllBytes(SNAPSHOT_200));
        ImportReport plain = importFile(SNAPSHOT_200);

        try (TestApp other = TestApp.empty()) {
            ImportReport compressed = other.app().snapshotImporter().importFile(gz, Progress.NONE);

            assertThat(compressed.read()).isEqualTo(plain.read()).isEqualTo(200);
            assertThat(compressed.counts()).isEqualTo(plain.counts());
            assertThat(compressed.clean()).isTrue();
            for (int n = 1; n <= 200; n++) {
                String id = String.format("0704.%04d", n);
                assertThat(other.app().catalogue().find(id)).as(id).contains(listing(id));
            }
        }
    }

    @Test
    void progress_reaches_the_size_of_the_file() throws Exception {
        var reports = new ArrayList<long[]>();

        test.app().snapshotImporter().importFile(SNAPSHOT_200, (done, total) -> reports.add(new long[] {done, total}));

        long size = Files.size(SNAPSHOT_200);
        assertThat(reports).isNotEmpty();
        assertThat(reports.getLast()).containsExactly(size, size);
    }

    @Test
    void importing_twice_changes_nothing() {
        importFile(SNAPSHOT_200);
        int feedBefore = test.app().catalogue().feedCount(FeedQuery.all());
        Listing before = listing("0704.0001");

        ImportReport again = importFile(SNAPSHOT_200);

        assertThat(again.read()).isEqualTo(200);
        assertThat(again.counts()).isEqualTo(new UpsertCounts(0, 0, 200));
        assertThat(again.resumedAfterLine()).isZero();
        assertThat(test.app().catalogue().count()).isEqualTo(200);
        assertThat(test.app().catalogue().feedCount(FeedQuery.all())).isEqualTo(feedBefore).isEqualTo(8);
        assertThat(listing("0704.0001")).isEqualTo(before);
    }

    @Test
    void a_newer_snapshot_version_updates_metadata_but_keeps_hugging_face_upvotes_and_feed_day() throws Exception {
        // 2512.23576 is on Hugging Face's 2025-12-30 page with 39 upvotes and a GitHub repo. Its arxiv-cs record
        // has one version; the snapshot's later state is that record with a v2 and a revised title.
        test.app().hfDailyImporter().importPath(Fixtures.hfDay("2025-12-30"), Progress.NONE);
        Listing fromHf = listing("2512.23576");
        String v2 = withVersion2(Fixtures.arxivCsLine("2512.23576"), "Tue, 13 Jan 2026 18:00:00 GMT",
                "LiveTalk: Real-Time Multimodal Interactive Video Diffusion (revised)");

        ImportReport report = importFile(Fixtures.write(dir, "update.jsonl", List.of(v2)));

        assertThat(report.counts()).isEqualTo(new UpsertCounts(0, 1, 0));
        Listing now = listing("2512.23576");
        assertThat(now.paper().title())
                .isEqualTo("LiveTalk: Real-Time Multimodal Interactive Video Diffusion (revised)");
        assertThat(now.paper().versionCount()).isEqualTo(2);
        assertThat(now.paper().updated()).isEqualTo(LocalDate.of(2026, 1, 13));
        assertThat(now.paper().categories()).containsExactly("cs.CV");
        assertThat(now.upvotes()).isEqualTo(fromHf.upvotes()).isEqualTo(39);
        assertThat(now.placement()).isEqualTo(fromHf.placement());
        assertThat(now.placement().day()).isEqualTo(LocalDate.of(2025, 12, 30));
        assertThat(now.placement().source()).isEqualTo(FeedPlacement.Source.HF);
        // What only Hugging Face knows survives a record that lacks it.
        assertThat(now.paper().githubRepo()).isEqualTo("https://github.com/GAIR-NLP/LiveTalk");
        assertThat(now.paper().aiKeywords()).isEqualTo(fromHf.paper().aiKeywords()).hasSize(10);
    }

    @Test
    void an_older_snapshot_version_does_not_overwrite_a_newer_one() throws Exception {
        String v1 = Fixtures.arxivCsLine("2512.23576");
        String v2 = withVersion2(v1, "Tue, 13 Jan 2026 18:00:00 GMT", "LiveTalk (revised)");
        importFile(Fixtures.write(dir, "v2.jsonl", List.of(v2)));

        ImportReport report = importFile(Fixtures.write(dir, "v1.jsonl", List.of(v1)));

        assertThat(report.counts()).isEqualTo(new UpsertCounts(0, 0, 1));
        Paper p = paper("2512.23576");
        assertThat(p.title()).isEqualTo("LiveTalk (revised)");
        assertThat(p.versionCount()).isEqualTo(2);
        assertThat(p.updated()).isEqualTo(LocalDate.of(2026, 1, 13));
    }

    @Test
    void an_interrupted_import_resumes_after_its_last_checkpoint() throws Exception {
        // A real run over a private copy, then the state an interruption after line 150 leaves: the checkpoint the
        // importer writes with each batch (key: real path | size | mtime) and nothing after that line.
        Path copy = Files.copy(SNAPSHOT_200, dir.resolve("snapshot.jsonl"));
        importFile(copy);
        Path real = copy.toRealPath();
        String key = real + "|" + Files.size(real) + "|" + Files.getLastModifiedTime(real).toMillis();
        Fixtures.execute(test, "INSERT INTO import_checkpoints (source, line, updated_at) VALUES (?, 150, ?)",
                key, "2025-12-31T10:00:00Z");
        Fixtures.execute(test, "DELETE FROM feed_entries WHERE paper_id > '0704.0150'");
        Fixtures.execute(test, "DELETE FROM papers WHERE id > '0704.0150'");
        assertThat(test.app().catalogue().count()).isEqualTo(150);

        ImportReport report = importFile(copy);

        assertThat(report.resumedAfterLine()).isEqualTo(150);
        assertThat(report.read()).isEqualTo(50);
        assertThat(report.counts()).isEqualTo(new UpsertCounts(50, 0, 0));
        assertThat(report.summary()).contains("resumed after line 150");
        assertThat(test.app().catalogue().count()).isEqualTo(200);
        assertThat(test.app().catalogue().find("0704.0151")).isPresent();
        assertThat(test.app().catalogue().find("0704.0200")).isPresent();
        assertThat(Fixtures.count(test, "SELECT COUNT(*) FROM import_checkpoints")).isZero();
    }

    @Test
    void a_changed_file_does_not_resume_from_the_checkpoint_of_its_earlier_content() throws Exception {
        Path copy = Files.copy(SNAPSHOT_200, dir.resolve("snapshot.jsonl"));
        Path real = copy.toRealPath();
        String oldKey = real + "|" + Files.size(real) + "|" + Files.getLastModifiedTime(real).toMillis();
        Fixtures.execute(test, "INSERT INTO import_checkpoints (source, line, updated_at) VALUES (?, 150, ?)",
                oldKey, "2025-12-31T10:00:00Z");
        Files.write(copy, Fixtures.snapshotLines().subList(0, 199));

        ImportReport report = importFile(copy);

        assertThat(report.resumedAfterLine()).isZero();
        assertThat(report.read()).isEqualTo(199);
    }

    @Test
    void line_numbers_stay_right_across_batches_and_a_resume_skips_whole_batches() throws Exception {
        // 2,500 real lines are three batches of at most 1,000; line 1,501 is damaged.
        var lines = new ArrayList<>(Fixtures.arxivCsHead(2_500));
        lines.set(1_500, lines.get(1_500).substring(0, 200));
        Path file = Fixtures.write(dir, "cs.jsonl", lines);

        ImportReport first = importFile(file);

        assertThat(first.read()).isEqualTo(2_500);
        assertThat(first.counts().inserted()).isEqualTo(2_499);
        assertThat(first.problems()).singleElement().satisfies(p -> assertThat(p.line()).isEqualTo(1_501));
        assertThat(test.app().catalogue().count()).isEqualTo(2_499);

        // As if the run had stopped after committing its first batch.
        Path real = file.toRealPath();
        String key = real + "|" + Files.size(real) + "|" + Files.getLastModifiedTime(real).toMillis();
        Fixtures.execute(test, "INSERT INTO import_checkpoints (source, line, updated_at) VALUES (?, 1000, ?)",
                key, "2025-12-31T10:00:00Z");
        var after = new ArrayList<String>();
        for (String line : lines.subList(1_000, 2_500)) {
            if (line.endsWith("}")) {
                after.add(JSON.readTree(line).get("id").asText());
            }
        }
        Fixtures.deletePapers(test, after);
        assertThat(test.app().catalogue().count()).isEqualTo(1_000);

        ImportReport resumed = importFile(file);

        assertThat(resumed.resumedAfterLine()).isEqualTo(1_000);
        assertThat(resumed.read()).isEqualTo(1_500);
        assertThat(resumed.counts()).isEqualTo(new UpsertCounts(1_499, 0, 0));
        assertThat(resumed.problems()).singleElement().satisfies(p -> assertThat(p.line()).isEqualTo(1_501));
        assertThat(test.app().catalogue().count()).isEqualTo(2_499);
    }

    /** The record with a second version appended (so its last version date changes) and a new title. */
    static String withVersion2(String line, String created, String title) throws Exception {
        ObjectNode record = (ObjectNode) JSON.readTree(line);
        ArrayNode versions = (ArrayNode) record.get("versions");
        versions.addObject().put("version", "v2").put("created", created);
        record.put("title", title);
        record.put("update_date", "2026-01-14");
        return JSON.writeValueAsString(record);
    }
}
