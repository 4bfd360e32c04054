package dev.paperboy.cli;

import dev.paperboy.App;
import dev.paperboy.ingest.ArxivApiException;
import dev.paperboy.ingest.UpstreamUnavailableException;
import dev.paperboy.paper.ArxivId;
import dev.paperboy.paper.IncomingPaper;
import dev.paperboy.paper.Paper;
import dev.paperboy.paper.UpsertCounts;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

@Command(name = "fetch", mixinStandardHelpOptions = true,
        description = "Add papers by arXiv id, looked up in the arXiv API. Any id form works: 2402.11215, arXiv:2402.11215v2, an abs URL.")
final class FetchCommand implements Callable<Integer> {
    @Mixin
    StorageOptions storage;

    @Parameters(paramLabel = "ID", arity = "1..*", description = "arXiv ids")
    List<String> ids;

    @Override
    public Integer call() throws InterruptedException {
        var parsed = new ArrayList<ArxivId>(ids.size());
        for (String id : ids) {
            parsed.add(ArxivId.parse(id));
        }
        try (var app = new App(storage.load(), Clock.systemUTC())) {
            List<Paper> papers = app.arxivApi().fetch(parsed);
            var batch = papers.stream()
                    .map(p -> new IncomingPaper(p, -1, app.feedRules().placementFor(p)))
                    .toList();
            UpsertCounts counts = app.catalogue().upsert(batch);
            Set<String> found = papers.stream().map(Paper::id).collect(Collectors.toSet());
            var missing = parsed.stream().map(ArxivId::id).filter(id -> !found.contains(id)).distinct().toList();
            for (Paper paper : papers) {
                System.out.println(paper.id() + "  " + paper.title());
            }
            System.out.printf("fetched %d · inserted %d · updated %d · unchanged %d%n",
                    papers.size(), counts.inserted(), counts.updated(), counts.unchanged());
            if (!missing.isEmpty()) {
                System.err.println("arXiv has no paper " + String.join(", ", missing));
                return 3;
            }
            return 0;
        } catch (ArxivApiException e) {
            System.err.println("paperboy: arXiv refused the lookup: " + e.arxivMessage());
            return 2;
        } catch (UpstreamUnavailableException e) {
            System.err.println("paperboy: " + e.getMessage());
            return 1;
        }
    }
}
