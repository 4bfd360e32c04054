package dev.paperboy.cli;

import com.sun.net.httpserver.HttpServer;
import dev.paperboy.Config;
import dev.paperboy.ingest.ArxivSettings;
import dev.paperboy.ingest.FeedRules;
import dev.paperboy.ingest.HarvestLog;
import dev.paperboy.ingest.HarvestReport;
import dev.paperboy.ingest.OaiHarvester;
import dev.paperboy.ingest.OaiPage;
import dev.paperboy.ingest.OaiParser;
import dev.paperboy.ingest.PoliteHttp;
import dev.paperboy.ingest.Politeness;
import dev.paperboy.ingest.Sleeper;
import dev.paperboy.paper.Catalogue;
import dev.paperboy.store.Database;
import java.io.ByteArrayInputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "harvest", mixinStandardHelpOptions = true,
        description = "Replay OAI-PMH pages built from the real arXivRaw fixture records through the real harvester "
                + "(local HTTP, no delay between requests, parse + upsert into an empty database) and report "
                + "records/s, then the memory used while streaming one 1,000-record page.")
final class BenchHarvestCommand implements Callable<Integer> {
    private static final Pattern RECORD = Pattern.compile("<record>.*?</record>", Pattern.DOTALL);

    @Option(names = "--fixtures", paramLabel = "DIR", description = "the oai-pmh fixture folder (default ../shared/fixtures/arxiv/oai-pmh, else the test copy)")
    Path fixtures;

    @Option(names = "--pages", defaultValue = "30", description = "pages of 1,000 records to replay (default ${DEFAULT-VALUE})")
    int pages;

    @Override
    public Integer call() throws Exception {
        List<String> real = realRecords(fixtureDir());
        var bodies = new ArrayList<byte[]>();
        for (int p = 0; p < pages; p++) {
            bodies.add(page(real, p, p + 1 < pages).getBytes(StandardCharsets.UTF_8));
        }
        System.out.printf("%d real arXivRaw records, cycled into %d pages of 1,000 with distinct ids (%,d bytes a page)%n",
                real.size(), pages, bodies.getFirst().length);

        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/oai", exchange -> {
            String query = exchange.getRequestURI().getQuery();
            int index = query.contains("resumptionToken=") ? Integer.parseInt(query.replaceAll(".*resumptionToken=p", "")) : 0;
            byte[] body = bodies.get(index);
            exchange.sendResponseHeaders(200, body.length);
            try (var out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
        try {
            for (int run = 1; run <= 2; run++) {
                replay(server, run == 1 ? "run 1 (cold JVM)" : "run 2 (warm)");
            }
        } finally {
            server.stop(0);
        }
        memory(bodies.get(1));
        return 0;
    }

    private static void replay(HttpServer server, String label) throws Exception {
        Path dir = Files.createTempDirectory("paperboy-bench-harvest");
        try (var database = Database.openSqlite(dir)) {
            Clock clock = Clock.systemUTC();
            URI base = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/oai");
            // No delay between requests: this measures our side only. Never point these settings at arXiv.
            var settings = new ArxivSettings(base, base, "bench@localhost", Duration.ZERO, Duration.ofSeconds(60),
                    Duration.ZERO, Duration.ofSeconds(1), Duration.ofSeconds(1));
            var http = new PoliteHttp(settings, new Politeness(null, "localhost", Duration.ZERO, clock, Sleeper.REAL), clock, Sleeper.REAL);
            var config = Config.defaultsOnly();
            var harvester = new OaiHarvester(database, new Catalogue(database, clock),
                    new FeedRules(config.bool("feed.arxiv-auto"), config.list("feed.arxiv-categories")), http,
                    new HarvestLog(database, clock), clock, 3, Duration.ofMinutes(10));
            long start = System.nanoTime();
            HarvestReport report = harvester.harvest(new OaiHarvester.Request(base, "", "arXivRaw", null));
            double seconds = (System.nanoTime() - start) / 1e9;
            System.out.printf("%s: parse + upsert %,d records in %.2f s = %,.0f records/s (target 5,000); %s%n",
                    label, report.read(), seconds, report.read() / seconds, report.summary());
        } finally {
            try (var paths = Files.walk(dir)) {
                for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            }
        }
    }

    /** Heap used while streaming one page: the peak above the baseline, and what the parsed page itself keeps. */
    private static void memory(byte[] page) throws Exception {
        var parser = new OaiParser();
        parser.parse(new ByteArrayInputStream(page)); // warm up
        var threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        System.gc();
        long before = usedHeap();
        ManagementFactory.getMemoryPoolMXBeans().forEach(MemoryPoolMXBean::resetPeakUsage);
        long allocatedBefore = threads.getCurrentThreadAllocatedBytes();
        OaiPage parsed = parser.parse(new ByteArrayInputStream(page));
        long allocated = threads.getCurrentThreadAllocatedBytes() - allocatedBefore;
        long peak = peakHeap();
        System.gc();
        long retained = usedHeap() - before;
        System.out.printf("memory, one %,d-record page of %,d bytes: peak heap %+.1f MB over the baseline, %.1f MB "
                        + "retained by the parsed records, %.1f MB allocated in all (garbage, collected as it goes)%n",
                parsed.records().size(), page.length, (peak - before) / 1e6, retained / 1e6, allocated / 1e6);
    }

    private static long usedHeap() {
        return ManagementFactory.getMemoryPoolMXBeans().stream().filter(p -> p.getType() == MemoryType.HEAP)
                .mapToLong(p -> p.getUsage().getUsed()).sum();
    }

    private static long peakHeap() {
        return ManagementFactory.getMemoryPoolMXBeans().stream().filter(p -> p.getType() == MemoryType.HEAP)
                .mapToLong(p -> p.getPeakUsage().getUsed()).sum();
    }

    private Path fixtureDir() {
        if (fixtures != null) {
            return fixtures;
        }
        for (String candidate : List.of("../shared/fixtures/arxiv/oai-pmh", "src/test/resources/shared/fixtures/arxiv/oai-pmh")) {
            if (Files.isDirectory(Path.of(candidate))) {
                return Path.of(candidate);
            }
        }
        throw new IllegalArgumentException("no OAI-PMH fixtures found; pass --fixtures DIR");
    }

    private static List<String> realRecords(Path dir) throws Exception {
        var records = new ArrayList<String>();
        for (String file : List.of("arXivRaw_mikesaelim_ListRecordsResponse.xml", "arXivRaw_mikesaelim_GetRecordResponse.xml")) {
            var m = RECORD.matcher(Files.readString(dir.resolve(file)));
            while (m.find()) {
                records.add(m.group());
            }
        }
        return records;
    }

    /** Page {@code index}: 1,000 real records, cycled, each given a distinct new-style id so that every one inserts. */
    private static String page(List<String> real, int index, boolean more) {
        var out = new StringBuilder(4 << 20);
        out.append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<OAI-PMH xmlns=\"http://www.openarchives.org/OAI/2.0/\">\n")
                .append("<responseDate>2026-01-01T00:00:00Z</responseDate>\n<request verb=\"ListRecords\">bench</request>\n<ListRecords>\n");
        for (int i = 0; i < 1_000; i++) {
            String record = real.get(i % real.size());
            String id = String.format("2501.%05d", index * 1_000 + i + 1);
            record = record.replaceFirst("oai:arXiv.org:[^<]+", "oai:arXiv.org:" + id).replaceFirst("<id>[^<]+</id>", "<id>" + id + "</id>");
            out.append(record).append('\n');
        }
        out.append(more ? "<resumptionToken>p" + (index + 1) + "</resumptionToken>\n" : "<resumptionToken/>\n");
        return out.append("</ListRecords>\n</OAI-PMH>\n").toString();
    }
}
