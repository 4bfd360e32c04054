package dev.paperboy.ingest;

import dev.paperboy.paper.ArxivId;
import dev.paperboy.paper.CodeLinks;
import dev.paperboy.paper.Paper;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/**
 * One arXiv metadata record as OAI-PMH serves it, in either format: {@code arXivRaw} (the version history, authors as
 * one string) or {@code arXiv} (the latest version, authors split into parts). Fields a format lacks are null or empty.
 *
 * @param versions every version with its date, size and source type ({@code arXivRaw} only)
 * @param created first-version date ({@code arXiv} only)
 * @param updated latest-version date when there is more than one version ({@code arXiv} only)
 * @param authors the authors split into parts ({@code arXiv}; for {@code arXivRaw}, split from {@code authorsText})
 * @param authorsText the authors as one string, TeX accents and all ({@code arXivRaw} only)
 */
public record ArxivRecord(
        String id, String submitter, List<Version> versions, LocalDate created, LocalDate updated, String title,
        List<Author> authors, String authorsText, List<String> categories, String comments, String proxy,
        String reportNo, String mscClass, String acmClass, String journalRef, String doi, String license,
        String abstractText) {

    public ArxivRecord {
        versions = List.copyOf(versions);
        authors = List.copyOf(authors);
        categories = List.copyOf(categories);
    }

    /** One version: {@code v1} is number 1. */
    public record Version(int number, Instant date, String size, String sourceType) {}

    /** An author as arXiv splits names: {@code forenames keyname suffix}, plus affiliations. */
    public record Author(String keyname, String forenames, String suffix, List<String> affiliations) {
        public Author {
            affiliations = List.copyOf(affiliations);
        }

        /** The name as a reader writes it: "Manuel E. Krauss", "John Smith Jr". */
        public String name() {
            var name = new StringBuilder();
            for (String part : new String[] {forenames, keyname, suffix}) {
                if (part != null && !part.isBlank()) {
                    if (!name.isEmpty()) {
                        name.append(' ');
                    }
                    name.append(part.strip());
                }
            }
            return name.toString();
        }
    }

    /**
     * The catalogue's view of this record. Without a version history (format {@code arXiv}) the version count is a
     * lower bound: 1, or 2 when the record has an {@code updated} date.
     *
     * @throws IllegalArgumentException naming what is wrong when the record cannot become a paper
     */
    public Paper toPaper() {
        String canonical = ArxivId.parse(id).id();
        String cleanTitle = Text.squash(title);
        if (cleanTitle == null) {
            throw new IllegalArgumentException("record " + canonical + " has no title");
        }
        String cleanAbstract = Text.squash(abstractText);
        String cleanComments = Text.squash(comments);
        List<String> links = CodeLinks.find(cleanAbstract, cleanComments);
        LocalDate published;
        LocalDate latest;
        int versionCount;
        if (!versions.isEmpty()) {
            published = day(versions.getFirst().date());
            latest = day(versions.getLast().date());
            versionCount = versions.stream().mapToInt(Version::number).max().orElse(versions.size());
        } else {
            published = created;
            latest = updated != null ? updated : created;
            versionCount = updated != null && !updated.equals(created) ? 2 : 1;
        }
        var names = new ArrayList<String>(authors.size());
        for (Author author : authors) {
            String name = Text.squash(author.name());
            if (name != null) {
                names.add(name);
            }
        }
        return new Paper(canonical, cleanTitle, cleanAbstract, names, categories, published, latest, versionCount,
                cleanComments, Text.squash(journalRef), Text.squash(doi), Text.squash(reportNo), Text.squash(license),
                links, CodeLinks.githubRepo(links), null, List.of());
    }

    private static LocalDate day(Instant instant) {
        return instant == null ? null : LocalDate.ofInstant(instant, ZoneOffset.UTC);
    }

    /**
     * Splits arXivRaw's author string ("A, B, and C", "A and B", "A (MIT), B (ETH)") into authors. Commas and "and"
     * inside parentheses belong to an affiliation, not to the list.
     */
    private static final java.util.Set<String> SUFFIXES = java.util.Set.of("Jr", "Jr.", "Sr", "Sr.", "II", "III", "IV");

    static List<Author> splitAuthors(String text) {
        String squashed = Text.squash(text);
        if (squashed == null) {
            return List.of();
        }
        var parts = new ArrayList<String>();
        int depth = 0;
        int start = 0;
        for (int i = 0; i < squashed.length(); i++) {
            char c = squashed.charAt(i);
            if (c == '(') {
                depth++;
            } else if (c == ')') {
                depth = Math.max(0, depth - 1);
            } else if (depth == 0 && c == ',') {
                parts.add(squashed.substring(start, i));
                start = i + 1;
            } else if (depth == 0 && squashed.startsWith(" and ", i)) {
                parts.add(squashed.substring(start, i));
                start = i + 5;
                i += 4;
            }
        }
        parts.add(squashed.substring(start));
        var authors = new ArrayList<Author>(parts.size());
        for (String part : parts) {
            String name = part.strip();
            if (name.startsWith("and ")) {
                name = name.substring(4).strip();
            }
            var affiliations = new ArrayList<String>();
            int open;
            while ((open = name.indexOf('(')) >= 0) {
                int close = matching(name, open);
                affiliations.add(name.substring(open + 1, close).strip());
                name = (name.substring(0, open) + (close + 1 < name.length() ? name.substring(close + 1) : "")).strip();
            }
            name = Text.squash(name);
            if (name == null) {
                continue;
            }
            String suffix = null;
            int space = name.lastIndexOf(' ');
            if (space > 0 && SUFFIXES.contains(name.substring(space + 1))) {
                suffix = name.substring(space + 1);
                name = name.substring(0, space).replaceAll(",$", "");
                space = name.lastIndexOf(' ');
            }
            authors.add(space < 0
                    ? new Author(name, null, suffix, affiliations)
                    : new Author(name.substring(space + 1), name.substring(0, space), suffix, affiliations));
        }
        return authors;
    }

    private static int matching(String text, int open) {
        int depth = 0;
        for (int i = open; i < text.length(); i++) {
            if (text.charAt(i) == '(') {
                depth++;
            } else if (text.charAt(i) == ')' && --depth == 0) {
                return i;
            }
        }
        return text.length();
    }
}
