package dev.paperboy.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.paperboy.keywords.Agreement;
import dev.paperboy.keywords.DocumentFrequencies;
import dev.paperboy.keywords.KeyPhrases;
import dev.paperboy.recommend.AuthorsAsUsers;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.BiFunction;
import java.util.zip.GZIPInputStream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Paperboy's keywords and one-line summaries against Hugging Face's (LLM-written) on the papers of the hf-daily
 * dumps that carry them, beside two baselines: the most frequent phrases, and the abstract's first sentence.
 */
@Command(name = "keywords", mixinStandardHelpOptions = true,
        description = "Keywords (precision, recall, F1) and one-line summaries (ROUGE-1/2/L F1) against Hugging Face's "
                + "ai_keywords and ai_summary, beside baselines: most frequent phrases, first sentence.")
final class BenchKeywordsCommand implements Callable<Integer> {
    @Option(names = "--hf-daily", defaultValue = "../shared/data/hf-daily", paramLabel = "DIR",
            description = "Hugging Face daily-papers dumps, YYYY-MM-DD.json[.gz] (default ${DEFAULT-VALUE})")
    Path hfDaily;

    @Option(names = "--corpus", defaultValue = "../shared/data/arxiv-cs", paramLabel = "DIR|FILE",
            description = "arXiv metadata whose word frequencies stand for a catalogue's, besides the dumps' own papers "
                    + "(default ${DEFAULT-VALUE}; 'none' to use the dumps alone)")
    String corpus;

    @Option(names = "--show", defaultValue = "0", description = "print this many papers side by side (default ${DEFAULT-VALUE})")
    int show;

    private record Item(String id, String title, String abstractText, List<String> keywords, String summary) {}

    @Override
    public Integer call() throws Exception {
        if (!Files.isDirectory(hfDaily)) {
            System.err.println("no such folder: " + hfDaily);
            return 2;
        }
        var items = new LinkedHashMap<String, Item>();
        var mapper = new ObjectMapper();
        try (var files = Files.list(hfDaily)) {
            for (Path f : files.filter(p -> p.getFileName().toString().matches("\\d{4}-\\d{2}-\\d{2}\\.json(\\.gz)?")).sorted().toList()) {
                try (InputStream raw = Files.newInputStream(f);
                        InputStream in = f.toString().endsWith(".gz") ? new GZIPInputStream(raw) : raw) {
                    for (JsonNode item : mapper.readTree(in)) {
                        JsonNode p = item.path("paper");
                        var keywords = new ArrayList<String>();
                        p.path("ai_keywords").forEach(k -> keywords.add(k.asText()));
                        String summary = p.path("ai_summary").asText("");
                        items.put(p.path("id").asText(), new Item(p.path("id").asText(), p.path("title").asText(""),
                                p.path("summary").asText(""), keywords, summary));
                    }
                }
            }
        }
        long t0 = System.nanoTime();
        var frequencies = new DocumentFrequencies();
        var seen = new HashSet<String>();
        int corpusPapers = 0;
        if (!corpus.equals("none")) {
            Path file = Path.of(corpus);
            if (Files.isDirectory(file)) {
                try (var files = Files.list(file)) {
                    file = files.filter(p -> p.getFileName().toString().matches(".*\\.jsonl(\\.gz)?")).sorted().findFirst()
                            .orElseThrow(() -> new IllegalArgumentException("no .jsonl or .jsonl.gz file in " + corpus));
                }
            }
            for (var paper : AuthorsAsUsers.read(file)) {
                if (seen.add(paper.id())) {
                    frequencies.add(paper.text(), "");
                    corpusPapers++;
                }
            }
        }
        for (Item item : items.values()) {
            if (seen.add(item.id())) {
                frequencies.add(item.title(), item.abstractText());
            }
        }
        System.out.printf("word frequencies: %,d documents (%,d from the corpus), %.1f s%n", frequencies.documents(),
                corpusPapers, (System.nanoTime() - t0) / 1e9);
        var extractor = new KeyPhrases(frequencies);
        var methods = new LinkedHashMap<String, BiFunction<Item, Integer, List<String>>>();
        methods.put("paperboy (TF-IDF phrases)", (i, k) -> extractor.extract(i.title(), i.abstractText()).keywords());
        methods.put("most frequent phrases", (i, k) -> KeyPhrases.frequentPhrases(i.title(), i.abstractText(), k));
        var withKeywords = items.values().stream().filter(i -> !i.keywords().isEmpty()).toList();
        System.out.printf("%nkeywords: %,d papers with Hugging Face's ai_keywords (median %d each); 10 predicted per paper%n",
                withKeywords.size(), median(withKeywords.stream().mapToInt(i -> i.keywords().size()).toArray()));
        System.out.printf("%-28s %9s %9s %9s %12s%n", "method", "precision", "recall", "F1", "ms per paper");
        for (var m : methods.entrySet()) {
            double p = 0, r = 0, f = 0;
            long start = System.nanoTime();
            for (Item i : withKeywords) {
                var s = Agreement.keywords(m.getValue().apply(i, KeyPhrases.KEYWORDS), i.keywords());
                p += s.precision();
                r += s.recall();
                f += s.f1();
            }
            double ms = (System.nanoTime() - start) / 1e6 / Math.max(1, withKeywords.size());
            int n = Math.max(1, withKeywords.size());
            System.out.printf("%-28s %9.3f %9.3f %9.3f %12.2f%n", m.getKey(), p / n, r / n, f / n, ms);
        }
        var withSummary = items.values().stream().filter(i -> !i.summary().isBlank()).toList();
        var summaries = new LinkedHashMap<String, java.util.function.Function<Item, String>>();
        summaries.put("paperboy (contribution sentence)", i -> extractor.extract(i.title(), i.abstractText()).summary());
        summaries.put("first sentence", i -> {
            var s = KeyPhrases.sentences(i.abstractText());
            return s.isEmpty() ? i.title() : s.getFirst();
        });
        System.out.printf("%nsummaries: %,d papers with Hugging Face's ai_summary%n", withSummary.size());
        System.out.printf("%-34s %8s %8s %8s %10s%n", "method", "ROUGE-1", "ROUGE-2", "ROUGE-L", "words");
        for (var m : summaries.entrySet()) {
            double[] total = new double[3];
            long words = 0;
            for (Item i : withSummary) {
                String s = m.getValue().apply(i);
                words += s.split("\\s+").length;
                double[] r = Agreement.rouge(s, i.summary());
                for (int k = 0; k < 3; k++) {
                    total[k] += r[k];
                }
            }
            int n = Math.max(1, withSummary.size());
            System.out.printf("%-34s %8.3f %8.3f %8.3f %10.1f%n", m.getKey(), total[0] / n, total[1] / n, total[2] / n,
                    (double) words / n);
        }
        System.out.printf("%-34s %8s %8s %8s %10.1f%n", "(Hugging Face's own, for length)", "", "", "",
                withSummary.stream().mapToInt(i -> i.summary().split("\\s+").length).average().orElse(0));
        withSummary.stream().filter(i -> !i.keywords().isEmpty()).limit(show).forEach(i -> {
            var ours = extractor.extract(i.title(), i.abstractText());
            System.out.printf("%n%s %s%n  HF keywords: %s%n  our keywords: %s%n  HF summary: %s%n  our summary: %s%n",
                    i.id(), i.title().replaceAll("\\s+", " "), i.keywords(), ours.keywords(), i.summary(), ours.summary());
        });
        return 0;
    }

    private static int median(int[] values) {
        if (values.length == 0) {
            return 0;
        }
        java.util.Arrays.sort(values);
        return values[values.length / 2];
    }
}
