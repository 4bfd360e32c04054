package dev.paperboy.web;

import dev.paperboy.paper.Paper;
import java.util.Locale;

/** A BibTeX entry in the form arXiv's own "Export BibTeX citation" gives. */
final class Bibtex {
    private Bibtex() {}

    static String of(Paper paper) {
        String firstAuthor = paper.authors().isEmpty() ? "anonymous" : paper.authors().getFirst();
        String surname = firstAuthor.substring(firstAuthor.lastIndexOf(' ') + 1)
                .replaceAll("[^\\p{L}\\p{N}]", "").toLowerCase(Locale.ROOT);
        String year = paper.published() == null ? "" : String.valueOf(paper.published().getYear());
        String firstWord = paper.title().split("\\s+")[0].replaceAll("[^\\p{L}\\p{N}]", "").toLowerCase(Locale.ROOT);
        var b = new StringBuilder();
        b.append("@misc{").append(surname).append(year).append(firstWord).append(",\n");
        field(b, "title", "{" + escape(paper.title()) + "}");
        field(b, "author", escape(String.join(" and ", paper.authors())));
        if (!year.isEmpty()) {
            field(b, "year", year);
        }
        field(b, "eprint", paper.id());
        field(b, "archivePrefix", "arXiv");
        if (paper.primaryCategory() != null) {
            field(b, "primaryClass", paper.primaryCategory());
        }
        if (paper.doi() != null) {
            field(b, "doi", paper.doi());
        }
        field(b, "url", "https://arxiv.org/abs/" + paper.id());
        b.setLength(b.length() - 2);
        return b.append("\n}").toString();
    }

    private static void field(StringBuilder b, String name, String value) {
        b.append("      ").append(name).append("={").append(value).append("},\n");
    }

    // Braces would end the field early; everything else BibTeX tolerates.
    private static String escape(String text) {
        return text.replace("{", "\\{").replace("}", "\\}");
    }
}
