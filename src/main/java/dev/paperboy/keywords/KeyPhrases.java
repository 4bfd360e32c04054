package dev.paperboy.keywords;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Keywords and a one-line summary from a paper's title and abstract, extractive and on the CPU: no language model
 * is involved, so every keyword is a phrase of the paper and the summary is one of its sentences.
 *
 * <p>Keywords: candidates are the 1–3-word runs between stop words and punctuation (as RAKE and KeyBERT form them),
 * scored by how rare their words are in the whole catalogue (inverse document frequency), how often the phrase
 * occurs, whether the title has it, and how early it first appears; an acronym the abstract defines ("(QAT)") is a
 * candidate of its own. Phrases whose stemmed words repeat a better phrase's are dropped, so "diffusion model" and
 * "diffusion models" never both appear.
 *
 * <p>Summary: the sentence that states the contribution ("we propose…", "this paper introduces…"), else the one
 * closest to the title and the whole abstract by TF-IDF; its lead-in ("In this paper, ") is cut, "we propose"
 * becomes "the paper proposes", and a long sentence is cut at a clause boundary.
 */
public final class KeyPhrases {
    /** The method's name and version, stored beside what it computed: a better method recomputes older rows. */
    public static final String METHOD = "paperboy-extractive-1";
    public static final int KEYWORDS = 10;
    private static final int MAX_SUMMARY_WORDS = 40;

    static final Set<String> STOP = new HashSet<>(java.util.Arrays.asList(("a about above across after afterwards again against all almost alone along "
            + "already also although always am among amongst an and another any anyhow anyone anything anyway anywhere are "
            + "around as at back be became because become becomes becoming been before beforehand behind being below beside "
            + "besides between beyond both but by can cannot could do does doing done down due during each eg e.g either else "
            + "elsewhere enough etc even ever every everyone everything everywhere except few for former formerly from further "
            + "had has have having he hence her here hereby herein his how however i ie i.e if in into is it its itself just "
            + "last latter least less many may me meanwhile might more moreover most mostly much must my namely neither never "
            + "nevertheless no nor not nothing now of off often on once one only onto or other others otherwise our ours "
            + "ourselves out over own per perhaps rather same several she should since so some somehow something sometimes "
            + "still such than that the their them themselves then there thereby therefore these they this those though "
            + "through throughout thus to together too toward towards under until up upon us very via was we well were what "
            + "whatever when where whereas whether which while who whom whose why will with within without would yet you your "
            + "et al vs versus ii iii iv can't won't it's let lets "
            // Verbs, adverbs and generic nouns of abstracts: frequent, never a keyword on their own or at a phrase's edge.
            + "propose proposes proposed proposing present presents presented introduce introduces introduced introducing "
            + "show shows showed shown demonstrate demonstrates demonstrated achieve achieves achieved achieving "
            + "outperform outperforms outperformed outperforming use uses used using based leverage leverages leveraging "
            + "enable enables enabled enabling improve improves improved improving provide provides provided providing "
            + "develop develops developed design designs designed study studies studied investigate investigates "
            + "investigated evaluate evaluates evaluated evaluating consider considers considered make makes making "
            + "require requires required allow allows allowed obtain obtains obtained apply applies applied "
            + "yield yields yielding remain remains lead leads leading address addresses addressed addressing "
            + "reveal reveals revealed suggest suggests suggested find finds found focus focuses aim aims "
            + "paper work study approach approaches method methods result results experiment experiments "
            + "new novel various different existing extensive comprehensive "
            + "significant significantly substantially effective effectively efficient efficiently state-of-the-art "
            + "furthermore specifically particular particularly respectively recent recently first second third "
            + "better best strong stronger simple well-known including include includes "
            + "compared compare prior previous previously current currently way ways "
            + "able challenge challenges challenging important importance crucial "
            + "additionally wide variety lack limited limitation "
            + "limitations issue issues typically usually widely fully highly mainly generally code available "
            + "unify unifies unified exhibit exhibits highlight highlights reduce reduces reducing increase increases "
            + "surpass surpasses surpassing boost boosts boosting ensure ensures capture captures captured "
            + "incorporate incorporates integrate integrates integrating employ employs employing adopt adopts "
            + "generate generates support supports supporting offer offers explore explores exploring "
            + "publicly github https http www com org html").split(" ")));

    /** Words that belong inside a keyword ("reward model", "large language model") but are none on their own. */
    static final Set<String> GENERIC = new HashSet<>(java.util.Arrays.asList(("model models framework frameworks dataset datasets data training "
            + "performance analysis benchmark benchmarks task tasks problem problems large small high low set sets "
            + "number terms range learning network networks system systems accuracy quality information results "
            + "art level levels time use scale process processes tool tools step steps").split(" ")));

    // Words that stand for a paper's contribution: the sentence with one of them is the one HF's summaries restate.
    private static final Pattern CONTRIBUTION = Pattern.compile(
            "\\b(we|this (paper|work|study|letter|article|report)|here,? we|our (work|paper))\\s+(also\\s+|further\\s+|then\\s+|first\\s+)?"
                    + "(propose|introduce|present|develop|design|describe|devise|build|construct|release|formulate|offer|"
                    + "contribute|establish|put forward|proposes|introduces|presents|develops|describes|designs)",
            Pattern.CASE_INSENSITIVE);
    private static final Pattern FINDING = Pattern.compile(
            "\\b(we|this (paper|work|study))\\s+(show|find|demonstrate|prove|study|investigate|analy[sz]e|explore|examine|"
                    + "shows|finds|demonstrates|proves|studies|investigates|explores|examines)\\b", Pattern.CASE_INSENSITIVE);
    private static final Pattern LEAD_IN = Pattern.compile(
            "^(in this (paper|work|study|letter|article|report)|here|to (address|tackle|overcome|solve|bridge|fill|close|"
                    + "mitigate|alleviate|remedy|resolve) (this|these|the|such)[^,]{0,40}|to this end|in (response|contrast)"
                    + "|motivated by[^,]{0,60}|inspired by[^,]{0,60}|therefore|thus|hence|consequently|specifically|"
                    + "accordingly|instead|finally|in addition|additionally|as a result)\\s*,\\s*",
            Pattern.CASE_INSENSITIVE);
    private static final Pattern WE_VERB = Pattern.compile("^(we|this (paper|work|study))\\s+(also\\s+|further\\s+|then\\s+)?([a-z]+)",
            Pattern.CASE_INSENSITIVE);
    private static final Pattern SENTENCE_END = Pattern.compile("(?<=[.!?])\\s+(?=[\\p{Lu}\\p{N}(\\[\"'])");
    private static final Pattern TOKEN = Pattern.compile("[\\p{L}\\p{N}][\\p{L}\\p{N}\\-'’+.]*[\\p{L}\\p{N}+]|[\\p{L}\\p{N}]");
    private static final Pattern DEFINED_ACRONYM = Pattern.compile("\\(([\\p{Lu}][\\p{L}\\p{N}\\-]*[\\p{Lu}\\p{N}][\\p{L}\\p{N}\\-]*s?)\\)");
    private static final Pattern MARKS = Pattern.compile("\\p{M}+");
    private static final Set<String> ABBREVIATIONS = Set.of("e.g.", "i.e.", "et al.", "vs.", "cf.", "Fig.", "Eq.", "etc.");

    /** What a paper gets: keywords, best first, and one sentence. */
    public record Result(List<String> keywords, String summary) {}

    /** How many documents of the catalogue hold each folded word: the rarer a word, the more it says. */
    public interface Frequencies {
        int documents();

        int documentsWith(String foldedWord);
    }

    private final Frequencies frequencies;

    public KeyPhrases(Frequencies frequencies) {
        this.frequencies = frequencies;
    }

    public Result extract(String title, String abstractText) {
        String text = clean(abstractText);
        String head = clean(title);
        List<String> sentences = sentences(text);
        return new Result(keywords(head, sentences, KEYWORDS), summary(head, sentences));
    }

    // ---- keywords ------------------------------------------------------------------------------------------------

    private record Candidate(String surface, List<String> stems, double score) {}

    List<String> keywords(String title, List<String> sentences, int k) {
        var counts = new LinkedHashMap<String, double[]>(); // key: folded phrase → {occurrences, in title, first position}
        var surfaces = new HashMap<String, String>();
        var abstractForms = new HashSet<String>();
        int position = 0;
        var parts = new ArrayList<String>();
        parts.add(title);
        parts.addAll(sentences);
        int totalWords = 0;
        for (int s = 0; s < parts.size(); s++) {
            boolean inTitle = s == 0;
            for (List<String> run : runs(parts.get(s))) {
                for (int i = 0; i < run.size(); i++) {
                    for (int n = 1; n <= 3 && i + n <= run.size(); n++) {
                        List<String> words = run.subList(i, i + n);
                        if (!usable(words)) {
                            continue;
                        }
                        String surface = String.join(" ", words);
                        String key = fold(surface);
                        double[] c = counts.computeIfAbsent(key, x -> new double[] {0, 0, Double.MAX_VALUE});
                        c[0]++;
                        if (inTitle) {
                            c[1] = 1;
                        }
                        c[2] = Math.min(c[2], position + i);
                        // The abstract's first form wins over the title's, which is often in title case.
                        if (inTitle) {
                            surfaces.putIfAbsent(key, surface);
                        } else if (!abstractForms.contains(key)) {
                            abstractForms.add(key);
                            surfaces.put(key, surface);
                        }
                    }
                }
                position += run.size();
            }
            totalWords = position;
        }
        // An acronym the abstract defines is a keyword candidate worth as much as what it stands for.
        for (String sentence : sentences) {
            Matcher m = DEFINED_ACRONYM.matcher(sentence);
            while (m.find()) {
                String acronym = m.group(1);
                if (acronym.length() >= 2 && acronym.length() <= 12) {
                    String key = fold(acronym);
                    double[] c = counts.computeIfAbsent(key, x -> new double[] {0, 0, Double.MAX_VALUE});
                    c[0] += 1;
                    surfaces.put(key, acronym);
                }
            }
        }
        int n = Math.max(1, frequencies.documents());
        var candidates = new ArrayList<Candidate>();
        for (var e : counts.entrySet()) {
            String surface = surfaces.get(e.getKey());
            String[] words = e.getKey().split(" ");
            double idf = 0;
            for (String w : words) {
                idf += Math.log((n + 1.0) / (frequencies.documentsWith(w) + 1.0)) + 1;
            }
            idf /= words.length;
            double[] c = e.getValue();
            double occurrences = c[0];
            double length = 1 + 0.35 * (words.length - 1);
            double early = 1 + 0.5 * (1 - Math.min(1, c[2] / Math.max(1.0, totalWords)));
            double titled = c[1] > 0 ? 1.6 : 1;
            double named = hasCapitalInside(surface) ? 1.25 : 1;
            double score = idf * idf * (1 + Math.log(occurrences)) * length * early * titled * named;
            candidates.add(new Candidate(surface, stems(e.getKey()), score));
        }
        candidates.sort(Comparator.comparingDouble(Candidate::score).reversed());
        var chosen = new ArrayList<Candidate>();
        for (Candidate c : candidates) {
            if (chosen.size() == k) {
                break;
            }
            int covered = -1;
            for (int i = 0; i < chosen.size(); i++) {
                if (overlaps(chosen.get(i).stems(), c.stems())) {
                    covered = i;
                    break;
                }
            }
            if (covered < 0) {
                chosen.add(c);
            } else if (chosen.get(covered).stems().size() < c.stems().size()
                    && c.stems().containsAll(chosen.get(covered).stems()) && c.score() > 0.6 * chosen.get(covered).score()) {
                // The longer phrase says more ("reward model" → "process reward model") when it is nearly as strong.
                chosen.set(covered, c);
            }
        }
        return chosen.stream().map(Candidate::surface).toList();
    }

    private static boolean overlaps(List<String> a, List<String> b) {
        if (a.equals(b)) {
            return true;
        }
        Set<String> small = new HashSet<>(a.size() <= b.size() ? a : b);
        List<String> large = a.size() <= b.size() ? b : a;
        // One phrase inside the other: "reward model" and "process reward model" say the same thing twice.
        return large.containsAll(small) && small.size() * 2 >= large.size();
    }

    private static boolean usable(List<String> words) {
        int letters = 0;
        for (String w : words) {
            if (w.chars().anyMatch(Character::isLetter)) {
                letters++;
            }
        }
        if (letters == 0) {
            return false;
        }
        String last = words.getLast().toLowerCase(Locale.ROOT);
        String first = words.getFirst().toLowerCase(Locale.ROOT);
        if (words.stream().allMatch(w -> GENERIC.contains(fold(w)))
                || Set.of("large", "small", "high", "low").contains(last)) {
            return false;
        }
        if (words.size() == 1) {
            // A lone adjective or participle is rarely a keyword; a lone noun, a name or an acronym may be.
            return last.length() > 2 && !last.endsWith("ly") && !last.endsWith("ed") && !last.endsWith("ing")
                    && !last.endsWith("ive") && !last.endsWith("ous") && !last.endsWith("able") && !last.endsWith("al")
                    || hasCapitalInside(words.getFirst());
        }
        // A phrase led by a verb form ("developing human-like agents") is a clause, not a name.
        if (first.endsWith("ing") && !GENERIC.contains(first) && !Character.isUpperCase(words.getFirst().charAt(0))) {
            return false;
        }
        return !last.endsWith("ly") && !first.endsWith("ly") && !(last.endsWith("ed") && last.length() > 4
                && !hasCapitalInside(words.getLast()));
    }

    private static boolean hasCapitalInside(String word) {
        for (int i = 1; i < word.length(); i++) {
            if (Character.isUpperCase(word.charAt(i))) {
                return true;
            }
        }
        return false;
    }

    /** Runs of content words: split at stop words, punctuation other than hyphens, and numbers alone. */
    static List<List<String>> runs(String text) {
        var out = new ArrayList<List<String>>();
        var current = new ArrayList<String>();
        int last = 0;
        Matcher m = TOKEN.matcher(text);
        while (m.find()) {
            String between = text.substring(last, m.start());
            last = m.end();
            String word = m.group();
            if (word.endsWith(".")) {
                word = word.substring(0, word.length() - 1);
            }
            if (word.endsWith("'s") || word.endsWith("’s")) {
                word = word.substring(0, word.length() - 2);
            }
            boolean breaks = !between.isBlank() && !between.strip().equals("-");
            String folded = fold(word);
            boolean stop = STOP.contains(folded) || word.codePoints().filter(Character::isLetter).count() < 2
                    || word.length() > 40
                    || folded.startsWith("http");
            if (breaks || stop) {
                if (!current.isEmpty()) {
                    out.add(current);
                }
                current = new ArrayList<>();
            }
            if (!stop) {
                current.add(word);
            }
        }
        if (!current.isEmpty()) {
            out.add(current);
        }
        return out;
    }

    /**
     * A baseline for the bench: the phrases the paper repeats most (stop-word bounded, 1–3 words), with no notion of
     * how rare a word is. Ties go to the earlier phrase.
     */
    public static List<String> frequentPhrases(String title, String abstractText, int k) {
        var counts = new LinkedHashMap<String, Integer>();
        var surfaces = new HashMap<String, String>();
        for (String part : List.of(clean(title), clean(abstractText))) {
            for (List<String> run : runs(part)) {
                for (int i = 0; i < run.size(); i++) {
                    for (int n = 1; n <= 3 && i + n <= run.size(); n++) {
                        List<String> words = run.subList(i, i + n);
                        if (usable(words)) {
                            String surface = String.join(" ", words);
                            counts.merge(fold(surface), 1, Integer::sum);
                            surfaces.putIfAbsent(fold(surface), surface);
                        }
                    }
                }
            }
        }
        var out = new ArrayList<String>();
        var seen = new ArrayList<List<String>>();
        counts.entrySet().stream().sorted(Map.Entry.<String, Integer>comparingByValue().reversed()).forEach(e -> {
            List<String> stems = stems(e.getKey());
            if (out.size() < k && seen.stream().noneMatch(s -> overlaps(s, stems))) {
                out.add(surfaces.get(e.getKey()));
                seen.add(stems);
            }
        });
        return out;
    }

    // ---- summary -------------------------------------------------------------------------------------------------

    String summary(String title, List<String> sentences) {
        if (sentences.isEmpty()) {
            return title;
        }
        Map<String, Double> whole = weights(title + " " + title + " " + String.join(" ", sentences));
        int best = 0;
        double bestScore = -1;
        for (int i = 0; i < sentences.size(); i++) {
            String s = sentences.get(i);
            double score = cosine(weights(s), whole);
            if (CONTRIBUTION.matcher(s).find()) {
                score += 1.0 - 0.05 * i;
            } else if (FINDING.matcher(s).find()) {
                score += 0.4;
            }
            int words = s.split("\\s+").length;
            if (words < 8) {
                score -= 0.5;
            }
            if (s.contains("github.com") || s.contains("http")) {
                score -= 1;
            }
            if (score > bestScore) {
                bestScore = score;
                best = i;
            }
        }
        return readable(sentences.get(best));
    }

    /** The sentence as a statement about the paper: lead-in cut, "we propose" made "The paper proposes", trimmed. */
    static String readable(String sentence) {
        String s = sentence.strip();
        for (int i = 0; i < 2; i++) {
            Matcher lead = LEAD_IN.matcher(s);
            if (lead.find()) {
                s = s.substring(lead.end());
            }
        }
        Matcher we = WE_VERB.matcher(s);
        if (we.find()) {
            String verb = we.group(4);
            String subject = we.group(1).toLowerCase(Locale.ROOT);
            String third = subject.equals("we") ? thirdPerson(verb) : verb;
            s = "The paper " + (we.group(3) == null ? "" : we.group(3)) + third + s.substring(we.end());
            s = s.replaceAll("\\bwe\\b", "it").replaceAll("\\bour\\b", "its").replaceAll("\\bOur\\b", "Its");
        }
        s = trim(s);
        if (!s.isEmpty()) {
            s = Character.toUpperCase(s.charAt(0)) + s.substring(1);
        }
        if (!s.endsWith(".") && !s.endsWith("?") && !s.endsWith("!")) {
            s = s + ".";
        }
        return s;
    }

    private static String thirdPerson(String verb) {
        String v = verb.toLowerCase(Locale.ROOT);
        if (v.endsWith("ed") || v.equals("can") || v.equals("also")) {
            return v;
        }
        if (v.endsWith("s") || v.endsWith("sh") || v.endsWith("ch") || v.endsWith("x")) {
            return v + "es";
        }
        if (v.endsWith("y") && v.length() > 2 && "aeiou".indexOf(v.charAt(v.length() - 2)) < 0) {
            return v.substring(0, v.length() - 1) + "ies";
        }
        return v + "s";
    }

    /** At most {@value #MAX_SUMMARY_WORDS} words, cut at the last clause boundary before that, else at a word. */
    private static String trim(String s) {
        String[] words = s.split("\\s+");
        if (words.length <= MAX_SUMMARY_WORDS) {
            return s;
        }
        String head = String.join(" ", java.util.Arrays.copyOf(words, MAX_SUMMARY_WORDS));
        int cut = -1;
        for (String boundary : List.of("; ", ", which ", ", while ", ", where ", ", and ", " — ", ", ", " by ", " that ")) {
            int at = head.lastIndexOf(boundary);
            if (at > head.length() / 2) {
                cut = at;
                break;
            }
        }
        String out = cut > 0 ? head.substring(0, cut) : head;
        return out.replaceAll("[,;:\\s]+$", "") + (cut > 0 ? "" : "…");
    }

    private Map<String, Double> weights(String text) {
        var tf = new HashMap<String, Double>();
        for (List<String> run : runs(text)) {
            for (String w : run) {
                tf.merge(stem(fold(w)), 1.0, Double::sum);
            }
        }
        int n = Math.max(1, frequencies.documents());
        tf.replaceAll((w, c) -> c * (Math.log((n + 1.0) / (frequencies.documentsWith(w) + 1.0)) + 1));
        return tf;
    }

    private static double cosine(Map<String, Double> a, Map<String, Double> b) {
        double dot = 0;
        for (var e : a.entrySet()) {
            Double o = b.get(e.getKey());
            if (o != null) {
                dot += e.getValue() * o;
            }
        }
        double na = Math.sqrt(a.values().stream().mapToDouble(v -> v * v).sum());
        double nb = Math.sqrt(b.values().stream().mapToDouble(v -> v * v).sum());
        return na == 0 || nb == 0 ? 0 : dot / (na * nb);
    }

    // ---- text ----------------------------------------------------------------------------------------------------

    static String clean(String text) {
        return text == null ? "" : text.replaceAll("\\s+", " ").strip();
    }

    /** Sentences of an abstract; abbreviations such as "e.g." and "et al." do not end one. */
    public static List<String> sentences(String text) {
        var out = new ArrayList<String>();
        var pending = new StringBuilder();
        for (String piece : SENTENCE_END.split(clean(text))) {
            if (!pending.isEmpty()) {
                pending.append(' ');
            }
            pending.append(piece);
            boolean abbreviated = ABBREVIATIONS.stream().anyMatch(a -> piece.endsWith(" " + a) || piece.equals(a));
            if (!abbreviated) {
                out.add(pending.toString());
                pending.setLength(0);
            }
        }
        if (!pending.isEmpty()) {
            out.add(pending.toString());
        }
        return out.stream().filter(s -> !s.isBlank()).toList();
    }

    /** Lower case without accents, as document frequencies are counted. */
    public static String fold(String text) {
        String lower = text.toLowerCase(Locale.ROOT);
        for (int i = 0; i < lower.length(); i++) {
            if (lower.charAt(i) >= 128) {
                return MARKS.matcher(Normalizer.normalize(lower, Normalizer.Form.NFD)).replaceAll("");
            }
        }
        return lower;
    }

    /** The folded words of a text that document frequencies count: every content word once. */
    public static Set<String> documentWords(String title, String abstractText) {
        var out = new HashSet<String>();
        for (String part : List.of(clean(title), clean(abstractText))) {
            for (List<String> run : runs(part)) {
                for (String w : run) {
                    out.add(fold(w));
                }
            }
        }
        return out;
    }

    static List<String> stems(String foldedPhrase) {
        var out = new ArrayList<String>();
        for (String w : foldedPhrase.split("[\\s\\-]+")) {
            if (!w.isEmpty()) {
                out.add(stem(w));
            }
        }
        return out;
    }

    /** A light English stemmer (plural and a few suffixes): enough to tell "models" and "model" apart as one. */
    public static String stem(String w) {
        if (w.length() <= 3) {
            return w;
        }
        if (w.endsWith("ies") && w.length() > 4) {
            return w.substring(0, w.length() - 3) + "y";
        }
        if (w.endsWith("sses")) {
            return w.substring(0, w.length() - 2);
        }
        if (w.endsWith("es") && (w.endsWith("ches") || w.endsWith("shes") || w.endsWith("xes"))) {
            return w.substring(0, w.length() - 2);
        }
        if (w.endsWith("s") && !w.endsWith("ss") && !w.endsWith("us") && !w.endsWith("is")) {
            return w.substring(0, w.length() - 1);
        }
        return w;
    }
}
