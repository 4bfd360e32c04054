package dev.paperboy.ingest;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.paperboy.paper.ArxivId;
import dev.paperboy.paper.CodeLinks;
import dev.paperboy.paper.Paper;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** One line of the public arXiv metadata snapshot (the Kaggle {@code arxiv-metadata-oai-snapshot.json}). */
@JsonIgnoreProperties(ignoreUnknown = true)
record SnapshotRecord(
        String id,
        String submitter,
        String authors,
        String title,
        String comments,
        @JsonProperty("journal-ref") String journalRef,
        String doi,
        @JsonProperty("report-no") String reportNo,
        String categories,
        String license,
        @JsonProperty("abstract") String abstractText,
        List<Version> versions,
        @JsonProperty("update_date") String updateDate,
        @JsonProperty("authors_parsed") List<List<String>> authorsParsed) {

    @JsonIgnoreProperties(ignoreUnknown = true)
    record Version(String version, String created) {}

    /** @throws IllegalArgumentException naming what is wrong when the record cannot become a paper */
    Paper toPaper() {
        if (id == null || id.isBlank()) {
            throw new IllegalArgumentException("record has no id");
        }
        String canonical = ArxivId.parse(id).id();
        String cleanTitle = Text.squash(title);
        if (cleanTitle == null) {
            throw new IllegalArgumentException("record " + canonical + " has no title");
        }
        String cleanAbstract = Text.squash(abstractText);
        String cleanComments = Text.squash(comments);
        List<String> links = CodeLinks.find(cleanAbstract, cleanComments);
        List<Version> known = versions == null ? List.of() : versions;
        return new Paper(
                canonical,
                cleanTitle,
                cleanAbstract,
                authorNames(),
                categories == null || categories.isBlank() ? List.of() : Arrays.asList(categories.trim().split("\\s+")),
                known.isEmpty() ? null : date(known.getFirst().created()),
                known.isEmpty() ? null : date(known.getLast().created()),
                Math.max(1, known.size()),
                cleanComments,
                Text.squash(journalRef),
                Text.squash(doi),
                Text.squash(reportNo),
                Text.squash(license),
                links,
                CodeLinks.githubRepo(links),
                null,
                List.of());
    }

    private List<String> authorNames() {
        if (authorsParsed != null && !authorsParsed.isEmpty()) {
            var names = new ArrayList<String>(authorsParsed.size());
            for (List<String> parts : authorsParsed) {
                // [keyname, forenames, suffix, affiliation...]: a reader writes "forenames keyname suffix".
                var name = new StringBuilder();
                append(name, parts.size() > 1 ? parts.get(1) : null);
                append(name, parts.isEmpty() ? null : parts.get(0));
                append(name, parts.size() > 2 ? parts.get(2) : null);
                if (!name.isEmpty()) {
                    names.add(name.toString());
                }
            }
            return names;
        }
        String squashed = Text.squash(authors);
        if (squashed == null) {
            return List.of();
        }
        return Arrays.stream(squashed.split(",\\s*|\\s+and\\s+"))
                .map(String::strip)
                .filter(s -> !s.isEmpty())
                .toList();
    }

    private static void append(StringBuilder name, String part) {
        String clean = Text.squash(part);
        if (clean != null) {
            if (!name.isEmpty()) {
                name.append(' ');
            }
            name.append(clean);
        }
    }

    private static LocalDate date(String rfc1123) {
        if (rfc1123 == null) {
            return null;
        }
        var instant = Text.rfc1123(rfc1123);
        if (instant == null) {
            throw new IllegalArgumentException("unreadable version date '" + rfc1123 + "'");
        }
        return LocalDate.ofInstant(instant, ZoneOffset.UTC);
    }
}
