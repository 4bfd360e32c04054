package dev.paperboy.recommend;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.zip.GZIPInputStream;

/**
 * The "authors as users" evaluation: every author (last name and first initial) with at least 3 papers before the
 * cut-off and 2 after is a member whose library is their papers before it; on each later announcement day with one
 * of their papers, a method ranks all of that day's papers and the best rank of the author's own is recorded.
 * Author names are never given to a method: they only decide who the members are and which papers are theirs.
 */
public final class AuthorsAsUsers {
    /** One paper of the data set: what a method may see (text, categories, day) and, apart, the author keys. */
    public record Item(String id, String text, List<String> categories, LocalDate day, List<String> authorKeys) {}

    /** A member: an author's papers before the cut-off (indices into the items) and the days with later papers. */
    public record Member(String key, List<Integer> library, Map<LocalDate, Set<Integer>> later) {}

    /** Ranks one day's papers for one member. */
    public interface Method {
        String name();

        /** Builds whatever the method needs for this member; the result scores candidate papers (by index). */
        java.util.function.IntToDoubleFunction prepare(Member member);
    }

    /** What a method achieved: hits in the top 10, reciprocal ranks, cost. */
    public record Result(String method, int cases, double hitRate10, double mrr, double msPerMember, double msPerCase) {}

    private final List<Item> items;
    private final List<Member> members;
    private final TreeMap<LocalDate, List<Integer>> days;
    private final int cases;

    private AuthorsAsUsers(List<Item> items, List<Member> members, TreeMap<LocalDate, List<Integer>> days) {
        this.items = items;
        this.members = members;
        this.days = days;
        this.cases = members.stream().mapToInt(m -> m.later().size()).sum();
    }

    /**
     * @param until evaluation days end before this date (null: all days after the cut-off)
     * @param maxMembers at most this many members, a seeded random sample (0: all)
     */
    public static AuthorsAsUsers build(List<Item> items, LocalDate cutoff, LocalDate until, int maxMembers, long seed) {
        var days = new TreeMap<LocalDate, List<Integer>>();
        var before = new HashMap<String, List<Integer>>();
        var after = new HashMap<String, List<Integer>>();
        for (int i = 0; i < items.size(); i++) {
            Item item = items.get(i);
            boolean isBefore = item.day().isBefore(cutoff);
            boolean inWindow = !isBefore && (until == null || item.day().isBefore(until));
            if (inWindow) {
                days.computeIfAbsent(item.day(), d -> new ArrayList<>()).add(i);
            }
            for (String key : new LinkedHashSet<>(item.authorKeys())) {
                if (isBefore) {
                    before.computeIfAbsent(key, k -> new ArrayList<>()).add(i);
                } else if (inWindow) {
                    after.computeIfAbsent(key, k -> new ArrayList<>()).add(i);
                }
            }
        }
        var members = new ArrayList<Member>();
        for (var e : new TreeMap<>(before).entrySet()) {
            List<Integer> later = after.getOrDefault(e.getKey(), List.of());
            if (e.getValue().size() >= 3 && later.size() >= 2) {
                var byDay = new TreeMap<LocalDate, Set<Integer>>();
                for (int i : later) {
                    byDay.computeIfAbsent(items.get(i).day(), d -> new LinkedHashSet<>()).add(i);
                }
                members.add(new Member(e.getKey(), List.copyOf(e.getValue()), byDay));
            }
        }
        if (maxMembers > 0 && members.size() > maxMembers) {
            java.util.Collections.shuffle(members, new Random(seed));
            members.subList(maxMembers, members.size()).clear();
        }
        return new AuthorsAsUsers(items, members, days);
    }

    public List<Item> items() {
        return items;
    }

    public List<Member> members() {
        return members;
    }

    public int cases() {
        return cases;
    }

    public int days() {
        return days.size();
    }

    /** The papers of an evaluation day (indices into the items), the ones a case on that day ranks. */
    public List<Integer> candidates(LocalDate day) {
        return days.getOrDefault(day, List.of());
    }

    /** Median number of papers a case ranks. */
    public int medianCandidates() {
        var sizes = new ArrayList<Integer>();
        for (Member m : members) {
            for (LocalDate d : m.later().keySet()) {
                sizes.add(days.get(d).size());
            }
        }
        sizes.sort(null);
        return sizes.isEmpty() ? 0 : sizes.get(sizes.size() / 2);
    }

    /** Runs a method over every case. Ties count half, so a method that scores everything alike gets chance. */
    public Result evaluate(Method method, Consumer<String> progress) {
        int hits = 0;
        double reciprocal = 0;
        long nanos = 0;
        int done = 0;
        for (Member member : members) {
            long start = System.nanoTime();
            var scorer = method.prepare(member);
            for (var e : member.later().entrySet()) {
                List<Integer> candidates = days.get(e.getKey());
                double[] scores = new double[candidates.size()];
                for (int k = 0; k < scores.length; k++) {
                    scores[k] = scorer.applyAsDouble(candidates.get(k));
                }
                double bestRank = Double.MAX_VALUE;
                for (int k = 0; k < scores.length; k++) {
                    if (!e.getValue().contains(candidates.get(k))) {
                        continue;
                    }
                    double rank = 1;
                    for (int o = 0; o < scores.length; o++) {
                        if (e.getValue().contains(candidates.get(o))) {
                            continue;
                        }
                        rank += scores[o] > scores[k] ? 1 : scores[o] == scores[k] ? 0.5 : 0;
                    }
                    bestRank = Math.min(bestRank, rank);
                }
                hits += bestRank <= 10 ? 1 : 0;
                reciprocal += 1 / Math.ceil(bestRank);
            }
            nanos += System.nanoTime() - start;
            if (++done % 200 == 0) {
                progress.accept(method.name() + ": " + done + " of " + members.size() + " members");
            }
        }
        return new Result(method.name(), cases, (double) hits / cases, reciprocal / cases,
                nanos / 1e6 / members.size(), nanos / 1e6 / cases);
    }

    /** Reads an arXiv metadata snapshot (JSON Lines, gzip or plain); the day is the first version's date. */
    public static List<Item> read(Path file) throws IOException {
        var mapper = new ObjectMapper();
        var items = new ArrayList<Item>();
        var input = Files.newInputStream(file);
        var stream = file.toString().endsWith(".gz") ? new GZIPInputStream(input, 1 << 16) : input;
        try (var reader = new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8))) {
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                if (line.isBlank()) {
                    continue;
                }
                JsonNode r = mapper.readTree(line);
                JsonNode versions = r.path("versions");
                LocalDate day = versions.isArray() && !versions.isEmpty()
                        ? ZonedDateTime.parse(versions.get(0).path("created").asText(), DateTimeFormatter.RFC_1123_DATE_TIME).toLocalDate()
                        : LocalDate.parse(r.path("update_date").asText());
                var keys = new ArrayList<String>();
                for (JsonNode a : r.path("authors_parsed")) {
                    String key = authorKey(a.path(0).asText(""), a.path(1).asText(""));
                    if (!key.isEmpty()) {
                        keys.add(key);
                    }
                }
                List<String> categories = List.of(r.path("categories").asText("").trim().split("\\s+"));
                items.add(new Item(r.path("id").asText(), r.path("title").asText("") + " " + r.path("abstract").asText(""),
                        categories, day, keys));
            }
        }
        return items;
    }

    /** Last name and first initial, accents and case folded: "Müller, J." and "Jan Muller" are one key. */
    public static String authorKey(String last, String first) {
        String l = Words.fold(last).replaceAll("[^a-z' -]", "").strip();
        String f = Words.fold(first).replaceAll("[^a-z]", "");
        if (l.isEmpty()) {
            return "";
        }
        return f.isEmpty() ? l : l + " " + f.charAt(0);
    }
}
