package dev.paperboy.cli;

import dev.paperboy.App;
import dev.paperboy.ingest.HarvestException;
import dev.paperboy.ingest.HarvestReport;
import java.net.URI;
import java.time.Clock;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "harvest", mixinStandardHelpOptions = true,
        description = {"Harvest new and changed arXiv records over OAI-PMH, from the watermark of the last complete "
                + "harvest to now, politely (one request every 3 s or more). Safe to interrupt and to run again: "
                + "it resumes at the first page not yet committed."})
final class HarvestCommand implements Callable<Integer> {
    @Mixin
    StorageOptions storage;

    @Option(names = "--from", paramLabel = "YYYY-MM-DD", description = "Start here instead of at the watermark.")
    LocalDate from;

    @Option(names = "--set", paramLabel = "SET", description = "OAI set: cs, physics:hep-th, group:archive:CATEGORY … (key harvest.set; '' for all).")
    String set;

    @Option(names = "--format", paramLabel = "FORMAT", description = "arXivRaw (default, key harvest.format) or arXiv.")
    String format;

    @Option(names = "--base-url", paramLabel = "URL", description = "OAI-PMH endpoint (key arxiv.oai-base-url).")
    URI baseUrl;

    @Override
    public Integer call() throws InterruptedException {
        var flags = new HashMap<String, String>();
        if (set != null) {
            flags.put("harvest.set", set);
        }
        if (format != null) {
            flags.put("harvest.format", format);
        }
        if (baseUrl != null) {
            flags.put("arxiv.oai-base-url", baseUrl.toString());
        }
        var config = storage.load(flags);
        // Before the app opens, and naming where the value came from: the flag or the key.
        String chosen = config.string("harvest.format");
        if (!chosen.equals("arXivRaw") && !chosen.equals("arXiv")) {
            throw new ErrorHandler.Failure(ErrorHandler.USAGE, (format != null ? "--format" : "harvest.format")
                    + " must be arXivRaw or arXiv, not '" + chosen + "'");
        }
        try (var app = new App(config, Clock.systemUTC())) {
            HarvestReport report = app.harvester().harvest(app.harvestRequest(from));
            System.out.println(report.summary());
            return 0;
        } catch (HarvestException e) {
            System.err.println("paperboy: harvest stopped: " + e.getMessage());
            System.err.println("Everything committed before this is kept; the watermark did not move. Run again to resume.");
            return 1;
        }
    }
}
