package dev.paperboy.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code paperboy}: every job is a subcommand. */
@Command(name = "paperboy", mixinStandardHelpOptions = true, version = "Paperboy 0.1.0",
        description = "A self-hosted daily research-papers service.",
        subcommands = {ServeCommand.class, UserCommand.class, TokenCommand.class, ImportCommand.class, ExportCommand.class, HarvestCommand.class, FetchCommand.class, EmbedCommand.class, ReindexCommand.class, EvaluateCommand.class, ConfigCommand.class, BenchCommand.class, DigestCommand.class,
                CommandLine.HelpCommand.class})
public final class Main implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(run(args));
    }

    static int run(String... args) {
        return new CommandLine(new Main())
                .setExecutionExceptionHandler(new ErrorHandler())
                .execute(args);
    }

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }
}
