package dev.paperboy.cli;

import dev.paperboy.App;
import dev.paperboy.digest.Frequency;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "digest", mixinStandardHelpOptions = true, description = "Digests by mail.",
        subcommands = DigestCommand.Send.class)
final class DigestCommand implements Runnable {
    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    @Command(name = "send", mixinStandardHelpOptions = true,
            description = "Send the digests due today (daily on weekdays, weekly on digest.weekly-day), each subscriber "
                    + "once per period even beside a running server or another send; print a summary.")
    static final class Send implements Callable<Integer> {
        @Mixin
        StorageOptions storage;

        @Option(names = "--frequency", paramLabel = "daily|weekly",
                description = "Only this frequency, sent even if today is not its day (default: what is due today).")
        String frequency;

        @Option(names = "--as-of", paramLabel = "YYYY-MM-DD",
                description = "Send as if today were this date (a weekly digest covers the seven days before it).")
        LocalDate asOf;

        @Option(names = "--dry-run", description = "Compose and count, but send nothing and record nothing.")
        boolean dryRun;

        @Override
        public Integer call() throws Exception {
            // Before the app opens: a mistyped frequency is a usage error, not something to say after start-up warnings.
            Frequency only = frequency == null ? null : Frequency.parse(frequency);
            try (var app = new App(storage.load(), Clock.systemUTC())) {
                app.serverSecret();
                var schedule = app.digests().schedule();
                LocalDate day = asOf != null ? asOf : schedule.today(Clock.systemUTC().instant());
                List<Frequency> frequencies = new ArrayList<>();
                if (frequency != null) {
                    frequencies.add(only);
                } else {
                    for (Frequency f : Frequency.values()) {
                        if (schedule.isSendDay(f, day)) {
                            frequencies.add(f);
                        }
                    }
                }
                if (frequencies.isEmpty()) {
                    System.out.println("No digest is due on " + day + " (" + day.getDayOfWeek().toString().toLowerCase(java.util.Locale.ROOT)
                            + "): daily digests go out on weekdays, weekly ones on " + schedule.weeklyDay().toString().toLowerCase(java.util.Locale.ROOT) + ".");
                    return 0;
                }
                var sender = app.digestSender();
                int failed = 0;
                for (Frequency f : frequencies) {
                    var summary = sender.send(f, day, dryRun, true);
                    System.out.println(summary.describe());
                    int inDoubt = dryRun ? 0 : sender.inDoubt(summary.period());
                    if (inDoubt > 0) {
                        System.out.println(summary.period() + ": " + inDoubt + " in doubt (a sender was stopped between handing the "
                                + "digest to the mail server and its answer); never sent twice, so not sent again");
                    }
                    failed += summary.failed();
                }
                return failed == 0 ? 0 : 1;
            }
        }
    }
}
