package dev.paperboy.ingest;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import dev.paperboy.paper.Catalogue;
import dev.paperboy.paper.IncomingPaper;
import dev.paperboy.paper.UpsertCounts;
import dev.paperboy.store.Database;
import java.io.EOFException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * Imports the public arXiv metadata snapshot (JSON Lines, plain or gzip) in batches.
 *
 * <p>One thread reads lines, a small pool parses them, and the caller's thread writes, so decompression, parsing
 * and SQLite overlap. Each batch
 * commits together with a checkpoint (the last line it covers), so an interrupted import resumes after the last
 * committed batch instead of starting over; every write is an idempotent upsert, so even a re-run from the start
 * duplicates nothing.
 */
public final class SnapshotImporter {
    static final int BATCH = 1_000;
    private static final int PARSERS = Integer.getInteger("paperboy.parsers", Math.max(1, Math.min(4, Runtime.getRuntime().availableProcessors())));
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
        BlockingQueue<Future<Batch>> queue = new ArrayBlockingQueue<>(PARSERS * 2);
        ExecutorService parsers = Executors.newFixedThreadPool(PARSERS, Thread.ofPlatform().name("snapshot-parser-", 0).daemon().factory());
        var reader = Thread.ofPlatform().name("snapshot-reader").daemon().start(
                () -> read(file, resumeAfter, totalBytes, progress, parsers, queue));

        UpsertCounts counts = UpsertCounts.NONE;
        var problems = new ArrayList<ImportReport.Problem>();
        long read = 0;
        long skipped = 0;
        boolean truncated = false;
        try {
            while (true) {
                Batch batch = take(queue);
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
        } finally {
            reader.interrupt();
            parsers.shutdownNow();
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

    private static Batch take(BlockingQueue<Future<Batch>> queue) throws InterruptedException {
        try {
            return queue.take().get();
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
        }
    }

    /**
     * Reads lines and hands each chunk to a parser; the futures go into the queue in file order, so the writer
     * commits batches (and checkpoints) in order while parsing runs on every core.
     */
    private void read(Path file, long resumeAfter, long totalBytes, Progress progress, ExecutorService parsers,
            BlockingQueue<Future<Batch>> queue) {
        String name = file.getFileName().toString();
        long line = 0;
        var chunk = new ArrayList<byte[]>(BATCH);
        long chunkStart = 1;
        try (var counting = new CountingInputStream(Files.newInputStream(file));
                var decompressed = decompressed(name, counting)) {
            var lines = new ByteLines(decompressed);
            byte[] text;
            long reportedAt = 0;
            while ((text = readLine(lines)) != null) {
                line++;
                if (line <= resumeAfter) {
                    chunkStart = line + 1;
                    continue;
                }
                chunk.add(text);
                if (chunk.size() >= BATCH) {
                    submit(parsers, queue, name, chunkStart, List.copyOf(chunk), false);
                    chunk.clear();
                    chunkStart = line + 1;
                }
                if (counting.count - reportedAt > (1 << 20)) {
                    reportedAt = counting.count;
                    progress.advance(counting.count, totalBytes);
                }
            }
            progress.advance(totalBytes, totalBytes);
            if (lines.endedWithoutNewline() && !chunk.isEmpty()) {
                // A last line without its newline that does not parse is a file cut short, not just a bad record.
                Batch rest = parseChunk(name, chunkStart, List.copyOf(chunk), true);
                boolean cut = rest.problems().stream().anyMatch(p -> p.line() == rest.lastLine());
                putQuietly(queue, new Batch(rest.papers(), rest.problems(), rest.lastLine(), true, cut, null));
                return;
            }
            submit(parsers, queue, name, chunkStart, List.copyOf(chunk), true);
        } catch (TruncatedInput e) {
            var problem = new ImportReport.Problem(name, line + 1, e.getMessage());
            Batch rest = parseChunk(name, chunkStart, List.copyOf(chunk), true);
            var problems = new ArrayList<>(rest.problems());
            problems.add(problem);
            putQuietly(queue, new Batch(rest.papers(), problems, line, true, true, null));
        } catch (IOException e) {
            putQuietly(queue, new Batch(List.of(), List.of(), line, true, false,
                    new UncheckedIOException("cannot read " + file + " at line " + (line + 1) + ": " + e.getMessage(), e)));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            putQuietly(queue, new Batch(List.of(), List.of(), line, true, false, e));
        }
    }

    private void submit(ExecutorService parsers, BlockingQueue<Future<Batch>> queue, String name, long firstLine,
            List<byte[]> lines, boolean last) throws InterruptedException {
        queue.put(parsers.submit(() -> parseChunk(name, firstLine, lines, last)));
    }

    private Batch parseChunk(String name, long firstLine, List<byte[]> lines, boolean last) {
        var papers = new ArrayList<IncomingPaper>(lines.size());
        var problems = new ArrayList<ImportReport.Problem>();
        for (int i = 0; i < lines.size(); i++) {
            if (!isBlank(lines.get(i))) {
                parse(name, firstLine + i, lines.get(i), papers, problems);
            }
        }
        return new Batch(papers, problems, firstLine + lines.size() - 1, last, false, null);
    }

    private static boolean isBlank(byte[] line) {
        for (byte b : line) {
            if (b != ' ' && b != '\t' && b != '\r') {
                return false;
            }
        }
        return true;
    }

    private void parse(String name, long line, byte[] text, List<IncomingPaper> papers,
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
        } catch (IOException e) {
            // Parsing bytes already in memory reads nothing from disk; this is an encoding error in the line.
            problems.add(new ImportReport.Problem(name, line, "unreadable line: " + e.getMessage()));
        } catch (IllegalArgumentException e) {
            problems.add(new ImportReport.Problem(name, line, e.getMessage()));
        } catch (RuntimeException e) {
            // Valid JSON of an unexpected shape (a null where a list belongs): one bad record, not a failed import.
            problems.add(new ImportReport.Problem(name, line, "record has an unexpected structure (" + e + ")"));
        }
    }

    private static byte[] readLine(ByteLines lines) throws IOException {
        try {
            return lines.next();
        } catch (EOFException | ZipException e) {
            throw new TruncatedInput("compressed input ends early (" + e.getMessage() + "); the file is truncated");
        }
    }

    private static final class TruncatedInput extends IOException {
        TruncatedInput(String message) {
            super(message);
        }
    }

    private static void putQuietly(BlockingQueue<Future<Batch>> queue, Batch batch) {
        try {
            queue.put(CompletableFuture.completedFuture(batch));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static InputStream decompressed(String name, InputStream raw) throws IOException {
        if (!name.endsWith(".gz")) {
            return raw;
        }
        try {
            return new GZIPInputStream(raw, 1 << 16);
        } catch (EOFException e) {
            throw new TruncatedInput("compressed input ends inside its header; the file is truncated");
        }
    }

    private String checkpointKey(Path file) {
        try {
            Path real = file.toRealPath();
            return real + "|" + Files.size(real) + "|" + Files.getLastModifiedTime(real).toMillis();
        } catch (java.nio.file.NoSuchFileException e) {
            throw new UncheckedIOException("cannot open " + file + ": no such file", e);
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
