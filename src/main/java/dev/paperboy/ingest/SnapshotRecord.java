package dev.paperboy.ingest;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.paperboy.paper.ArxivId;
import dev.paperboy.paper.CodeLinks;
import dev.paperboy.paper.Paper;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
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

    private static final List<String> MONTHS =
            List.of("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec");

    private static LocalDate date(String rfc1123) {
        if (rfc1123 == null) {
            return null;
        }
        // Every snapshot date is "Mon, 2 Apr 2007 19:18:42 GMT"; reading it by hand is ten times faster than
        // the general RFC 1123 parser, which stays as the fallback for anything else.
        String[] parts = rfc1123.strip().split(" ");
        if (parts.length == 6 && parts[5].equals("GMT") && MONTHS.contains(parts[2])) {
            try {
                return LocalDate.of(Integer.parseInt(parts[3]), MONTHS.indexOf(parts[2]) + 1, Integer.parseInt(parts[1]));
            } catch (RuntimeException e) {
                throw new IllegalArgumentException("unreadable version date '" + rfc1123 + "'");
            }
        }
        try {
            return ZonedDateTime.parse(rfc1123.strip(), DateTimeFormatter.RFC_1123_DATE_TIME)
                    .withZoneSameInstant(ZoneOffset.UTC)
                    .toLocalDate();
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("unreadable version date '" + rfc1123 + "'");
        }
    }
}
