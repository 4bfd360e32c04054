package dev.paperboy.search;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.PostingsEnum;
import org.apache.lucene.index.ReaderUtil;
import org.apache.lucene.index.Terms;
import org.apache.lucene.index.TermsEnum;
import org.apache.lucene.search.DocIdSetIterator;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.util.BytesRef;
import dev.paperboy.search.SearchBackend.Segment;

/**
 * The words of a query marked in titles and abstracts, as segments ({@code text} / {@code highlight}): the shape of
 * Hugging Face's {@code highlightedTitle}, and safe to render, since no markup is produced here at all.
 */
final class Highlights {
    // Private-use characters delimit matches in marked text (Solr's highlighter returns it so); real text never holds them.
    static final char OPEN = '\uE000';
    static final char CLOSE = '\uE001';

    private final String[] titles;
    private final String[] summaries;

    private Highlights(String[] titles, String[] summaries) {
        this.titles = titles;
        this.summaries = summaries;
    }

    /**
     * Marks {@code terms} (analysed as the index analyses the title and abstract) where the postings of {@code docs}
     * say they occur. Each term's postings are read once per segment for the whole page, in document order: a page of
     * 20 hits costs a few dozen seeks, where a highlighter that analyses or looks up each document on its own cost over
     * a third of a search.
     *
     * @param titles the documents' titles as stored, in the order of {@code docs}; {@code abstracts} likewise
     */
    static Highlights of(IndexSearcher searcher, Collection<String> terms, int[] docs, String[] titles, String[] abstracts)
            throws IOException {
        return new Highlights(mark(searcher, SearchIndex.TITLE, terms, docs, titles),
                mark(searcher, SearchIndex.ABSTRACT, terms, docs, abstracts));
    }

    private static String[] mark(IndexSearcher searcher, String field, Collection<String> terms, int[] docs, String[] texts)
            throws IOException {
        List<List<int[]>> spans = new ArrayList<>();
        for (int d = 0; d < docs.length; d++) {
            spans.add(new ArrayList<>());
        }
        var leaves = searcher.getIndexReader().leaves();
        Integer[] order = new Integer[docs.length];
        Arrays.setAll(order, i -> i);
        Arrays.sort(order, (a, b) -> Integer.compare(docs[a], docs[b]));
        var bytes = terms.stream().distinct().map(BytesRef::new).toList();
        int i = 0;
        while (i < order.length) {
            LeafReaderContext leaf = leaves.get(ReaderUtil.subIndex(docs[order[i]], leaves));
            int end = i;
            while (end < order.length && docs[order[end]] < leaf.docBase + leaf.reader().maxDoc()) {
                end++;
            }
            Terms indexed = leaf.reader().terms(field);
            if (indexed != null && indexed.hasOffsets()) {
                TermsEnum iterator = indexed.iterator();
                PostingsEnum postings = null;
                for (BytesRef term : bytes) {
                    if (!iterator.seekExact(term)) {
                        continue;
                    }
                    postings = iterator.postings(postings, PostingsEnum.OFFSETS);
                    for (int k = i; k < end; k++) {
                        int local = docs[order[k]] - leaf.docBase;
                        int at = postings.docID() >= local ? postings.docID() : postings.advance(local);
                        if (at == DocIdSetIterator.NO_MORE_DOCS) {
                            break;
                        }
                        if (at != local) {
                            continue;
                        }
                        List<int[]> found = spans.get(order[k]);
                        for (int f = postings.freq(); f > 0; f--) {
                            postings.nextPosition();
                            found.add(new int[] {postings.startOffset(), postings.endOffset()});
                        }
                    }
                }
            }
            i = end;
        }
        var marked = new String[docs.length];
        for (int d = 0; d < docs.length; d++) {
            marked[d] = spans.get(d).isEmpty() || texts[d] == null ? null : marked(texts[d], spans.get(d));
        }
        return marked;
    }

    /** {@code text} with each span between {@link #OPEN} and {@link #CLOSE}; overlapping spans become one. */
    private static String marked(String text, List<int[]> spans) {
        spans.sort((a, b) -> Integer.compare(a[0], b[0]));
        var out = new StringBuilder(text.length() + 16);
        int position = 0;
        for (int[] span : spans) {
            int start = Math.max(span[0], position);
            int end = Math.min(span[1], text.length());
            if (start < 0 || start >= end) {
                continue;
            }
            out.append(text, position, start).append(OPEN).append(text, start, end).append(CLOSE);
            position = end;
        }
        return out.append(text, position, text.length()).toString();
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
}
