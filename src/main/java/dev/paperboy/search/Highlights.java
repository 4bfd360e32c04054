package dev.paperboy.search;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.lucene.analysis.Analyzer;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.uhighlight.Passage;
import org.apache.lucene.search.uhighlight.PassageFormatter;
import org.apache.lucene.search.uhighlight.UnifiedHighlighter;
import org.apache.lucene.search.uhighlight.WholeBreakIterator;
import dev.paperboy.search.SearchBackend.Segment;

/**
 * The words of a query marked in titles and abstracts, as segments ({@code text} / {@code highlight}): the shape of
 * Hugging Face's {@code highlightedTitle}, and safe to render, since no markup is produced here at all.
 */
final class Highlights {
    // Private-use characters delimit matches inside the highlighter's string output; real text never holds them.
    static final char OPEN = '\uE000';
    static final char CLOSE = '\uE001';

    private final String[] titles;
    private final String[] summaries;

    private Highlights(String[] titles, String[] summaries) {
        this.titles = titles;
        this.summaries = summaries;
    }

    static Highlights of(IndexSearcher searcher, Analyzer analyzer, Query query, List<Fusion.Scored> page)
            throws IOException {
        if (page.isEmpty()) {
            return new Highlights(new String[0], new String[0]);
        }
        var highlighter = UnifiedHighlighter.builder(searcher, analyzer)
                .withFieldMatcher(field -> true) // the query scores "text"; its terms are marked in title and abstract
                .withBreakIterator(WholeBreakIterator::new)
                .withMaxLength(100_000)
                .withFormatter(new Marker())
                .build();
        int[] docs = page.stream().mapToInt(Fusion.Scored::doc).toArray();
        var fields = highlighter.highlightFields(new String[] {SearchIndex.TITLE, SearchIndex.ABSTRACT}, query, docs,
                new int[] {1, 1});
        return new Highlights(fields.get(SearchIndex.TITLE), fields.get(SearchIndex.ABSTRACT));
    }

    List<Segment> title(int i, String fallback) {
        return segments(i < titles.length ? titles[i] : null, fallback);
    }

    List<Segment> summary(int i, String fallback) {
        return segments(i < summaries.length ? summaries[i] : null, fallback);
    }

    static List<Segment> plain(String text) {
        return List.of(new Segment(false, text == null ? "" : text));
    }

    /** Text marked with {@link #OPEN} and {@link #CLOSE} as segments; {@code fallback} when nothing is marked. */
    static List<Segment> segments(String marked, String fallback) {
        if (marked == null || marked.isEmpty()) {
            return plain(fallback);
        }
        var segments = new ArrayList<Segment>();
        var current = new StringBuilder();
        boolean inside = false;
        for (int i = 0; i < marked.length(); i++) {
            char c = marked.charAt(i);
            if (c == OPEN || c == CLOSE) {
                if (!current.isEmpty()) {
                    segments.add(new Segment(inside, current.toString()));
                    current.setLength(0);
                }
                inside = c == OPEN;
            } else {
                current.append(c);
            }
        }
        if (!current.isEmpty()) {
            segments.add(new Segment(inside, current.toString()));
        }
        return merge(segments);
    }

    // Adjacent matches ("adaptive" "batch") read better as one highlighted run when only spaces separate them.
    private static List<Segment> merge(List<Segment> segments) {
        var merged = new ArrayList<Segment>();
        for (int i = 0; i < segments.size(); i++) {
            Segment s = segments.get(i);
            boolean bridge = !s.highlight() && s.text().isBlank() && i > 0 && i + 1 < segments.size()
                    && segments.get(i - 1).highlight() && segments.get(i + 1).highlight();
            if ((bridge || s.highlight()) && !merged.isEmpty() && merged.getLast().highlight()) {
                merged.set(merged.size() - 1, new Segment(true, merged.getLast().text() + s.text()));
            } else {
                merged.add(s);
            }
        }
        return merged;
    }

    private static final class Marker extends PassageFormatter {
        @Override
        public Object format(Passage[] passages, String content) {
            var out = new StringBuilder(content.length() + 16);
            int position = 0;
            for (Passage passage : passages) {
                int[] starts = passage.getMatchStarts();
                int[] ends = passage.getMatchEnds();
                for (int m = 0; m < passage.getNumMatches(); m++) {
                    if (starts[m] < position) {
                        continue;
                    }
                    out.append(content, position, starts[m]).append(OPEN).append(content, starts[m], ends[m]).append(CLOSE);
                    position = ends[m];
                }
            }
            return out.append(content, position, content.length()).toString();
        }
    }
}
