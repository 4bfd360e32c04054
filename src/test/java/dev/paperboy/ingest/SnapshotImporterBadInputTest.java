package dev.paperboy.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.paperboy.TestApp;
import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Damaged snapshot files: each bad record is reported where it is, and every good record around it is imported.
 * Every file is the genuine 200-record snapshot head with one thing broken.
 */
class SnapshotImporterBadInputTest {
    @TempDir
    Path dir;

    private final TestApp test = TestApp.empty();

    @AfterEach
    void close() {
        test.close();
    }

    private ImportReport importWithLine(int lineNumber, String replacement) {
        var lines = new ArrayList<>(Fixtures.snapshotLines());
        lines.set(lineNumber - 1, replacement);
        return test.app().snapshotImporter().importFile(Fixtures.write(dir, "damaged.jsonl", lines), Progress.NONE);
    }

    private static String line(int lineNumber) {
        return Fixtures.snapshotLines().get(lineNumber - 1);
    }

    private void assertOnlyThatLineIsMissing(ImportReport report, int lineNumber) {
        String badId = String.format("0704.%04d", lineNumber);
        assertThat(report.read()).isEqualTo(200);
        assertThat(report.skipped()).isEqualTo(1);
        assertThat(report.counts().inserted()).isEqualTo(199);
        assertThat(report.clean()).isFalse();
        assertThat(report.truncated()).isFalse();
        assertThat(test.app().catalogue().count()).isEqualTo(199);
        assertThat(test.app().catalogue().find(badId)).isEmpty();
        assertThat(test.app().catalogue().find(String.format("0704.%04d", lineNumber - 1))).isPresent();
        assertThat(test.app().catalogue().find(String.format("0704.%04d", lineNumber + 1))).isPresent();
        assertThat(test.app().catalogue().find("0704.0200")).isPresent();
    }

    @Test
    void a_line_cut_mid_object_is_reported_and_the_rest_imported() {
        ImportReport report = importWithLine(3, line(3).substring(0, 120));

        assertOnlyThatLineIsMissing(report, 3);
        assertThat(report.problems()).singleElement().satisfies(p -> {
            assertThat(p.source()).isEqualTo("damaged.jsonl");
            assertThat(p.line()).isEqualTo(3);
            assertThat(p.reason()).startsWith("invalid JSON").containsIgnoringCase("end-of-input");
        });
        assertThat(report.summary()).contains("skipped 1");
    }

    @Test
    void a_last_line_cut_mid_object_without_a_newline_is_reported() throws IOException {
        var lines = new ArrayList<>(Fixtures.snapshotLines());
        String cut = String.join("\n", lines.subList(0, 199)) + "\n" + lines.get(199).substring(0, 300);
        Path file = Fixtures.writeBytes(dir, "cut.jsonl", cut.getBytes(StandardCharsets.UTF_8));

        ImportReport report = test.app().snapshotImporter().importFile(file, Progress.NONE);

        assertThat(report.read()).isEqualTo(200);
        assertThat(report.counts().inserted()).isEqualTo(199);
        assertThat(report.problems()).singleElement().satisfies(p -> {
            assertThat(p.line()).isEqualTo(200);
            assertThat(p.reason()).startsWith("invalid JSON");
        });
        assertThat(report.clean()).isFalse();
    }

    @Test
    void a_line_of_invalid_json_is_reported_and_the_rest_imported() {
        // A quote lost from the middle of a real record.
        ImportReport report = importWithLine(57, line(57).replaceFirst("\"title\":\"", "\"title\":"));

        assertOnlyThatLineIsMissing(report, 57);
        assertThat(report.problems()).singleElement().satisfies(p -> {
            assertThat(p.line()).isEqualTo(57);
            assertThat(p.reason()).startsWith("invalid JSON: ");
        });
    }

    @Test
    void text_that_is_not_a_json_object_is_reported() {
        ImportReport report = importWithLine(10, "<html><body>503 Service Unavailable</body></html>");

        assertOnlyThatLineIsMissing(report, 10);
        assertThat(report.problems()).singleElement().satisfies(p -> {
            assertThat(p.line()).isEqualTo(10);
            assertThat(p.reason()).startsWith("invalid JSON");
        });
    }

    @Test
    void a_record_without_an_id_is_reported_and_the_rest_imported() {
        ImportReport report = importWithLine(100, line(100).replace("\"id\":\"0704.0100\",", ""));

        assertOnlyThatLineIsMissing(report, 100);
        assertThat(report.problems()).singleElement().satisfies(p -> {
            assertThat(p.line()).isEqualTo(100);
            assertThat(p.reason()).isEqualTo("record has no id");
        });
    }

    @Test
    void a_record_with_a_malformed_id_is_reported_and_the_rest_imported() {
        ImportReport report = importWithLine(150, line(150).replace("\"id\":\"0704.0150\"", "\"id\":\"0704.01x0\""));

        assertOnlyThatLineIsMissing(report, 150);
        assertThat(report.problems()).singleElement().satisfies(p -> {
            assertThat(p.line()).isEqualTo(150);
            assertThat(p.reason()).startsWith("not an arXiv id: \"0704.01x0\"");
        });
    }

    @Test
    void a_record_without_a_title_is_reported() {
        ImportReport report = importWithLine(20, line(20).replaceFirst("\"title\":\"[^\"]*\"", "\"title\":\"  \""));

        assertOnlyThatLineIsMissing(report, 20);
        assertThat(report.problems()).singleElement()
                .satisfies(p -> assertThat(p.reason()).isEqualTo("record 0704.0020 has no title"));
    }

    @Test
    void an_unreadable_version_date_is_reported() {
        ImportReport report =
                importWithLine(30, line(30).replaceFirst("\"created\":\"[^\"]*\"", "\"created\":\"yesterday\""));

        assertOnlyThatLineIsMissing(report, 30);
        assertThat(report.problems()).singleElement()
                .satisfies(p -> assertThat(p.reason()).isEqualTo("unreadable version date 'yesterday'"));
    }

    @Test
    void a_record_with_blank_authors_and_no_parsed_authors_imports_without_authors() {
        ImportReport report = importWithLine(40, line(40)
                .replaceFirst("\"authors\":\"[^\"]*\"", "\"authors\":\" \"")
                .replaceFirst(",\"authors_parsed\":.*}$", "}"));

        assertThat(report.clean()).as(report.problems().toString()).isTrue();
        assertThat(test.app().catalogue().count()).isEqualTo(200);
        assertThat(test.app().catalogue().find("0704.0040").orElseThrow().paper().authors()).isEmpty();
    }

    @Test
    void blank_lines_are_skipped_without_shifting_line_numbers() {
        var lines = new ArrayList<>(Fixtures.snapshotLines());
        lines.add(5, "");
        lines.add(6, "   ");
        lines.set(9, "not json");

        ImportReport report = test.app().snapshotImporter().importFile(
                Fixtures.write(dir, "blank.jsonl", lines), Progress.NONE);

        assertThat(report.read()).isEqualTo(200);
        assertThat(report.counts().inserted()).isEqualTo(199);
        assertThat(report.problems()).singleElement().satisfies(p -> assertThat(p.line()).isEqualTo(10));
    }

    @Test
    void a_gzip_file_cut_in_half_commits_the_records_before_the_cut_and_reports_truncation() throws IOException {
        byte[] bytes = Fixtures.gzip(Files.readAllBytes(Fixtures.SNAPSHOT_200));
        Path halfGz = Files.write(dir.resolve("half.jsonl.gz"), Arrays.copyOf(bytes, bytes.length / 2));
        int complete = completeLinesBeforeTheCut(halfGz);
        assertThat(complete).as("the cut falls inside the records").isBetween(50, 150);

        ImportReport report = test.app().snapshotImporter().importFile(halfGz, Progress.NONE);

        assertThat(report.truncated()).isTrue();
        assertThat(report.clean()).isFalse();
        assertThat(report.summary()).contains("INPUT TRUNCATED");
        assertThat(report.counts().inserted()).isEqualTo(complete);
        assertThat(report.problems()).singleElement().satisfies(p -> {
            assertThat(p.source()).isEqualTo("half.jsonl.gz");
            assertThat(p.line()).isEqualTo(complete + 1);
            assertThat(p.reason()).contains("truncated");
        });
        assertThat(test.app().catalogue().count()).isEqualTo(complete);
        assertThat(test.app().catalogue().find(String.format("0704.%04d", complete))).isPresent();
        assertThat(test.app().catalogue().find(String.format("0704.%04d", complete + 1))).isEmpty();
    }

    @Test
    void re_running_a_truncated_gzip_file_resumes_after_what_it_committed() throws IOException {
        byte[] bytes = Fixtures.gzip(Files.readAllBytes(Fixtures.SNAPSHOT_200));
        Path halfGz = Files.write(dir.resolve("half.jsonl.gz"), Arrays.copyOf(bytes, bytes.length / 2));
        int complete = completeLinesBeforeTheCut(halfGz);
        test.app().snapshotImporter().importFile(halfGz, Progress.NONE);

        ImportReport again = test.app().snapshotImporter().importFile(halfGz, Progress.NONE);

        assertThat(again.resumedAfterLine()).isEqualTo(complete);
        assertThat(again.counts().inserted()).isZero();
        assertThat(again.truncated()).isTrue();
        assertThat(test.app().catalogue().count()).isEqualTo(complete);
    }

    @Test
    void a_file_that_is_not_gzip_despite_its_name_fails_loudly() throws IOException {
        // Plain JSON Lines under a .gz name: there is nothing to import, so the import fails instead of skipping.
        Path misnamed = Files.copy(Fixtures.SNAPSHOT_200, dir.resolve("misnamed.jsonl.gz"));

        assertThatThrownBy(() -> test.app().snapshotImporter().importFile(misnamed, Progress.NONE))
                .isInstanceOf(UncheckedIOException.class)
                .hasMessageContaining("misnamed.jsonl.gz");
        assertThat(test.app().catalogue().count()).isZero();
    }

    @Test
    void a_missing_file_fails_naming_it() {
        Path missing = dir.resolve("no-such-file.jsonl");

        assertThatThrownBy(() -> test.app().snapshotImporter().importFile(missing, Progress.NONE))
                .isInstanceOf(UncheckedIOException.class)
                .hasMessageContaining("no-such-file.jsonl");
    }

    /** How many newline-terminated lines a gzip reader gets out of the file before it runs out. */
    private static int completeLinesBeforeTheCut(Path gz) throws IOException {
        var out = new java.io.ByteArrayOutputStream();
        try (var in = new GZIPInputStream(new ByteArrayInputStream(Files.readAllBytes(gz)))) {
            byte[] buffer = new byte[8192];
            int n;
            while ((n = in.read(buffer)) > 0) {
                out.write(buffer, 0, n);
            }
        } catch (EOFException expected) {
            // the cut
        }
        int lines = 0;
        for (byte b : out.toByteArray()) {
            if (b == '\n') {
                lines++;
            }
        }
        return lines;
    }
}
