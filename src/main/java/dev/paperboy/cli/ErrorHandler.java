package dev.paperboy.cli;

import dev.paperboy.ConfigException;
import dev.paperboy.community.InvalidInputException;
import dev.paperboy.community.NotFoundException;
import dev.paperboy.store.UnreachableDatabaseException;
import java.io.UncheckedIOException;
import picocli.CommandLine;

/** Expected failures (bad config, unreadable files) print one clear line, not a stack trace. */
final class ErrorHandler implements CommandLine.IExecutionExceptionHandler {
    @Override
    public int handleExecutionException(Exception e, CommandLine cmd, CommandLine.ParseResult parsed) {
        if (e instanceof ConfigException || e instanceof UncheckedIOException || e instanceof IllegalArgumentException
                || e instanceof InvalidInputException || e instanceof NotFoundException
                || e instanceof UnreachableDatabaseException) {
            cmd.getErr().println("paperboy: " + e.getMessage());
            return 2;
        }
        cmd.getErr().println("paperboy: " + e);
        e.printStackTrace(cmd.getErr());
        return 1;
    }
}
