package dev.paperboy.authors;

import dev.paperboy.paper.Catalogue;
import dev.paperboy.paper.Listing;
import dev.paperboy.recommend.Words;
import dev.paperboy.store.Database;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** An author's papers in the catalogue, found by name as arXiv writes it (see {@link AuthorNames}). */
public final class Authors {
    /** What the author page shows. */
    public record Profile(String name, List<Listing> papers, Map<String, Integer> coauthors, Map<Integer, Integer> perYear) {}

    private final Database database;
    private final Catalogue catalogue;

    public Authors(Database database, Catalogue catalogue) {
        this.database = database;
        this.catalogue = catalogue;
    }

    /** The papers whose author list has a name with the same key as {@code name}, newest first (at most 500). */
    public Profile profile(String name) {
        String key = AuthorNames.key(name);
        if (key.isEmpty()) {
            return new Profile(name, List.of(), Map.of(), Map.of());
        }
        String last = key.contains(" ") ? key.substring(0, key.lastIndexOf(' ')) : key;
        String written = name.strip().toLowerCase(java.util.Locale.ROOT);
        String writtenLast = written.contains(",") ? written.substring(0, written.indexOf(',')).strip()
                : written.substring(written.lastIndexOf(' ') + 1);
        // A coarse filter in SQL (the last name as typed, or without accents), the exact match on keys here.
        List<String[]> rows = database.jdbi().withHandle(h -> h.createQuery(
                        "SELECT id, authors FROM papers WHERE LOWER(authors) LIKE ? OR LOWER(authors) LIKE ? ORDER BY published DESC, id DESC")
                .bind(0, "%" + last + "%").bind(1, "%" + writtenLast + "%")
                .map((r, ctx) -> new String[] {r.getString(1), r.getString(2)}).list());
        var papers = new ArrayList<Listing>();
        var coauthors = new LinkedHashMap<String, Integer>();
        var perYear = new TreeMap<Integer, Integer>(Comparator.reverseOrder());
        for (String[] row : rows) {
            if (papers.size() == 500) {
                break;
            }
            Optional<Listing> listing = catalogue.find(row[0]);
            if (listing.isEmpty() || listing.get().paper().authors().stream().noneMatch(a -> AuthorNames.key(a).equals(key))) {
                continue;
            }
            Listing l = listing.get();
            papers.add(l);
            for (String a : l.paper().authors()) {
                if (!AuthorNames.key(a).equals(key)) {
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
