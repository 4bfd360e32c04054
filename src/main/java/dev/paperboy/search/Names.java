package dev.paperboy.search;

import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.apache.lucene.analysis.LowerCaseFilter;
import org.apache.lucene.analysis.TokenStream;
import org.apache.lucene.analysis.miscellaneous.ASCIIFoldingFilter;
import org.apache.lucene.analysis.standard.StandardTokenizer;
import org.apache.lucene.analysis.tokenattributes.CharTermAttribute;

/**
 * The names a reader types to find one paper or one person: a whole title, the name before a title's colon
 * ("AdAdaGrad" in "AdAdaGrad: Adaptive Batch Size Schemes …"), an author's full name and surname. Each is reduced
 * to a key (its words lower-cased, accents folded, punctuation dropped) so that a query matches it exactly or not
 * at all, whatever its case and punctuation.
 */
final class Names {
    /** A head longer than this many words is a sentence, not a name ("Attention is all you need: …" still counts). */
    static final int MAX_HEAD_WORDS = 8;

    private Names() {}

    /** The words of {@code text}, lower-cased and folded, joined by single spaces; empty when it has none. */
    static String key(String text) {
        if (text == null || text.isBlank()) {
            return "";
        }
        return String.join(" ", words(text));
    }

    static List<String> words(String text) {
        var words = new ArrayList<String>();
        var tokenizer = new StandardTokenizer();
        tokenizer.setReader(new StringReader(text));
        try (TokenStream stream = new ASCIIFoldingFilter(new LowerCaseFilter(tokenizer))) {
            var term = stream.addAttribute(CharTermAttribute.class);
            stream.reset();
            while (stream.incrementToken()) {
                words.add(term.toString());
            }
            stream.end();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return words;
    }

    /** The name before a title's first colon, or null when the title has none (or only a sentence before it). */
    static String head(String title) {
        if (title == null) {
            return null;
        }
        int colon = title.indexOf(':');
        if (colon <= 0) {
            return null;
        }
        String head = title.substring(0, colon).strip();
        int words = words(head).size();
        return words == 0 || words > MAX_HEAD_WORDS ? null : head;
    }

    /** An author's keys: the full name, and first and last name alone when there are middle names or initials. */
    static Set<String> nameKeys(String author) {
        var keys = new LinkedHashSet<String>();
        List<String> words = words(author);
        if (words.isEmpty()) {
            return keys;
        }
        keys.add(String.join(" ", words));
        if (words.size() > 2) {
            keys.add(words.getFirst() + " " + words.getLast());
        }
        return keys;
    }

    /** An author's surname as a key: the last word of the name ("Hinton" of "Geoffrey E. Hinton"), or null. */
    static String surname(String author) {
        List<String> words = new ArrayList<>(words(author));
        while (words.size() > 1 && SUFFIXES.contains(words.getLast())) {
            words.removeLast();
        }
        return words.isEmpty() ? null : words.getLast();
    }

    private static final Set<String> SUFFIXES = Set.of("jr", "sr", "ii", "iii", "iv");
}
