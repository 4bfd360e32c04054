package dev.paperboy.embed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.paperboy.search.SearchBackend;
import dev.paperboy.TestApp;
import dev.paperboy.ingest.Progress;
import dev.paperboy.paper.IncomingPaper;
import dev.paperboy.paper.Paper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Embeddings computed elsewhere come in through a file that is checked line by line and against the local model. */
class EmbeddingFileTest {
    private static final LocalDate DAY = LocalDate.of(2025, 3, 1);
    private static final String[] TOPICS = {"graph neural networks for molecules", "speech recognition in noisy rooms",
            "reinforcement learning for robot grasping", "protein structure prediction", "compilers for tensor programs",
            "privacy attacks on language models"};

    private static TestApp source;
    private static Path exported;

    @TempDir
    static Path dir;

    @BeforeAll
    static void embedAndExport() {
        source = TestApp.empty();
        papers(source);
        var backfill = new EmbeddingBackfill(source.app().catalogue(), source.app().queryEmbedder());
        while (backfill.step() > 0) {
            // until every paper has its vector
        }
        exported = dir.resolve("vectors.jsonl.gz");
        assertThat(source.app().exportEmbeddings(exported)).isEqualTo(TOPICS.length);
    }

    @AfterAll
    static void stop() {
        source.close();
    }

    @Test
    void exported_vectors_import_into_another_catalogue_and_search_uses_them() {
        try (var target = TestApp.empty()) {
            papers(target);
            target.app().searchSync().drain(Progress.NONE);
            assertThat(target.app().searchBackend().counts()).isEqualTo(new SearchBackend.Counts(TOPICS.length, 0));

            var report = target.app().importEmbeddings(exported, 4, Progress.NONE);

            assertThat(report.read()).isEqualTo(TOPICS.length);
            assertThat(report.imported()).isEqualTo(TOPICS.length);
            assertThat(report.checked()).isEqualTo(4);
            assertThat(report.lowestCosine()).as("batching pads texts, which moves int8 vectors a little").isGreaterThan(0.99);
            assertThat(target.app().catalogue().embeddedCount(Embedder.MODEL)).isEqualTo(TOPICS.length);
            target.app().searchSync().drain(Progress.NONE);
            assertThat(target.app().searchBackend().counts()).as("every imported vector is in the index")
                    .isEqualTo(new SearchBackend.Counts(TOPICS.length, TOPICS.length));
            Path again = dir.resolve("again.jsonl");
            target.app().exportEmbeddings(again);
            assertThat(vectorsOf(again)).as("the round trip keeps every number").isEqualTo(vectorsOf(exported));
        }
    }

    @Test
    void vectors_of_papers_the_catalogue_lacks_are_left_out() throws IOException {
        try (var target = TestApp.empty()) {
            papers(target);
            var lines = new ArrayList<>(lines(exported));
            lines.add(lines.getFirst().replaceFirst("\"id\":\"[^\"]+\"", "\"id\":\"2599.99999\""));
            Path file = Files.write(dir.resolve("extra.jsonl"), lines);

            var report = target.app().importEmbeddings(file, 16, Progress.NONE);

            assertThat(report.read()).isEqualTo(TOPICS.length + 1);
            assertThat(report.imported()).isEqualTo(TOPICS.length);
            assertThat(report.unknown()).isOne();
        }
    }

    @Test
    void a_file_whose_vectors_belong_to_other_papers_is_refused_as_a_whole() throws IOException {
        try (var target = TestApp.empty()) {
            papers(target);
            // Each vector moved to the next paper: well formed, unit length, of this model, and wrong.
            var lines = lines(exported);
            var shifted = new ArrayList<String>();
            for (int i = 0; i < lines.size(); i++) {
                String id = lines.get(i).replaceFirst(".*\"id\":\"([^\"]+)\".*", "$1");
                shifted.add(lines.get((i + 1) % lines.size()).replaceFirst("\"id\":\"[^\"]+\"", "\"id\":\"" + id + "\""));
            }
            Path file = Files.write(dir.resolve("shifted.jsonl"), shifted);

            assertThatThrownBy(() -> target.app().importEmbeddings(file, 16, Progress.NONE))
                    .isInstanceOf(EmbeddingFile.InvalidFileException.class)
                    .hasMessageContaining("differs from the local model's").hasMessageContaining("nothing was imported");
            assertThat(target.app().catalogue().embeddedCount(Embedder.MODEL)).isZero();
        }
    }

    @Test
    void malformed_lines_are_refused_with_their_line_number_before_anything_is_written() throws IOException {
        String good = lines(exported).getFirst();
        String[][] cases = {
                {good.replace("\"model\":\"" + Embedder.MODEL + "\"", "\"model\":\"all-MiniLM-L6-v2\""), "not 'e5-small-v2-q'"},
                {good.replaceFirst("\\[[^,]+,", "["), "array of 384 numbers, not 383"},
                {good.replaceFirst("\\[[^,]+,", "[\"NaN\","), "\"vector\"[0] is not a finite number"},
                {good.replaceFirst("\\[([^,]+),", "[0.5,"), "vectors must be normalised"},
                {"{\"id\": \"2503.00001\"", "not a JSON object"},
                {good.replaceFirst("\"id\":\"[^\"]+\",", ""), "no \"id\""},
        };
        try (var target = TestApp.empty()) {
            papers(target);
            for (String[] c : cases) {
                var lines = new ArrayList<>(lines(exported));
                lines.add(c[0]);
                Path file = Files.write(dir.resolve("bad.jsonl"), lines);

                assertThatThrownBy(() -> target.app().importEmbeddings(file, 1, Progress.NONE))
                        .isInstanceOf(EmbeddingFile.InvalidFileException.class)
                        .hasMessageStartingWith("line " + lines.size() + ": ").hasMessageContaining(c[1]);
            }
            assertThat(target.app().catalogue().embeddedCount(Embedder.MODEL)).isZero();
        }
    }

    private static void papers(TestApp app) {
        app.app().catalogue().upsert(IntStream.range(0, TOPICS.length).mapToObj(i -> new IncomingPaper(new Paper(
                String.format("2503.%05d", i), "A study of " + TOPICS[i], "We present new results on " + TOPICS[i] + ".",
                List.of("Author " + i), List.of("cs.LG"), DAY, DAY, 1, null, null, null, null, null, List.of(), null,
                null, List.of()), 0, null)).toList());
    }

    private static List<String> lines(Path file) throws IOException {
        try (var in = new java.util.zip.GZIPInputStream(Files.newInputStream(file))) {
            return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8).lines().toList();
        }
    }

    private static List<String> vectorsOf(Path file) {
        try {
            List<String> lines = file.toString().endsWith(".gz") ? lines(file) : Files.readAllLines(file);
            return lines;
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
