package dev.paperboy.digest;

import dev.paperboy.community.InvalidInputException;
import dev.paperboy.search.QuerySyntax;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * What a subscriber wants: how often, which arXiv categories (none: all), and an optional saved search.
 *
 * @param query a search in the search box's syntax, or null
 */
public record Preferences(Frequency frequency, List<String> categories, String query) {
    public static final int MAX_CATEGORIES = 20;

    /** arXiv's archives; a category is one of them, optionally with a subject class: cs.LG, hep-th, astro-ph.CO. */
    private static final Set<String> ARCHIVES = Set.of("astro-ph", "cond-mat", "cs", "econ", "eess", "gr-qc", "hep-ex",
            "hep-lat", "hep-ph", "hep-th", "math", "math-ph", "nlin", "nucl-ex", "nucl-th", "physics", "q-bio", "q-fin",
            "quant-ph", "stat");
    private static final Pattern CATEGORY = Pattern.compile("([a-z]+(?:-[a-z]+)?)(?:\\.([A-Za-z]{2,}(?:-[a-z]{2,})?))?");

    public Preferences {
        categories = List.copyOf(categories);
    }

    /**
     * Checks and normalises what a form or JSON body sent.
     *
     * @throws InvalidInputException for an unknown frequency, something that is not an arXiv category, or a query
     *     longer than {@value QuerySyntax#MAX_LENGTH} characters
     */
    public static Preferences of(String frequency, List<String> categories, String query) {
        Frequency f = Frequency.parse(frequency);
        var checked = new LinkedHashSet<String>();
        for (String raw : categories == null ? List.<String>of() : categories) {
            for (String c : raw == null ? new String[0] : raw.split("[,\\s]+")) {
                if (!c.isBlank()) {
                    checked.add(category(c.strip()));
                }
            }
        }
        if (checked.size() > MAX_CATEGORIES) {
            throw new InvalidInputException("At most " + MAX_CATEGORIES + " categories, not " + checked.size() + ".");
        }
        String q = query == null || query.isBlank() ? null : query.strip();
        if (q != null && q.length() > QuerySyntax.MAX_LENGTH) {
            throw new InvalidInputException("The search query can be at most " + QuerySyntax.MAX_LENGTH
                    + " characters, not " + q.length() + ".");
        }
        if (q != null && q.chars().anyMatch(ch -> Character.isISOControl(ch) && ch != '\t')) {
            throw new InvalidInputException("The search query cannot contain control characters.");
        }
        return new Preferences(f, new ArrayList<>(checked), q);
    }

    /** Splits a space- or comma-separated list as stored. */
    static List<String> splitCategories(String stored) {
        return stored == null || stored.isBlank() ? List.of() : List.of(stored.strip().split("\\s+"));
    }

    private static String category(String c) {
        var m = CATEGORY.matcher(c);
        if (c.length() > 30 || !m.matches() || !ARCHIVES.contains(m.group(1))) {
            throw new InvalidInputException("'" + (c.length() > 30 ? c.substring(0, 30) + "…" : c)
                    + "' is not an arXiv category; use ones like cs.LG, stat.ML, hep-th or math.AG.");
        }
        return c;
    }

    /** Whether a paper listing these categories is wanted: one of them is one of ours, or in one of our archives. */
    public boolean wantsCategories(List<String> paperCategories) {
        if (categories.isEmpty()) {
            return true;
        }
        for (String mine : categories) {
            boolean archive = mine.indexOf('.') < 0;
            for (String theirs : paperCategories) {
                if (theirs.equals(mine) || archive && theirs.startsWith(mine + ".")) {
                    return true;
                }
            }
        }
        return false;
    }

    /** A short description for mails and pages: "daily · cs.LG, stat.ML · matching “…”". */
    public String describe() {
        var parts = new ArrayList<String>();
        parts.add(frequency == Frequency.DAILY ? "daily (weekdays)" : "weekly");
        parts.add(categories.isEmpty() ? "all categories" : String.join(", ", categories));
        if (query != null) {
            parts.add("matching “" + query + "”");
        }
        return String.join(" · ", parts);
    }
}
