package dev.paperboy.authors;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.apache.lucene.analysis.miscellaneous.ASCIIFoldingFilter;

/**
 * Author names as arXiv writes them ("Jörg K. Müller", "J. Muller", "Muller, J.", "J. Mueller"): two names are the
 * same author here when the last name and the first initial match, accents and case folded. Names are names, not identities:
 * two people may share one, and one person may write theirs two ways.
 */
public final class AuthorNames {
    private static final java.util.Set<String> SUFFIXES = java.util.Set.of("jr", "sr", "ii", "iii", "iv");

    private AuthorNames() {}

    /** "last f" for a name as written; empty for a name with no letters. */
    public static String key(String name) {
        String folded = fold(name).replaceAll("[^a-z ,.'-]", " ").strip();
        String last;
        String first;
        int comma = folded.indexOf(',');
        if (comma >= 0) {
            last = folded.substring(0, comma).strip();
            first = folded.substring(comma + 1).strip();
        } else {
            var parts = new ArrayList<>(List.of(folded.replace('.', ' ').trim().split("\\s+")));
            while (parts.size() > 1 && SUFFIXES.contains(parts.getLast())) {
                parts.removeLast();
            }
            int initials = 0;
            while (initials < parts.size() - 1 && parts.get(parts.size() - 1 - initials).length() == 1) {
                initials++;
            }
            if (initials > 0 && parts.getFirst().length() > 1) {
                // "Hinton G E", as reference lists write it: the surname first, the initials after it.
                last = String.join(" ", parts.subList(0, parts.size() - initials));
                first = parts.get(parts.size() - initials);
            } else {
                last = parts.getLast();
                first = parts.size() > 1 ? parts.getFirst() : "";
            }
        }
        last = last.replaceAll("[^a-z' -]", "").strip();
        first = first.replaceAll("[^a-z]", "");
        if (last.isEmpty()) {
            return "";
        }
        return first.isEmpty() ? last : last + " " + first.charAt(0);
    }

    /**
     * The keys a name as written on a paper answers to: its {@link #key}, and for German umlauts and ß the key of
     * the name written out as German speakers type it without them (Müller: "muller j" and "mueller j").
     */
    public static java.util.Set<String> keys(String name) {
        String spelled = spelledOut(name);
        var keys = new java.util.LinkedHashSet<String>();
        for (String k : List.of(key(name), key(spelled))) {
            if (!k.isEmpty()) {
                keys.add(k);
            }
        }
        return keys;
    }

    private static String spelledOut(String name) {
        return name.replace("ä", "ae").replace("ö", "oe").replace("ü", "ue").replace("Ä", "Ae").replace("Ö", "Oe")
                .replace("Ü", "Ue").replace("ß", "ss");
    }

    // Lucene's folding, as the search index's: it also writes out the letters Unicode does not decompose (ø, ł, ß,
    // dotless ı), which would otherwise split "Rød" into "r d".
    private static String fold(String text) {
        char[] in = text.toCharArray();
        char[] out = new char[in.length * 4];
        int length = ASCIIFoldingFilter.foldToASCII(in, 0, out, 0, in.length);
        return new String(out, 0, length).toLowerCase(java.util.Locale.ROOT);
    }

    /** Does {@code name} (as written on a paper) match {@code wanted} (as the member typed it)? */
    public static boolean same(String name, String wanted) {
        return keys(name).contains(key(wanted));
    }

    /** Those of {@code followed} that match any of {@code authors}. */
    public static List<String> matching(Collection<String> followed, List<String> authors) {
        var out = new ArrayList<String>();
        for (String f : followed) {
            for (String a : authors) {
                if (same(a, f)) {
                    out.add(f);
                    break;
                }
            }
        }
        return out;
    }
}
