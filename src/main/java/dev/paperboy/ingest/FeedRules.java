package dev.paperboy.ingest;

import dev.paperboy.paper.FeedPlacement;
import dev.paperboy.paper.Paper;
import java.time.ZoneOffset;
import java.util.List;

/**
 * Which imported arXiv papers enter the daily feed on their own, without a curator: those in the configured
 * categories, on the day of their first version. Patterns are categories ({@code cs.LG}) or archives
 * ({@code cs.*}); {@code *} takes everything.
 */
public record FeedRules(boolean enabled, List<String> categoryPatterns) {

    public static final FeedRules NONE = new FeedRules(false, List.of());

    public FeedPlacement placementFor(Paper paper) {
        if (!enabled || paper.published() == null || !matches(paper.categories())) {
            return null;
        }
        return new FeedPlacement(paper.published(), paper.published().atStartOfDay(ZoneOffset.UTC).toInstant(),
                FeedPlacement.Source.ARXIV, null);
    }

    boolean matches(List<String> categories) {
        for (String category : categories) {
            for (String pattern : categoryPatterns) {
                if (pattern.equals("*") || pattern.equals(category)
                        || (pattern.endsWith(".*") && category.startsWith(pattern.substring(0, pattern.length() - 1)))) {
                    return true;
                }
            }
        }
        return false;
    }
}
