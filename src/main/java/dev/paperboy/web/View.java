package dev.paperboy.web;

import dev.paperboy.paper.Listing;
import dev.paperboy.paper.Paper;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;

/** Small formatting helpers the templates call. Templates escape their output; nothing here returns HTML. */
public final class View {
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("d MMM yyyy", Locale.ENGLISH);

    private View() {}

    /** The first three authors, then "et al." */
    public static String authorsShort(List<String> authors) {
        if (authors.size() <= 4) {
            return String.join(", ", authors);
        }
        return String.join(", ", authors.subList(0, 3)) + " et al.";
    }

    /** The first {@code max} characters of {@code text}, cut at a word boundary. */
    public static String excerpt(String text, int max) {
        if (text == null || text.length() <= max) {
            return text == null ? "" : text;
        }
        int cut = text.lastIndexOf(' ', max);
        return text.substring(0, cut > max / 2 ? cut : max).stripTrailing() + "…";
    }

    public static String day(LocalDate day) {
        return day == null ? "" : DAY.format(day);
    }

    /** A moment for a byline: {@code 2025-12-31 10:00 UTC}. */
    public static String when(java.time.Instant instant) {
        return java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'")
                .withZone(java.time.ZoneOffset.UTC).format(instant);
    }

    public static String url(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    public static String paperPath(String id) {
        return "/papers/" + id;
    }

    public static String paperPath(Paper paper) {
        return "/papers/" + paper.id();
    }

    /** A link's text: the host and path without the scheme. */
    public static String linkText(String url) {
        return url.replaceFirst("^https?://(www\\.)?", "");
    }

    public static boolean hasCode(Listing listing) {
        return listing.hasCode();
    }

    public static String codeLink(Listing listing) {
        Paper p = listing.paper();
        return p.githubRepo() != null ? p.githubRepo() : p.codeLinks().isEmpty() ? null : p.codeLinks().getFirst();
    }

    /**
     * A window of at most {@code max} characters of highlighted text, starting a little before the first highlight,
     * so that a result shows why it matched. The window starts and ends between words, never inside one.
     */
    public static java.util.List<dev.paperboy.search.PaperSearch.Segment> snippet(
            java.util.List<dev.paperboy.search.PaperSearch.Segment> segments, int max) {
        var all = new StringBuilder();
        int first = -1;
        for (var segment : segments) {
            if (segment.highlight() && first < 0) {
                first = all.length();
            }
            all.append(segment.text());
        }
        String text = all.toString();
        int start = Math.max(0, Math.max(first, 0) - max / 4);
        // Move forward to the start of a word, but never past the first highlight.
        while (start > 0 && start < text.length() && !Character.isWhitespace(text.charAt(start - 1))
                && (first < 0 || start < first)) {
            start++;
        }
        while (start < text.length() && Character.isWhitespace(text.charAt(start)) && (first < 0 || start < first)) {
            start++;
        }
        int end = Math.min(text.length(), start + max);
        if (end < text.length() && !Character.isWhitespace(text.charAt(end))) {
            int space = end;
            while (space > start && !Character.isWhitespace(text.charAt(space - 1))) {
                space--;
            }
            if (space > start) {
                end = space;
            }
        }
        while (end > start && Character.isWhitespace(text.charAt(end - 1))) {
            end--;
        }
        var window = new java.util.ArrayList<dev.paperboy.search.PaperSearch.Segment>();
        if (start > 0) {
            window.add(new dev.paperboy.search.PaperSearch.Segment(false, "…"));
        }
        int position = 0;
        for (var segment : segments) {
            int from = Math.max(start, position);
            int to = Math.min(end, position + segment.text().length());
            if (from < to) {
                window.add(new dev.paperboy.search.PaperSearch.Segment(segment.highlight(),
                        text.substring(from, to)));
            }
            position += segment.text().length();
        }
        if (end < text.length()) {
            window.add(new dev.paperboy.search.PaperSearch.Segment(false, "…"));
        }
        return window;
    }

    public static String plural(long n, String one, String many) {
        return String.format(Locale.ROOT, "%,d %s", n, n == 1 ? one : many);
    }
}
