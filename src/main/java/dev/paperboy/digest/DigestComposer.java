package dev.paperboy.digest;

import dev.paperboy.authors.AuthorNames;
import dev.paperboy.authors.Follows;
import dev.paperboy.feed.Trending;
import dev.paperboy.recommend.Recommendations;
import java.util.ArrayList;
import java.util.HashSet;
import dev.paperboy.mail.Mail;
import dev.paperboy.paper.Catalogue;
import dev.paperboy.paper.Listing;
import dev.paperboy.paper.Paper;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Writes digests: a period's papers ranked by the trending score ({@link #edition}), cut per subscriber by their
 * categories and saved search, as a {@code multipart/alternative} mail with a plain-text and an HTML part, the
 * RFC 8058 unsubscribe headers and a stable {@code Message-ID} per (subscription, period).
 */
public final class DigestComposer {
    private static final Pattern SENTENCE_END = Pattern.compile("(?<=[.!?])\\s+(?=[A-Z0-9\\\\$(\\[])");
    private static final int EXCERPT_MAX = 420;

    private final Catalogue catalogue;
    private final Trending trending;
    private final Subscriptions subscriptions;
    private final Recommendations recommendations;
    private final java.util.function.Supplier<String> baseUrl;
    private final String unsubscribeMailto;
    private final int maxPapers;

    /**
     * @param unsubscribeAddress where the {@code mailto:} of {@code List-Unsubscribe} points (the From address)
     * @param maxPapers at most this many papers in one digest
     */
    public DigestComposer(Catalogue catalogue, Trending trending, Subscriptions subscriptions,
            Recommendations recommendations, java.util.function.Supplier<String> baseUrl,
            String unsubscribeAddress, int maxPapers) {
        this.catalogue = catalogue;
        this.trending = trending;
        this.subscriptions = subscriptions;
        this.recommendations = recommendations;
        this.baseUrl = baseUrl;
        this.unsubscribeMailto = unsubscribeAddress;
        this.maxPapers = maxPapers;
    }

    /** The host of the server's public address, as the digest's footer names it. */
    private String mailHost() {
        String host = URI.create(baseUrl.get()).getHost();
        return host == null ? "localhost" : host;
    }

    public int maxPapers() {
        return maxPapers;
    }

    /** The period's papers, scored as the trending page scores them at {@code now}. */
    public Edition edition(DigestPeriod period, Instant now) {
        var query = new Catalogue.FeedQuery(period.from(), period.until(), null, false, null);
        List<Listing> ranked = catalogue.feed(query, Catalogue.Order.UPVOTES, 0, 5_000).stream()
                .sorted(Comparator.comparingDouble((Listing l) -> trending.score(l, now)).reversed()
                        .thenComparing(l -> l.paper().id()))
                .toList();
        return new Edition(period, ranked, this::vectors);
    }

    private java.util.Map<String, float[]> vectors(List<String> ids) {
        var result = new java.util.HashMap<String, float[]>();
        for (int i = 0; i < ids.size(); i += 500) {
            var batch = ids.subList(i, Math.min(ids.size(), i + 500)).stream().map(id -> new Catalogue.Queued(id, 0)).toList();
            for (var indexable : catalogue.forSearch(batch)) {
                if (indexable.vector() != null && indexable.vector().length > 0) {
                    result.put(indexable.id(), dev.paperboy.search.Vectors.fromBytes(indexable.vector()));
                }
            }
        }
        return result;
    }

    /** A composed digest and how many papers it holds. */
    public record Composed(Mail mail, int papers) {}

    /** Papers under one heading; the period's top papers have none (the digest's title says what they are). */
    record Section(String heading, List<Listing> papers) {}

    static final String FOR_YOU = "For you";
    static final String FOLLOWED = "From authors and categories you follow";

    /** A subscriber's digest, or null when the period has nothing for them (then nothing is sent). */
    public Composed compose(Subscription subscription, Edition edition) {
        var sections = new ArrayList<Section>();
        var listed = new HashSet<String>();
        if (subscription.forYou() != ForYou.INSTEAD) {
            List<Listing> top = edition.select(subscription.preferences(), maxPapers);
            if (subscription.includeSimilar() && subscription.userId() != null) {
                top = edition.withSimilar(top, subscriptions.libraryIds(subscription.userId()), maxPapers);
            }
            sections.add(new Section(null, top));
            top.forEach(l -> listed.add(l.paper().id()));
        }
        if (subscription.userId() != null) {
            if (subscription.forYou() != ForYou.OFF) {
                // The member's precomputed list, kept to the papers of this digest's period.
                DigestPeriod period = edition.period();
                var picks = recommendations.forMember(subscription.userId(), recommendations.keep()).stream()
                        .map(Recommendations.Recommended::listing)
                        .filter(l -> l.placement() != null && !l.placement().day().isBefore(period.from())
                                && l.placement().day().isBefore(period.until()) && listed.add(l.paper().id()))
                        .limit(maxPapers).toList();
                sections.add(new Section(FOR_YOU, picks));
            }
            var follows = recommendations.follows().of(subscription.userId());
            if (!follows.isEmpty()) {
                var authors = follows.stream().filter(f -> f.kind() == Follows.Kind.AUTHOR).map(Follows.Follow::value).toList();
                var categories = follows.stream().filter(f -> f.kind() == Follows.Kind.CATEGORY).map(Follows.Follow::value).toList();
                var followed = edition.ranked().stream()
                        .filter(l -> !AuthorNames.matching(authors, l.paper().authors()).isEmpty()
                                || l.paper().categories().stream().anyMatch(categories::contains))
                        .filter(l -> listed.add(l.paper().id()))
                        .limit(maxPapers).toList();
                sections.add(new Section(FOLLOWED, followed));
            }
        }
        sections.removeIf(section -> section.papers().isEmpty());
        if (sections.isEmpty()) {
            return null;
        }
        List<Listing> papers = sections.stream().flatMap(section -> section.papers().stream()).toList();
        String unsubscribe = subscriptions.link(Subscriptions.Purpose.UNSUBSCRIBE, subscription.id());
        String manage = subscriptions.link(Subscriptions.Purpose.MANAGE, subscription.id());
        var headers = new LinkedHashMap<String, String>();
        headers.put("Message-ID", messageId(subscription, edition.period()));
        headers.put("List-Id", "Paperboy digest <digest." + mailHost() + ">");
        headers.put("List-Unsubscribe", "<mailto:" + unsubscribeMailto + "?subject="
                + URLEncoder.encode("unsubscribe " + subscriptions.token(Subscriptions.Purpose.UNSUBSCRIBE,
                        subscription.id()), StandardCharsets.UTF_8).replace("+", "%20") + ">, <" + unsubscribe + ">");
        headers.put("List-Unsubscribe-Post", "List-Unsubscribe=One-Click");
        headers.put("Auto-Submitted", "auto-generated");
        headers.put("Precedence", "bulk");
        return new Composed(new Mail(subscription.email(), subject(edition.period(), papers),
                text(edition.period(), subscription.preferences(), sections, manage, unsubscribe),
                html(edition.period(), subscription.preferences(), sections, manage, unsubscribe), Map.copyOf(headers)),
                papers.size());
    }

    /**
     * The period of the latest digest that had any papers, sent on or before {@code asOf}'s period: what a preview
     * shows when the next digest has nothing yet for anyone (a quiet server, or the demo catalogue of an old month).
     */
    public java.util.Optional<DigestPeriod> latestWithPapers(DigestPeriod next, DigestSchedule schedule) {
        if (catalogue.feedCount(new Catalogue.FeedQuery(next.from(), next.until(), null, false, null)) > 0) {
            return java.util.Optional.empty();
        }
        return catalogue.feedDayBefore(next.from()).map(day ->
                DigestPeriod.of(next.frequency(), schedule.nextSendDay(next.frequency(), day.plusDays(1))));
    }

    /** The HTML a subscriber with these preferences would get, with links to the subscribe page; null if empty. */
    public String preview(Preferences preferences, Edition edition) {
        List<Listing> papers = edition.select(preferences, maxPapers);
        return papers.isEmpty() ? null : html(edition.period(), preferences, List.of(new Section(null, papers)),
                baseUrl.get() + "/subscribe", baseUrl.get() + "/subscribe");
    }

    /** Stable per (subscription, period): a receiving server that sees it twice can tell it is the same digest. */
    String messageId(Subscription subscription, DigestPeriod period) {
        return "<" + period.key().replace(':', '.') + "." + subscription.id() + "@" + mailHost() + ">";
    }

    static String subject(DigestPeriod period, List<Listing> papers) {
        return (period.frequency() == Frequency.DAILY ? "Daily" : "Weekly") + " papers: "
                + truncate(papers.getFirst().paper().title(), 70)
                + (papers.size() > 1 ? " and " + (papers.size() - 1) + " more" : "");
    }

    String text(DigestPeriod period, Preferences preferences, List<Section> sections, String manage, String unsubscribe) {
        var out = new StringBuilder();
        out.append("Paperboy — ").append(title(period, sections)).append('\n');
        out.append("Your digest: ").append(preferences.describe()).append("\n\n");
        int n = 1;
        for (Section section : sections) {
            if (section.heading() != null) {
                out.append("== ").append(section.heading()).append(" ==\n\n");
            }
            for (Listing l : section.papers()) {
                Paper p = l.paper();
                out.append(n++).append(". ").append(oneLine(p.title())).append('\n');
                out.append("   ").append(authors(p.authors())).append('\n');
                out.append("   ").append(l.upvotes()).append(l.upvotes() == 1 ? " upvote" : " upvotes").append('\n');
                if (l.notes().summary() != null) {
                    out.append(wrap("In one sentence: " + oneLine(l.notes().summary()), 72, "   ")).append('\n');
                }
                out.append(wrap(excerpt(p.abstractText()), 72, "   ")).append('\n');
                if (!l.notes().keywords().isEmpty()) {
                    out.append(wrap("Keywords: " + String.join(", ", keywords(l)), 72, "   ")).append('\n');
                }
                out.append("   Paper: ").append(paperUrl(p)).append('\n');
                String code = codeLink(p);
                if (code != null) {
                    out.append("   Code:  ").append(code).append('\n');
                }
                out.append('\n');
            }
        }
        out.append("-- \nYou get this because you subscribed at ").append(baseUrl.get()).append(".\n");
        out.append("Change what you get: ").append(manage).append('\n');
        out.append("Unsubscribe: ").append(unsubscribe).append('\n');
        return out.toString();
    }

    String html(DigestPeriod period, Preferences preferences, List<Section> sections, String manage, String unsubscribe) {
        List<Listing> papers = sections.stream().flatMap(section -> section.papers().stream()).toList();
        var out = new StringBuilder(8_192);
        out.append("<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\">"
                + "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><title>")
                .append(esc(subject(period, papers))).append("</title></head>"
                + "<body style=\"margin:0;padding:0;background:#f6f6f3;\">"
                + "<div style=\"max-width:640px;margin:0 auto;padding:24px 16px;font-family:-apple-system,Segoe UI,Helvetica,Arial,sans-serif;"
                + "color:#1f2328;line-height:1.5;\">");
        out.append("<p style=\"margin:0 0 4px;font-size:14px;color:#59636e;\">📰 <a href=\"").append(esc(baseUrl.get()))
                .append("/papers\" style=\"color:#59636e;\">Paperboy</a> · ").append(esc(preferences.describe())).append("</p>");
        String title = title(period, sections);
        out.append("<h1 style=\"font-size:22px;margin:0 0 20px;\">").append(esc(Character.toUpperCase(title.charAt(0))
                + title.substring(1))).append("</h1>");
        for (Section section : sections) {
            if (section.heading() != null) {
                out.append("<h2 style=\"font-size:18px;margin:24px 0 12px;\">").append(esc(section.heading())).append("</h2>");
            }
            for (Listing l : section.papers()) {
                Paper p = l.paper();
                out.append("<div style=\"background:#fff;border:1px solid #e5e5e0;border-radius:8px;padding:16px;margin:0 0 16px;\">");
                out.append("<h2 style=\"font-size:18px;margin:0 0 4px;line-height:1.3;\"><a href=\"").append(esc(paperUrl(p)))
                        .append("\" style=\"color:#0b57d0;text-decoration:none;\">").append(esc(oneLine(p.title()))).append("</a></h2>");
                out.append("<p style=\"margin:0 0 8px;font-size:14px;color:#59636e;\">").append(esc(authors(p.authors())))
                        .append(" · ▲ ").append(l.upvotes()).append("</p>");
                if (l.notes().summary() != null) {
                    out.append("<p style=\"margin:0 0 8px;font-size:15px;\"><strong>In one sentence:</strong> ")
                            .append(esc(oneLine(l.notes().summary()))).append("</p>");
                }
                out.append("<p style=\"margin:0 0 8px;font-size:15px;\">").append(esc(excerpt(p.abstractText()))).append("</p>");
                if (!l.notes().keywords().isEmpty()) {
                    out.append("<p style=\"margin:0 0 8px;font-size:13px;color:#59636e;\">");
                    boolean first = true;
                    for (String k : keywords(l)) {
                        out.append(first ? "" : " · ").append("<a href=\"").append(esc(baseUrl.get() + keywordSearch(k)))
                                .append("\" style=\"color:#59636e;\">").append(esc(k)).append("</a>");
                        first = false;
                    }
                    out.append("</p>");
                }
                out.append("<p style=\"margin:0;font-size:14px;\"><a href=\"").append(esc(paperUrl(p)))
                        .append("\" style=\"color:#0b57d0;\">Read the abstract</a> · <a href=\"https://arxiv.org/pdf/")
                        .append(esc(p.id())).append("\" style=\"color:#0b57d0;\">PDF</a>");
                String code = codeLink(p);
                if (code != null) {
                    out.append(" · <a href=\"").append(esc(code)).append("\" style=\"color:#0b57d0;\">Code</a>");
                }
                out.append("</p></div>");
            }
        }
        out.append("<p style=\"font-size:13px;color:#59636e;margin-top:24px;\">You get this because you subscribed at <a href=\"")
                .append(esc(baseUrl.get())).append("\" style=\"color:#59636e;\">").append(esc(mailHost())).append("</a>. <a href=\"")
                .append(esc(manage)).append("\" style=\"color:#59636e;\">Change what you get</a> · <a href=\"")
                .append(esc(unsubscribe)).append("\" style=\"color:#59636e;\">Unsubscribe</a></p>");
        out.append("</div></body></html>");
        return out.toString();
    }

    /** "the top 5 papers of …" when the digest leads with the top papers, else "your papers of …". */
    private static String title(DigestPeriod period, List<Section> sections) {
        Section first = sections.getFirst();
        if (first.heading() == null) {
            int n = first.papers().size();
            return "the top " + (n == 1 ? "paper" : n + " papers") + " of " + period.label();
        }
        return "your papers of " + period.label();
    }

    private static List<String> keywords(Listing l) {
        var all = l.notes().keywords();
        return all.size() <= 6 ? all : all.subList(0, 6);
    }

    private static String keywordSearch(String keyword) {
        return "/search?q=" + URLEncoder.encode("\"" + keyword.replace("\"", "") + "\"", StandardCharsets.UTF_8);
    }

    private String paperUrl(Paper p) {
        return baseUrl.get() + "/papers/" + p.id();
    }

    private static String codeLink(Paper p) {
        return p.githubRepo() != null ? p.githubRepo() : p.codeLinks().isEmpty() ? null : p.codeLinks().getFirst();
    }

    /** The first two sentences of an abstract, at most about 420 characters, cut at a word. */
    static String excerpt(String abstractText) {
        String text = oneLine(abstractText);
        var m = SENTENCE_END.matcher(text);
        int end = text.length();
        int found = 0;
        while (m.find()) {
            if (++found == 2) {
                end = m.start();
                break;
            }
        }
        return truncate(text.substring(0, end), EXCERPT_MAX);
    }

    static String authors(List<String> authors) {
        if (authors.isEmpty()) {
            return "Unknown authors";
        }
        return authors.size() <= 4 ? String.join(", ", authors) : String.join(", ", authors.subList(0, 3)) + " et al.";
    }

    private static String oneLine(String s) {
        return s == null ? "" : s.strip().replaceAll("\\s+", " ");
    }

    private static String truncate(String text, int max) {
        if (text.length() <= max) {
            return text;
        }
        int cut = text.lastIndexOf(' ', max);
        return text.substring(0, cut > max / 2 ? cut : max).stripTrailing() + "…";
    }

    private static String wrap(String text, int width, String indent) {
        var out = new StringBuilder(indent);
        int column = indent.length();
        for (String word : text.split(" ")) {
            if (column > indent.length() && column + 1 + word.length() > width) {
                out.append('\n').append(indent);
                column = indent.length();
            } else if (column > indent.length()) {
                out.append(' ');
                column++;
            }
            out.append(word);
            column += word.length();
        }
        return out.toString();
    }

    /** {@code s} escaped for HTML text and attribute values. */
    public static String esc(String s) {
        var out = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '&' -> out.append("&amp;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }
}
