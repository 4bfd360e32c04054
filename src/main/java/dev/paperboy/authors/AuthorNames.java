package dev.paperboy.authors;

import dev.paperboy.recommend.Words;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * Author names as arXiv writes them ("Jörg K. Müller", "J. Muller", "Muller, J."): two names are the same author
 * here when the last name and the first initial match, accents and case folded. Names are names, not identities:
 * two people may share one, and one person may write theirs two ways.
 */
public final class AuthorNames {
    private static final java.util.Set<String> SUFFIXES = java.util.Set.of("jr", "sr", "ii", "iii", "iv");

    private AuthorNames() {}

    /** "last f" for a name as written; empty for a name with no letters. */
    public static String key(String name) {
        String folded = Words.fold(name).replaceAll("[^a-z ,.'-]", " ").strip();
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
            last = parts.getLast();
            first = parts.size() > 1 ? parts.getFirst() : "";
        }
        last = last.replaceAll("[^a-z' -]", "").strip();
        first = first.replaceAll("[^a-z]", "");
        if (last.isEmpty()) {
            return "";
        }
        return first.isEmpty() ? last : last + " " + first.charAt(0);
    }

    /** Does {@code name} (as written on a paper) match {@code wanted} (as the member typed it)? */
    public static boolean same(String name, String wanted) {
        String a = key(name);
        return !a.isEmpty() && a.equals(key(wanted));
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
