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

    /**
     * An author's keys: the full name; first and last name alone when there are middle names or initials; and the
     * forms a citation uses, the given names as initials before or after the surname ("G. E. Hinton", "Hinton, G.",
     * "Hinton G E"), the surname being the last word, hyphens and all ("Smith-Jones, A."). A name with German umlauts
     * or ß is keyed as typed both ways: Müller as "muller" and "mueller".
     */
    static Set<String> nameKeys(String author) {
        var keys = new LinkedHashSet<String>();
        for (String spelling : spellings(author)) {
            List<String> all = words(spelling);
            if (all.isEmpty()) {
                continue;
            }
            keys.add(String.join(" ", all));
            Parts parts = parts(spelling);
            if (parts.given().isEmpty()) {
                continue;
            }
            String last = String.join(" ", parts.surname());
            List<String> given = parts.given();
            if (given.size() > 1) {
                keys.add(given.getFirst() + " " + last);
            }
            String initials = String.join(" ", given.stream().map(w -> w.substring(0, 1)).toList());
            String initial = given.getFirst().substring(0, 1);
            keys.add(initials + " " + last);
            keys.add(initial + " " + last);
            keys.add(last + " " + initials);
            keys.add(last + " " + initial);
        }
        return keys;
    }

    /** An author's surname as a key: the last word of the name ("Hinton" of "Geoffrey E. Hinton"), or null. */
    static String surname(String author) {
        List<String> surname = parts(author).surname();
        return surname.isEmpty() ? null : surname.getLast();
    }

    /**
     * The surname keys: {@link #surname}; a hyphenated surname whole ("smith jones" as well as "jones"); each also
     * with umlauts written out when it has them.
     */
    static Set<String> surnames(String author) {
        var keys = new LinkedHashSet<String>();
        for (String spelling : spellings(author)) {
            List<String> surname = parts(spelling).surname();
            if (!surname.isEmpty()) {
                keys.add(surname.getLast());
                keys.add(String.join(" ", surname));
            }
        }
        return keys;
    }

    /**
     * The surname keys to look a typed surname up by: the whole of it, and its last word, which is what a name like
     * "Jan van der Berg" is keyed by.
     */
    static Set<String> surnameKeys(String surname) {
        List<String> words = words(surname);
        return words.isEmpty() ? Set.of() : new LinkedHashSet<>(List.of(String.join(" ", words), words.getLast()));
    }

    /** A name's words: the given names' and the surname's (the last whitespace-separated word that is no suffix). */
    private record Parts(List<String> given, List<String> surname) {}

    private static Parts parts(String author) {
        var pieces = new ArrayList<List<String>>();
        for (String piece : author.strip().split("\\s+")) {
            List<String> tokens = words(piece);
            if (!tokens.isEmpty()) {
                pieces.add(tokens);
            }
        }
        while (pieces.size() > 1 && pieces.getLast().size() == 1 && SUFFIXES.contains(pieces.getLast().getFirst())) {
            pieces.removeLast();
        }
        if (pieces.isEmpty()) {
            return new Parts(List.of(), List.of());
        }
        List<String> given = pieces.subList(0, pieces.size() - 1).stream().flatMap(List::stream).toList();
        return new Parts(given, pieces.getLast());
    }

    // Folding turns ü into u; German speakers (and their own transcriptions) write ue.
    private static List<String> spellings(String author) {
        String spelled = author.replace("ä", "ae").replace("ö", "oe").replace("ü", "ue")
                .replace("Ä", "Ae").replace("Ö", "Oe").replace("Ü", "Ue").replace("ß", "ss");
        return spelled.equals(author) ? List.of(author) : List.of(author, spelled);
    }

    static boolean isSuffix(String word) {
        return SUFFIXES.contains(word);
    }

    private static final Set<String> SUFFIXES = Set.of("jr", "sr", "ii", "iii", "iv");
}
