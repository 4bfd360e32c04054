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
import dev.paperboy.search.SearchBackend.Marks;
import dev.paperboy.search.SearchBackend.Segment;

/**
 * The words of a query marked in titles and abstracts: character ranges found in the index ({@link Marks}), turned
 * into segments ({@code text} / {@code highlight}) of the text the caller shows — the shape of Hugging Face's
 * {@code highlightedTitle}, and safe to render, since no markup is produced here at all.
 */
final class Highlights {
    // Private-use characters delimit matches in marked text (Solr's highlighter returns it so); real text never holds them.
    static final char OPEN = '\uE000';
    static final char CLOSE = '\uE001';

    private final Marks[] titles;
    private final Marks[] summaries;

    private Highlights(Marks[] titles, Marks[] summaries) {
        this.titles = titles;
        this.summaries = summaries;
    }

    /**
     * Marks {@code terms} (analysed as the index analyses the title and abstract) where the postings of {@code docs}
     * say they occur. Each term's postings are read once per segment for the whole page, in document order: a page of
     * 20 hits costs a few dozen seeks, where a highlighter that analyses or looks up each document on its own cost over
     * a third of a search.
     */
    static Highlights of(IndexSearcher searcher, Collection<String> terms, int[] docs) throws IOException {
        return new Highlights(mark(searcher, SearchIndex.TITLE, terms, docs), mark(searcher, SearchIndex.ABSTRACT, terms, docs));
    }

    Marks title(int i) {
        return titles[i];
    }

    Marks summary(int i) {
        return summaries[i];
    }

    private static Marks[] mark(IndexSearcher searcher, String field, Collection<String> terms, int[] docs)
            throws IOException {
        List<List<int[]>> spans = new ArrayList<>();
        for (int d = 0; d < docs.length; d++) {
            spans.add(new ArrayList<>());
        }
        var leaves = searcher.getIndexReader().leaves();
        Integer[] order = SearchIndex.inDocOrder(docs);
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
        var marks = new Marks[docs.length];
        for (int d = 0; d < docs.length; d++) {
            marks[d] = ranges(spans.get(d));
        }
        return marks;
    }

    /** Spans in any order, possibly overlapping, as ordered ranges; overlapping spans become one. */
    private static Marks ranges(List<int[]> spans) {
        if (spans.isEmpty()) {
            return Marks.NONE;
        }
        spans.sort((a, b) -> Integer.compare(a[0], b[0]));
        int[] ranges = new int[2 * spans.size()];
        int n = 0;
        for (int[] span : spans) {
            if (span[0] < 0 || span[0] >= span[1]) {
                continue;
            }
            if (n > 0 && span[0] <= ranges[n - 1]) {
                ranges[n - 1] = Math.max(ranges[n - 1], span[1]);
            } else {
                ranges[n++] = span[0];
                ranges[n++] = span[1];
            }
        }
        return new Marks(Arrays.copyOf(ranges, n));
    }

    /** Text with matches between {@link #OPEN} and {@link #CLOSE} (Solr's answer) as ranges of the unmarked text. */
    static Marks fromMarked(String marked) {
        if (marked == null) {
            return Marks.NONE;
        }
        var spans = new ArrayList<int[]>();
        int plain = 0;
        int start = -1;
        for (int i = 0; i < marked.length(); i++) {
            char c = marked.charAt(i);
            if (c == OPEN) {
                start = plain;
            } else if (c == CLOSE) {
                if (start >= 0) {
                    spans.add(new int[] {start, plain});
                }
                start = -1;
            } else {
                plain++;
            }
        }
        return ranges(spans);
    }

    /**
     * {@code text} cut into segments at {@code ranges}. A range that falls outside the text (it changed since it was
     * indexed) is left out rather than cutting words at the wrong place.
     */
    static List<Segment> segments(String text, int[] ranges) {
        var segments = new ArrayList<Segment>();
        int position = 0;
        for (int r = 0; r + 1 < ranges.length; r += 2) {
            int start = ranges[r];
            int end = ranges[r + 1];
            if (start < position || end > text.length()) {
                continue;
            }
            if (start > position) {
                segments.add(new Segment(false, text.substring(position, start)));
            }
            segments.add(new Segment(true, text.substring(start, end)));
            position = end;
        }
        if (position < text.length() || segments.isEmpty()) {
            segments.add(new Segment(false, text.substring(position)));
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
