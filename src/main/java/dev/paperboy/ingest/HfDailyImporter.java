package dev.paperboy.ingest;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.paperboy.paper.ArxivId;
import dev.paperboy.paper.Catalogue;
import dev.paperboy.paper.CodeLinks;
import dev.paperboy.paper.FeedPlacement;
import dev.paperboy.paper.IncomingPaper;
import dev.paperboy.paper.InvalidArxivIdException;
import dev.paperboy.paper.Paper;
import dev.paperboy.paper.UpsertCounts;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import dev.paperboy.keywords.PaperNotes;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * Imports Hugging Face daily-papers dumps: the JSON array that {@code /api/daily_papers?date=…} returns, one file
 * per feed day named {@code YYYY-MM-DD.json} or {@code .json.gz}. Papers keep their upvotes and enter the feed on
 * that day. Personal fields (who submitted, avatars, user ids) are never read.
 */
public final class HfDailyImporter {
    private static final Pattern DAY_FILE = Pattern.compile("(\\d{4}-\\d{2}-\\d{2})\\.json(\\.gz)?");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Catalogue catalogue;
    private final PaperNotes notes;

    public HfDailyImporter(Catalogue catalogue, PaperNotes notes) {
        this.catalogue = catalogue;
        this.notes = notes;
    }

    /** Imports one file, or every {@code YYYY-MM-DD.json[.gz]} file of a folder in date order. */
    public ImportReport importPath(Path path, Progress progress) {
        long started = System.nanoTime();
        List<Path> files = files(path);
        var total = new Tally();
        for (int i = 0; i < files.size(); i++) {
            Path file = files.get(i);
            try (InputStream in = Files.newInputStream(file)) {
                importDay(file.getFileName().toString(), in, total);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
            }
            progress.advance(i + 1, files.size());
        }
        return total.report(Duration.ofNanos(System.nanoTime() - started));
    }

    /** Imports one day's JSON from a stream; {@code name} gives the day and whether it is gzip-compressed. */
    public ImportReport importStream(String name, InputStream in) throws IOException {
        long started = System.nanoTime();
        var tally = new Tally();
        importDay(name, in, tally);
        return tally.report(Duration.ofNanos(System.nanoTime() - started));
    }

    private void importDay(String name, InputStream raw, Tally tally) throws IOException {
        LocalDate fileDay = dayOf(name);
        JsonNode items;
        try (InputStream in = name.endsWith(".gz") ? new GZIPInputStream(raw) : raw) {
            items = JSON.readTree(in);
        } catch (JacksonException e) {
            tally.problem(name, 0, "invalid JSON: " + e.getOriginalMessage());
            return;
        } catch (EOFException | ZipException e) {
            tally.problem(name, 0, "compressed input ends early; the file is truncated");
            tally.truncated = true;
            return;
        }
        if (items == null || !items.isArray()) {
            tally.problem(name, 0, "expected a JSON array of daily papers, as /api/daily_papers returns");
            return;
        }
        var batch = new ArrayList<IncomingPaper>();
        var aiNotes = new LinkedHashMap<String, PaperNotes.Imported>();
        int index = 0;
        for (JsonNode item : items) {
            index++;
            tally.read++;
            try {
                IncomingPaper incoming = incoming(item, fileDay);
                batch.add(incoming);
                // Hugging Face's keywords and summary, kept as theirs beside any Paperboy computes.
                JsonNode summary = item.path("paper").path("ai_summary");
                aiNotes.put(incoming.paper().id(), new PaperNotes.Imported(incoming.paper().aiKeywords(),
                        summary.isTextual() && !summary.asText().isBlank() ? withoutNul(summary.asText().strip()) : null));
            } catch (IllegalArgumentException e) {
                tally.problem(name, index, e.getMessage());
            }
        }
        tally.counts = tally.counts.plus(catalogue.upsert(batch));
        notes.saveHuggingFace(aiNotes);
    }

    static IncomingPaper incoming(JsonNode item, LocalDate fileDay) {
        JsonNode p = item.path("paper");
        if (!p.isObject()) {
            throw new IllegalArgumentException("item has no 'paper' object");
        }
        String id;
        try {
            id = ArxivId.parse(p.path("id").asText("")).id();
        } catch (InvalidArxivIdException e) {
            throw new IllegalArgumentException(e.getMessage());
        }
        String title = Text.squash(firstText(p.path("title"), item.path("title")));
        if (title == null) {
            throw new IllegalArgumentException("paper " + id + " has no title");
        }
        String summary = Text.squash(firstText(p.path("summary"), item.path("summary")));
        var authors = new ArrayList<String>();
        for (JsonNode author : p.path("authors")) {
            String authorName = Text.squash(author.path("name").asText(null));
            if (authorName != null && !author.path("hidden").asBoolean(false)) {
                authors.add(authorName);
            }
        }
        Instant published = instant(p.path("publishedAt"));
        Instant submitted = instant(p.path("submittedOnDailyAt"));
        if (submitted == null) {
            submitted = instant(item.path("publishedAt"));
        }
        LocalDate day = fileDay != null ? fileDay : submitted == null ? null : submitted.atZone(ZoneOffset.UTC).toLocalDate();
        if (day == null) {
            throw new IllegalArgumentException("paper " + id + " has no feed day (neither a dated file name nor submittedOnDailyAt)");
        }
        var keywords = new ArrayList<String>();
        p.path("ai_keywords").forEach(k -> keywords.add(k.asText()));
        String github = textOrNull(p.path("githubRepo"));
        List<String> links = CodeLinks.find(summary);
        LocalDate publishedDay = published == null ? null : published.atZone(ZoneOffset.UTC).toLocalDate();
        var paper = new Paper(id, title, summary, authors, List.of(), publishedDay, publishedDay, 1,
                null, null, null, null, null, links, github != null ? github : CodeLinks.githubRepo(links),
                textOrNull(p.path("projectPage")), keywords);
        Instant entered = submitted != null ? submitted : day.atStartOfDay(ZoneOffset.UTC).toInstant();
        return new IncomingPaper(paper, Math.max(0, p.path("upvotes").asInt(0)),
                new FeedPlacement(day, entered, FeedPlacement.Source.HF, null));
    }

    private static String withoutNul(String text) {
        return text.replace("\0", "");
    }

    private static String firstText(JsonNode a, JsonNode b) {
        String text = textOrNull(a);
        return text != null ? text : textOrNull(b);
    }

    private static String textOrNull(JsonNode node) {
        return node.isTextual() && !node.asText().isBlank() ? node.asText() : null;
    }

    private static Instant instant(JsonNode node) {
        if (!node.isTextual()) {
            return null;
        }
        try {
            return Instant.parse(node.asText());
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("unreadable timestamp '" + node.asText() + "'");
        }
    }

    private static LocalDate dayOf(String name) {
        var m = DAY_FILE.matcher(name);
        return m.matches() ? LocalDate.parse(m.group(1)) : null;
    }

    private static List<Path> files(Path path) {
        if (!Files.isDirectory(path)) {
            if (!Files.isRegularFile(path)) {
                throw new UncheckedIOException(new IOException("no such file or folder: " + path));
            }
            return List.of(path);
        }
        try (Stream<Path> listing = Files.list(path)) {
            return listing.filter(f -> DAY_FILE.matcher(f.getFileName().toString()).matches()).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + path, e);
        }
    }

    private static final class Tally {
        long read;
        long skipped;
        boolean truncated;
        UpsertCounts counts = UpsertCounts.NONE;
        final List<ImportReport.Problem> problems = new ArrayList<>();

        void problem(String source, long line, String reason) {
            skipped++;
            if (problems.size() < ImportReport.MAX_PROBLEMS) {
                problems.add(new ImportReport.Problem(source, line, reason));
            }
        }

        ImportReport report(Duration elapsed) {
            return new ImportReport(read, counts, skipped, List.copyOf(problems), 0, truncated, elapsed);
        }
    }
}
