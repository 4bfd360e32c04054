package dev.paperboy.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.paperboy.Config;
import dev.paperboy.KillLoop;
import dev.paperboy.TestApp;
import dev.paperboy.TestDatabases;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code paperboy import arxiv-snapshot} as its own JVM, killed with SIGKILL at random moments of successive runs,
 * then run to the end: the catalogue holds exactly the rows, and the content hashes, of an uninterrupted import.
 */
class ImportKillLoopTest {
    private static final int RECORDS = Integer.getInteger("paperboy.kill-loops.records", 10_000);
    private static final Set<String> WHEN = Set.of("imported_at", "entered_at");

    @TempDir
    Path dir;

    /** The first records of the real 2025–2026 cs snapshot. */
    private Path slice() throws Exception {
        Path slice = dir.resolve("slice.jsonl");
        try (var in = new BufferedReader(new InputStreamReader(new GZIPInputStream(Files.newInputStream(
                        TestApp.shared("data/arxiv-cs/arxiv-metadata-2025-2026.jsonl.gz"))), StandardCharsets.UTF_8));
                var out = Files.newBufferedWriter(slice)) {
            String line;
            for (int i = 0; i < RECORDS && (line = in.readLine()) != null; i++) {
                out.write(line);
                out.write('\n');
            }
        }
        return slice;
    }

    private static Map<String, String> env(Path data) {
        return Map.of(Config.envName("database.url"), TestDatabases.url(data));
    }

    private static List<String> state(Path data) {
        try (var database = TestDatabases.open(data)) {
            var rows = new ArrayList<String>(KillLoop.rows(database, "papers", WHEN));
            rows.addAll(KillLoop.rows(database, "feed_entries", WHEN));
            return rows;
        }
    }

    private long lastCount;

    private long papers(Path data) {
        if (!TestDatabases.postgresql() && !Files.exists(data.resolve("paperboy.db"))) {
            return 0;
        }
        try (var database = TestDatabases.open(data)) {
            lastCount = database.jdbi().withHandle(h -> h.createQuery("SELECT COUNT(*) FROM papers").mapTo(Long.class).one());
        } catch (RuntimeException busy) {
            // the import holds the write lock, or is creating the tables, this moment
        }
        return lastCount;
    }

    @Test
    void an_import_killed_at_random_moments_and_run_again_ends_with_the_rows_of_an_uninterrupted_one() throws Exception {
        Path file = slice();
        Path reference = dir.resolve("uninterrupted");
        var once = new KillLoop("import-uninterrupted", dir, env(reference));
        long start = System.nanoTime();
        assertThat(once.runToTheEnd(Duration.ofMinutes(5), "import", "arxiv-snapshot", "--data", reference.toString(),
                file.toString())).as(once.lastLog()).isZero();
        Duration uninterrupted = Duration.ofNanos(System.nanoTime() - start);

        Path data = dir.resolve("killed");
        var loop = new KillLoop("import", dir, env(data));
        for (int i = 0; i < KillLoop.KILLS; i++) {
            boolean killed = loop.killSomewhereIn(uninterrupted, Duration.ofSeconds(8), () -> papers(data), "import", "arxiv-snapshot",
                    "--data", data.toString(), file.toString());
            if (!killed && !TestDatabases.postgresql()) {
                // That run finished: start the next from an empty directory, so that kills keep landing mid-import.
                try (var paths = Files.walk(data)) {
                    for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                        Files.delete(p);
                    }
                }
                lastCount = 0;
            }
        }
        assertThat(loop.runToTheEnd(Duration.ofMinutes(5), "import", "arxiv-snapshot", "--data", data.toString(),
                file.toString())).as(loop.lastLog()).isZero();

        List<String> expected = state(reference);
        List<String> actual = state(data);
        loop.report(KillLoop.fingerprint(actual) + " (uninterrupted: " + KillLoop.fingerprint(expected) + ", "
                + uninterrupted.toMillis() + " ms)");
        assertThat(actual).hasSize(expected.size());
        assertThat(actual).isEqualTo(expected);
    }
}
