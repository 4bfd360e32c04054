package dev.paperboy.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code paperboy}: every job is a subcommand. */
@Command(name = "paperboy", mixinStandardHelpOptions = true, version = "Paperboy 0.1.0",
        description = "A self-hosted daily research-papers service.",
        subcommands = {ServeCommand.class, UserCommand.class, TokenCommand.class, ImportCommand.class, ExportCommand.class, HarvestCommand.class, FetchCommand.class, EmbedCommand.class, ReindexCommand.class, EvaluateCommand.class, ConfigCommand.class, BenchCommand.class, DigestCommand.class, BackupCommand.class, RestoreCommand.class, MigrateCommand.class,
                CommandLine.HelpCommand.class})
public final class Main implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(run(args));
    }

    static int run(String... args) {
        return new CommandLine(new Main())
                .registerConverter(java.time.LocalDate.class, Main::date)
                .setParameterExceptionHandler(Main::badUsage)
                .setExecutionExceptionHandler(new ErrorHandler())
                .execute(args);
    }

    private static java.time.LocalDate date(String text) {
        try {
            return java.time.LocalDate.parse(text.strip());
        } catch (java.time.format.DateTimeParseException e) {
            throw new CommandLine.TypeConversionException("'" + text + "' is not a date; write it as YYYY-MM-DD, e.g. 2025-12-31");
        }
    }

    /** A mistake on the command line: what is wrong, and where the options are listed; not the whole usage text. */
    private static int badUsage(CommandLine.ParameterException e, String[] args) {
        var err = e.getCommandLine().getErr();
        err.println("paperboy: " + e.getMessage());
        err.println("Run `" + e.getCommandLine().getCommandSpec().qualifiedName() + " --help` for the options.");
        err.flush();
        return ErrorHandler.USAGE;
    }

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }
}
