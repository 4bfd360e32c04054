package dev.paperboy.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.paperboy.paper.ArxivId;
import dev.paperboy.paper.Catalogue;
import dev.paperboy.paper.CodeLinks;
import dev.paperboy.paper.FeedPlacement;
import dev.paperboy.paper.IncomingPaper;
import dev.paperboy.paper.Paper;
import dev.paperboy.paper.UpsertCounts;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;

/**
 * The real papers bundled in the jar (see {@code src/main/resources/demo/README.md}), loaded on first start so
 * that a new instance has a feed, paper pages and something to search.
 */
public final class DemoCatalogue {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Catalogue catalogue;
    private final HfDailyImporter hfDaily;

    public DemoCatalogue(Catalogue catalogue, HfDailyImporter hfDaily) {
        this.catalogue = catalogue;
        this.hfDaily = hfDaily;
    }

    /** Loads the demo papers; safe to repeat, as every write is an upsert. */
    public UpsertCounts load() {
        // arXiv's metadata first, so the Hugging Face records that follow keep its categories and comments.
        UpsertCounts counts = catalogue.upsert(arxivMetadata());
        counts = counts.plus(catalogue.upsert(seedPage()));
        for (String name : lines("/demo/hf-daily/index.txt")) {
            try (InputStream in = resource("/demo/hf-daily/" + name)) {
                counts = counts.plus(hfDaily.importStream(name, in).counts());
            } catch (IOException e) {
                throw new UncheckedIOException("bundled demo file " + name + " is unreadable", e);
            }
        }
        return counts;
    }

    /** arXiv snapshot records for the demo papers: categories, comments, exact dates. No feed placement. */
    static List<IncomingPaper> arxivMetadata() {
        var reader = JSON.readerFor(SnapshotRecord.class);
        var papers = new ArrayList<IncomingPaper>();
        try (var in = new GZIPInputStream(resource("/demo/arxiv-metadata.jsonl.gz"));
                var lines = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                if (!line.isBlank()) {
                    SnapshotRecord record = reader.readValue(line);
                    papers.add(new IncomingPaper(record.toPaper(), -1, null));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("bundled arxiv-metadata.jsonl.gz is corrupt", e);
        }
        return papers;
    }

    /** The 48 papers of the search page Paperboy started from, each in the feed on the day the page listed it. */
    static List<IncomingPaper> seedPage() {
        var papers = new ArrayList<IncomingPaper>();
        for (String line : lines("/demo/seed-page.jsonl")) {
            JsonNode n;
            try {
                n = JSON.readTree(line);
            } catch (IOException e) {
                throw new UncheckedIOException("bundled seed-page.jsonl is corrupt", e);
            }
            var authors = new ArrayList<String>();
            n.path("authors").forEach(a -> authors.add(a.asText()));
            var categories = new ArrayList<String>();
            n.path("categories").forEach(c -> categories.add(c.asText()));
            LocalDate published = n.hasNonNull("published") ? LocalDate.parse(n.get("published").asText()) : null;
            LocalDate listed = LocalDate.parse(n.get("listed_on").asText());
            String abstractText = Text.squash(n.path("abstract").asText());
            List<String> links = CodeLinks.find(abstractText);
            var paper = new Paper(ArxivId.parse(n.get("id").asText()).id(), Text.squash(n.get("title").asText()),
                    abstractText, authors, categories, published, published, 1, null, null, null, null, null,
                    links, CodeLinks.githubRepo(links), null, List.of());
            papers.add(new IncomingPaper(paper, n.path("upvotes").asInt(0), new FeedPlacement(
                    listed, listed.atStartOfDay(ZoneOffset.UTC).toInstant(), FeedPlacement.Source.HF, null)));
        }
        return papers;
    }

    private static List<String> lines(String resource) {
        try (var reader = new BufferedReader(new InputStreamReader(resource(resource), StandardCharsets.UTF_8))) {
            return reader.lines().filter(l -> !l.isBlank()).toList();
        } catch (IOException e) {
            throw new UncheckedIOException("bundled " + resource + " is unreadable", e);
        }
    }

    private static InputStream resource(String name) {
        InputStream in = DemoCatalogue.class.getResourceAsStream(name);
        if (in == null) {
            throw new IllegalStateException("the jar lacks " + name + "; rebuild it with ./mvnw package");
        }
        return in;
    }
}
