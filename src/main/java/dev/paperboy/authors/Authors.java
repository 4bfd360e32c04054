package dev.paperboy.authors;

import dev.paperboy.paper.Catalogue;
import dev.paperboy.paper.Listing;
import dev.paperboy.recommend.Words;
import dev.paperboy.search.SearchBackend;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** An author's papers in the catalogue, found by name as arXiv writes it (see {@link AuthorNames}). */
public final class Authors {
    /** What the author page shows. */
    public record Profile(String name, List<Listing> papers, Map<String, Integer> coauthors, Map<Integer, Integer> perYear) {}

    static final int MAX_PAPERS = 500;
    // Papers of the surname looked at first; a common surname ("Wang") has many more, most of other people.
    private static final int FIRST_CANDIDATES = 2_000;
    private static final int MAX_CANDIDATES = 128_000;

    private final Catalogue catalogue;
    private final SearchBackend search;

    public Authors(Catalogue catalogue, SearchBackend search) {
        this.catalogue = catalogue;
        this.search = search;
    }

    /** The papers whose author list has a name with the same key as {@code name}, newest first (at most 500). */
    public Profile profile(String name) {
        String key = AuthorNames.key(name);
        if (key.isEmpty()) {
            return new Profile(name, List.of(), Map.of(), Map.of());
        }
        String last = key.contains(" ") ? key.substring(0, key.lastIndexOf(' ')) : key;
        // The search index finds the papers with an author of that surname, accents folded as its keys are (so
        // "Dollar" finds Dollár, and "Mueller" Müller); the whole name is then checked here on each paper's authors.
        List<String> matching;
        int candidates = FIRST_CANDIDATES;
        while (true) {
            List<String> ids = search.withSurname(last, candidates);
            Map<String, List<String>> authors = catalogue.authorsByIds(ids);
            matching = ids.stream()
                    .filter(id -> authors.getOrDefault(id, List.of()).stream().anyMatch(a -> AuthorNames.keys(a).contains(key)))
                    .limit(MAX_PAPERS)
                    .toList();
            if (matching.size() >= MAX_PAPERS || ids.size() < candidates || candidates >= MAX_CANDIDATES) {
                break;
            }
            candidates *= 4;
        }
        List<Listing> papers = catalogue.byIds(matching);
        var coauthors = new LinkedHashMap<String, Integer>();
        var perYear = new TreeMap<Integer, Integer>(Comparator.reverseOrder());
        for (Listing l : papers) {
            for (String a : l.paper().authors()) {
                if (!AuthorNames.keys(a).contains(key)) {
                    coauthors.merge(a, 1, Integer::sum);
                }
            }
            if (l.paper().published() != null) {
                perYear.merge(l.paper().published().getYear(), 1, Integer::sum);
            }
        }
        var topCoauthors = new LinkedHashMap<String, Integer>();
        coauthors.entrySet().stream().sorted(Map.Entry.<String, Integer>comparingByValue().reversed()
                        .thenComparing(e -> Words.fold(e.getKey())))
                .limit(30).forEach(e -> topCoauthors.put(e.getKey(), e.getValue()));
        return new Profile(name.strip(), papers, topCoauthors, perYear);
    }
}
