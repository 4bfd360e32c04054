package dev.paperboy.paper;

import java.time.LocalDate;
import java.util.List;
import java.util.Objects;

/**
 * A paper's metadata, keyed by its version-less arXiv id. Community data (votes, comments, feed placement) lives
 * beside it, not in it, so that re-importing metadata can never touch it.
 *
 * @param published date of the first version, or null when the source does not say
 * @param updated date of the latest version known, or null
 * @param versionCount number of versions known (at least 1)
 * @param codeLinks code repositories and project pages found in the abstract and comments
 */
public record Paper(
        String id,
        String title,
        String abstractText,
        List<String> authors,
        List<String> categories,
        LocalDate published,
        LocalDate updated,
        int versionCount,
        String comments,
        String journalRef,
        String doi,
        String reportNo,
        String license,
        List<String> codeLinks,
        String githubRepo,
        String projectPage,
        List<String> aiKeywords) {

    public Paper {
        Objects.requireNonNull(id, "id");
        // NUL never means anything in metadata, and PostgreSQL cannot store it in text.
        title = title == null ? "" : withoutNul(title);
        abstractText = abstractText == null ? "" : withoutNul(abstractText);
        comments = withoutNul(comments);
        journalRef = withoutNul(journalRef);
        authors = authors.stream().map(Paper::withoutNul).toList();
        categories = List.copyOf(categories);
        codeLinks = List.copyOf(codeLinks);
        aiKeywords = List.copyOf(aiKeywords);
        if (versionCount < 1) {
            versionCount = 1;
        }
    }

    private static String withoutNul(String text) {
        return text == null || text.indexOf('\0') < 0 ? text : text.replace("\0", "");
    }

    /** A hash of every field, stable across runs and JVMs, so that an identical re-import can be skipped. */
    public int contentHash() {
        return java.util.Arrays.hashCode(new Object[] {
            id, title, abstractText, authors, categories, published, updated, versionCount,
            comments, journalRef, doi, reportNo, license, codeLinks, githubRepo, projectPage, aiKeywords
        });
    }

    /** True when this record describes a later state of the paper than {@code stored} does. */
    public boolean isNotOlderThan(int storedVersionCount, LocalDate storedUpdated) {
        if (versionCount != storedVersionCount) {
            return versionCount > storedVersionCount;
        }
        return storedUpdated == null || updated == null || !updated.isBefore(storedUpdated);
    }

    public ArxivId arxivId() {
        return ArxivId.parse(id);
    }

    public String primaryCategory() {
        return categories.isEmpty() ? null : categories.getFirst();
    }
}
