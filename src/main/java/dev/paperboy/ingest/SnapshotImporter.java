package dev.paperboy.ingest;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import dev.paperboy.paper.Catalogue;
import dev.paperboy.paper.IncomingPaper;
import dev.paperboy.paper.UpsertCounts;
import dev.paperboy.store.Database;
import java.io.BufferedReader;
import java.io.EOFException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * Imports the public arXiv metadata snapshot (JSON Lines, plain or gzip) in batches.
 *
 * <p>One thread reads and parses while the caller's thread writes, so parsing and SQLite overlap. Each batch
 * commits together with a checkpoint (the last line it covers), so an interrupted import resumes after the last
 * committed batch instead of starting over; every write is an idempotent upsert, so even a re-run from the start
 * duplicates nothing.
 */
public final class SnapshotImporter {
    static final int BATCH = 1_000;
    private static final ObjectReader RECORDS = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_TRAILING_TOKENS, true)
            .readerFor(SnapshotRecord.class);

    private final Database database;
    private final Catalogue catalogue;
    private final FeedRules feedRules;
    private final Clock clock;

    public SnapshotImporter(Database database, Catalogue catalogue, FeedRules feedRules, Clock clock) {
        this.database = database;
        this.catalogue = catalogue;
        this.feedRules = feedRules;
        this.clock = clock;
    }

    /** @throws UncheckedIOException when the file cannot be opened at all */
    public ImportReport importFile(Path file, Progress progress) {
        long started = System.nanoTime();
        String checkpointKey = checkpointKey(file);
        long resumeAfter = checkpoint(checkpointKey);
        long totalBytes = size(file);
        BlockingQueue<Batch> queue = new ArrayBlockingQueue<>(4);
        var reader = Thread.ofPlatform().name("snapshot-reader").daemon().start(
                () -> read(file, resumeAfter, totalBytes, progress, queue));

        UpsertCounts counts = UpsertCounts.NONE;
        var problems = new ArrayList<ImportReport.Problem>();
        long read = 0;
        long skipped = 0;
        boolean truncated = false;
        try {
            while (true) {
                Batch batch = queue.take();
                if (!batch.papers().isEmpty()) {
                    counts = counts.plus(database.inTransaction(connection -> {
                        UpsertCounts done = catalogue.upsert(connection, batch.papers());
                        saveCheckpoint(connection, checkpointKey, batch.lastLine());
                        return done;
                    }));
                }
                read += batch.papers().size() + batch.problems().size();
                skipped += batch.problems().size();
                for (var problem : batch.problems()) {
                    if (problems.size() < ImportReport.MAX_PROBLEMS) {
                        problems.add(problem);
                    }
                }
                if (batch.failure() != null) {
                    throw batch.failure();
                }
                if (batch.last()) {
                    truncated = batch.truncated();
                    break;
                }
            }
        } catch (InterruptedException e) {
            reader.interrupt();
            Thread.currentThread().interrupt();
            throw new IllegalStateException("import interrupted; run it again to resume", e);
        }
        if (!truncated) {
            database.inTransaction(connection -> {
                try (var delete = connection.prepareStatement("DELETE FROM import_checkpoints WHERE source = ?")) {
                    delete.setString(1, checkpointKey);
                    return delete.executeUpdate();
                }
            });
        }
        return new ImportReport(read, counts, skipped, List.copyOf(problems), resumeAfter, truncated,
                Duration.ofNanos(System.nanoTime() - started));
    }

    private record Batch(
            List<IncomingPaper> papers, List<ImportReport.Problem> problems, long lastLine,
            boolean last, boolean truncated, RuntimeException failure) {}

    private void read(Path file, long resumeAfter, long totalBytes, Progress progress, BlockingQueue<Batch> queue) {
        String name = file.getFileName().toString();
        long line = 0;
        var papers = new ArrayList<IncomingPaper>(BATCH);
        var problems = new ArrayList<ImportReport.Problem>();
        try (var counting = new CountingInputStream(Files.newInputStream(file));
                var lines = new BufferedReader(
                        new InputStreamReader(decompressed(name, counting), StandardCharsets.UTF_8), 1 << 20)) {
            String text;
            long reportedAt = 0;
            while ((text = readLine(lines)) != null) {
                line++;
                if (line <= resumeAfter || text.isBlank()) {
                    continue;
                }
                parse(name, line, text, papers, problems);
                if (papers.size() + problems.size() >= BATCH) {
                    queue.put(new Batch(List.copyOf(papers), List.copyOf(problems), line, false, false, null));
                    papers.clear();
                    problems.clear();
                }
                if (counting.count - reportedAt > (1 << 20)) {
                    reportedAt = counting.count;
                    progress.advance(counting.count, totalBytes);
                }
            }
            progress.advance(totalBytes, totalBytes);
            queue.put(new Batch(List.copyOf(papers), List.copyOf(problems), line, true, false, null));
        } catch (TruncatedInput e) {
            problems.add(new ImportReport.Problem(name, line + 1, e.getMessage()));
            putQuietly(queue, new Batch(List.copyOf(papers), List.copyOf(problems), line, true, true, null));
        } catch (IOException e) {
            putQuietly(queue, new Batch(List.of(), List.of(), line, true, false,
                    new UncheckedIOException("cannot read " + file + " at line " + (line + 1) + ": " + e.getMessage(), e)));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            putQuietly(queue, new Batch(List.of(), List.of(), line, true, false, e));
        }
    }

    private void parse(String name, long line, String text, List<IncomingPaper> papers,
            List<ImportReport.Problem> problems) {
        try {
            SnapshotRecord record = RECORDS.readValue(text);
            if (record == null) {
                throw new IllegalArgumentException("line is not a JSON object");
            }
            var paper = record.toPaper();
            papers.add(new IncomingPaper(paper, -1, feedRules.placementFor(paper)));
        } catch (JacksonException e) {
            problems.add(new ImportReport.Problem(name, line, "invalid JSON: " + e.getOriginalMessage()));
        } catch (IllegalArgumentException e) {
            problems.add(new ImportReport.Problem(name, line, e.getMessage()));
        }
    }

    private static String readLine(BufferedReader lines) throws IOException {
        try {
            return lines.readLine();
        } catch (EOFException | ZipException e) {
            throw new TruncatedInput("compressed input ends early (" + e.getMessage() + "); the file is truncated");
        }
    }

    private static final class TruncatedInput extends IOException {
        TruncatedInput(String message) {
            super(message);
        }
    }

    private static void putQuietly(BlockingQueue<Batch> queue, Batch batch) {
        try {
            queue.put(batch);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static InputStream decompressed(String name, InputStream raw) throws IOException {
        return name.endsWith(".gz") ? new GZIPInputStream(raw, 1 << 16) : raw;
    }

    private String checkpointKey(Path file) {
        try {
            Path real = file.toRealPath();
            return real + "|" + Files.size(real) + "|" + Files.getLastModifiedTime(real).toMillis();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open " + file + ": " + e.getMessage(), e);
        }
    }

    private long checkpoint(String key) {
        return database.jdbi().withHandle(h -> h.createQuery("SELECT line FROM import_checkpoints WHERE source = ?")
                .bind(0, key)
                .mapTo(Long.class)
                .findOne()
                .orElse(0L));
    }

    private void saveCheckpoint(java.sql.Connection connection, String key, long line) throws java.sql.SQLException {
        try (var upsert = connection.prepareStatement("""
                INSERT INTO import_checkpoints (source, line, updated_at) VALUES (?, ?, ?)
                ON CONFLICT (source) DO UPDATE SET line = excluded.line, updated_at = excluded.updated_at""")) {
            upsert.setString(1, key);
            upsert.setLong(2, line);
            upsert.setString(3, clock.instant().toString());
            upsert.executeUpdate();
        }
    }

    private static long size(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            return -1;
        }
    }

    /** Counts compressed bytes read, which is what a progress bar over the file's size needs. */
    private static final class CountingInputStream extends FilterInputStream {
        volatile long count;

        CountingInputStream(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                count++;
            }
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int n = super.read(buffer, offset, length);
            if (n > 0) {
                count += n;
            }
            return n;
        }
    }
}
