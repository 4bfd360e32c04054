package dev.paperboy.web;

import dev.paperboy.paper.Listing;
import dev.paperboy.paper.Paper;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import dev.paperboy.search.SearchBackend.Segment;
import java.util.ArrayList;
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

    /** A search for a keyword as a phrase: the papers that use it, this one among them. */
    public static String keywordSearch(String keyword) {
        return "/search?q=" + url("\"" + keyword.replace("\"", "") + "\"");
    }

    /** At most the first {@code n} values. */
    public static <T> List<T> first(List<T> values, int n) {
        return values.size() <= n ? values : values.subList(0, n);
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
     * A window of about {@code max} characters of highlighted text, starting a little before the first highlight,
     * so that a result shows why it matched. The window starts and ends between words, never inside one.
     */
    public static List<Segment> snippet(List<Segment> segments, int max) {
        var all = new StringBuilder();
        int first = -1;
        for (var segment : segments) {
            if (first < 0 && segment.highlight()) {
                first = all.length();
            }
            all.append(segment.text());
        }
        String text = all.toString();
        int start = first <= max / 4 ? 0 : wordStart(text, first - max / 4);
        int end = start + max >= text.length() ? text.length() : wordEnd(text, start + max, start);
        var window = new ArrayList<Segment>();
        if (start > 0) {
            window.add(new Segment(false, "…"));
        }
        int position = 0;
        for (var segment : segments) {
            int from = Math.max(start, position);
            int to = Math.min(end, position + segment.text().length());
            if (from < to) {
                window.add(new Segment(segment.highlight(), text.substring(from, to)));
            }
            position += segment.text().length();
        }
        if (end < text.length()) {
            window.add(new Segment(false, "…"));
        }
        return window;
    }

    // The first word that starts at or after {@code at}.
    private static int wordStart(String text, int at) {
        int i = at;
        while (i > 0 && i < text.length() && !Character.isWhitespace(text.charAt(i - 1))) {
            i++;
        }
        while (i < text.length() && Character.isWhitespace(text.charAt(i))) {
            i++;
        }
        return Math.min(i, text.length());
    }

    // The end of the last whole word that ends at or before {@code at}; a single word longer than the window is cut.
    private static int wordEnd(String text, int at, int start) {
        int i = at;
        while (i > start && !Character.isWhitespace(text.charAt(i))) {
            i--;
        }
        while (i > start && Character.isWhitespace(text.charAt(i - 1))) {
            i--;
        }
        return i > start ? i : at;
    }

    /** Which section of the site a path belongs to, for the header's {@code aria-current}. */
    public static String section(String here) {
        String path = here == null ? "" : here.replaceFirst("[?#].*", "");
        if (path.equals("/papers/trending")) {
            return "trending";
        }
        if (path.equals("/papers/submit")) {
            return "submit";
        }
        if (path.equals("/papers") || path.matches("/papers/(date|week|month)/.*")) {
            return "papers";
        }
        if (path.equals("/search")) {
            return "search";
        }
        if (path.equals("/library")) {
            return "library";
        }
        if (path.startsWith("/settings")) {
            return "settings";
        }
        return "";
    }

    /** True when any of the texts holds TeX that KaTeX would render: pages without it do not load KaTeX. */
    public static boolean hasTex(String... texts) {
        for (String text : texts) {
            if (text != null && TEX.matcher(text).find()) {
                return true;
            }
        }
        return false;
    }

    /** The part of the abstract a card shows. */
    public static String cardExcerpt(Paper paper) {
        return excerpt(paper.abstractText(), 300);
    }

    /**
     * True when what these papers' cards show (title, summary, the excerpt of the abstract) holds TeX that
     * {@link InlineTex} leaves for KaTeX. TeX further down an abstract does not count: no card shows it, and
     * loading KaTeX for it would cost a page ~130 KB.
     */
    public static boolean anyTex(java.util.Collection<Listing> listings) {
        for (Listing listing : listings) {
            Paper p = listing.paper();
            if (InlineTex.leavesTex(p.title()) || InlineTex.leavesTex(listing.notes().summary())
                    || InlineTex.leavesTex(cardExcerpt(p))) {
                return true;
            }
        }
        return false;
    }

    /**
     * True when a search result's snippet shows TeX that KaTeX would render. Auto-render reads each text node on its
     * own: the text between two highlights is one, a highlight another.
     */
    public static boolean snippetsTex(List<SearchPages.Found> results) {
        for (var found : results) {
            var run = new StringBuilder();
            for (var segment : snippet(found.snippet(), SNIPPET)) {
                if (segment.highlight()) {
                    if (hasTex(run.toString(), segment.text())) {
                        return true;
                    }
                    run.setLength(0);
                } else {
                    run.append(segment.text());
                }
            }
            if (hasTex(run.toString())) {
                return true;
            }
        }
        return false;
    }

    /** How many characters of a search result's abstract its card shows. */
    public static final int SNIPPET = 320;

    /** True when a comment or a reply holds TeX. */
    public static boolean commentsTex(List<dev.paperboy.community.Comment> comments) {
        for (var c : comments) {
            if (hasTex(c.text()) || commentsTex(c.replies())) {
                return true;
            }
        }
        return false;
    }

    // The delimiters math.js gives KaTeX: $…$, $$…$$, \(…\), \[…\].
    private static final java.util.regex.Pattern TEX = java.util.regex.Pattern.compile(
            "\\$[^$]+\\$|\\\\\\(|\\\\\\[");

    public static String plural(long n, String one, String many) {
        return String.format(Locale.ROOT, "%,d %s", n, n == 1 ? one : many);
    }
}
