package dev.paperboy.cli;

import dev.paperboy.App;
import dev.paperboy.Config;
import dev.paperboy.digest.Frequency;
import dev.paperboy.digest.Preferences;
import dev.paperboy.mail.SmtpSink;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "digest", mixinStandardHelpOptions = true,
        description = "Send personalised digests of the demo catalogue to N subscribers through a local SMTP sink, "
                + "and report digests/s with composing and sending times apart.")
final class BenchDigestCommand implements Callable<Integer> {
    private static final List<String> CATEGORIES = List.of("cs.CV", "cs.CL", "cs.LG", "cs.AI", "cs.RO");
    private static final List<String> QUERIES = List.of("diffusion", "video generation", "reinforcement learning",
            "agents", "language model reasoning", "benchmark", "3D", "speech", "robot", "multimodal");

    @Option(names = "--subscribers", defaultValue = "10000", description = "subscribers (default ${DEFAULT-VALUE})")
    int subscribers;

    @Option(names = "--smtp-port", description = "send to this local SMTP server instead of the built-in sink (e.g. postfix on 25)")
    Integer smtpPort;

    @Override
    public Integer call() throws Exception {
        Path dir = Files.createTempDirectory("paperboy-bench-digest");
        LocalDate asOf = LocalDate.of(2025, 12, 31);
        try (var sink = smtpPort == null ? new SmtpSink() : null) {
            int port = smtpPort == null ? sink.port() : smtpPort;
            Config config = Config.defaultsOnly().with("data.dir", dir.toString()).with("smtp.host", "127.0.0.1")
                    .with("smtp.port", Integer.toString(port)).with("smtp.tls", "none").with("search.embed", "false");
            var clock = Clock.fixed(asOf.atTime(7, 0).toInstant(ZoneOffset.UTC), ZoneOffset.UTC);
            try (var app = new App(config, clock)) {
                app.serverSecret();
                app.loadDemoIfEmpty();
                long t = System.nanoTime();
                var subscriptions = app.digests().subscriptions();
                for (int i = 0; i < subscribers; i++) {
                    var preferences = switch (i % 3) {
                        case 0 -> Preferences.of("daily", List.of(), null);
                        case 1 -> Preferences.of("daily", List.of(CATEGORIES.get(i % CATEGORIES.size())), null);
                        default -> Preferences.of("daily", List.of(), QUERIES.get(i % QUERIES.size()));
                    };
                    subscriptions.addConfirmed("reader" + i + "@bench.example", preferences);
                }
                System.out.printf(Locale.ROOT, "%,d subscribers added in %.1f s (a third all papers, a third one category, a third a saved search)%n",
                        subscribers, (System.nanoTime() - t) / 1e9);
                var summary = app.digestSender().send(Frequency.DAILY, asOf, false, false);
                System.out.println(summary.describe());
                double seconds = summary.total().toNanos() / 1e9;
                System.out.printf(Locale.ROOT, "digests/s: %.1f (composing %.2f ms a digest, sending %.2f ms a digest, "
                                + "ledger and the rest %.2f ms a digest) on %d cores%n",
                        summary.sent() / seconds, summary.compose().toNanos() / 1e6 / Math.max(1, summary.sent()),
                        summary.send().toNanos() / 1e6 / Math.max(1, summary.sent()),
                        (summary.total().minus(summary.compose()).minus(summary.send())).toNanos() / 1e6 / Math.max(1, summary.sent()),
                        Runtime.getRuntime().availableProcessors());
                if (sink != null) {
                    System.out.printf("the SMTP sink accepted %,d messages%n", sink.messages());
                }
            }
        } finally {
            try (var paths = Files.walk(dir)) {
                for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            }
        }
        return 0;
    }
}
