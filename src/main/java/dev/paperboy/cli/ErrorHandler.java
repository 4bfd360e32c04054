package dev.paperboy.cli;

import dev.paperboy.ConfigException;
import dev.paperboy.community.InvalidInputException;
import dev.paperboy.community.NotFoundException;
import dev.paperboy.search.SearchBackend;
import dev.paperboy.store.UnreachableDatabaseException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.sql.SQLException;
import java.time.format.DateTimeParseException;
import picocli.CommandLine;

/**
 * Every failure of a command ends as one or two lines on stderr saying what is wrong and what to do, and a
 * documented exit code (README, "The CLI"), never a stack trace:
 *
 * <ul>
 *   <li>1: the job failed (see the command) or an unexpected error (a bug: one line; {@code PAPERBOY_TRACE=1}
 *       prints the stack trace)
 *   <li>2: bad usage, configuration or input (a flag, a key, a date, a file that cannot be read)
 *   <li>3: the job finished but left something out (an import skipped records, an id did not exist)
 *   <li>4: the data directory: not writable, or held by another process; the database refused
 *   <li>5: the network: the port is in use, or a server we need could not be reached
 * </ul>
 */
final class ErrorHandler implements CommandLine.IExecutionExceptionHandler {
    static final int UNEXPECTED = 1;
    static final int USAGE = 2;
    static final int STORAGE = 4;
    static final int NETWORK = 5;

    /** A failure a command detected itself, with its message and exit code already decided. */
    static final class Failure extends RuntimeException {
        final int exitCode;

        Failure(int exitCode, String message) {
            super(message);
            this.exitCode = exitCode;
        }
    }

    @Override
    public int handleExecutionException(Exception e, CommandLine cmd, CommandLine.ParseResult parsed) {
        var err = cmd.getErr();
        Answer answer = answer(e);
        err.println("paperboy: " + answer.message());
        if (answer.code() == UNEXPECTED && !(e instanceof Failure)) {
            if ("1".equals(System.getenv("PAPERBOY_TRACE"))) {
                e.printStackTrace(err);
            } else {
                err.println("This looks like a bug in Paperboy. Run again with PAPERBOY_TRACE=1 for the details, and report them.");
            }
        }
        err.flush();
        return answer.code();
    }

    record Answer(int code, String message) {}

    static Answer answer(Throwable e) {
        if (e instanceof Failure f) {
            return new Answer(f.exitCode, f.getMessage());
        }
        if (e instanceof ConfigException || e instanceof IllegalArgumentException || e instanceof InvalidInputException
                || e instanceof NotFoundException) {
            return new Answer(USAGE, e.getMessage());
        }
        if (e instanceof UnreachableDatabaseException || e instanceof SearchBackend.UnavailableException) {
            return new Answer(NETWORK, e.getMessage());
        }
        if (e instanceof DateTimeParseException d) {
            return new Answer(USAGE, "'" + d.getParsedString() + "' is not a date or time we understand; write dates as "
                    + "2025-12-31 and times as 07:00");
        }
        if (e instanceof SearchBackend.IndexLockedException || e instanceof dev.paperboy.store.StoreException
                || e instanceof dev.paperboy.backup.RefusedException) {
            return new Answer(STORAGE, e.getMessage());
        }
        Throwable bind = find(e, BindException.class);
        if (bind != null) {
            return new Answer(NETWORK, "the port is already in use (" + bind.getMessage() + "); stop the program using it, "
                    + "or choose another port with --port N");
        }
        if (e instanceof UncheckedIOException u) {
            // Our own messages already say what and where; the JDK's cause only says how.
            String message = u.getMessage();
            if (message == null || message.equals(String.valueOf(u.getCause()))) {
                message = io(u.getCause());
            } else if (u.getCause() != null && u.getCause().getMessage() != null && message.endsWith(": " + u.getCause().getMessage())) {
                // "cannot write X: /path" (a FileSystemException's message is only its path): say what happened to it.
                message = message.substring(0, message.length() - u.getCause().getMessage().length()) + io(u.getCause());
            }
            return new Answer(network(u.getCause()) ? NETWORK : USAGE, firstLine(message));
        }
        if (e instanceof IOException io) {
            return new Answer(network(io) ? NETWORK : USAGE, io(io));
        }
        SQLException sql = find(e, SQLException.class);
        if (sql != null) {
            return new Answer(STORAGE, "the database refused: " + firstLine(sql.getMessage())
                    + "; check that the data directory is writable and not on a network drive");
        }
        return new Answer(UNEXPECTED, "unexpected error: " + e.getClass().getSimpleName()
                + (e.getMessage() == null ? "" : ": " + firstLine(e.getMessage())));
    }

    private static boolean network(IOException e) {
        return e instanceof java.net.ConnectException || e instanceof java.net.http.HttpTimeoutException
                || e instanceof java.net.UnknownHostException;
    }

    /** An I/O failure in words: what happened to which file. */
    static String io(IOException e) {
        if (e instanceof NoSuchFileException n) {
            return "no such file or directory: " + n.getFile();
        }
        if (e instanceof AccessDeniedException a) {
            return "permission denied: " + a.getFile() + "; check its permissions (and its directory's)";
        }
        if (e instanceof FileAlreadyExistsException f) {
            return "already exists: " + f.getFile();
        }
        if (e instanceof NotDirectoryException n) {
            return "not a directory: " + n.getFile();
        }
        if (e instanceof java.net.ConnectException || e instanceof java.net.http.HttpTimeoutException) {
            return "could not connect (" + firstLine(String.valueOf(e.getMessage())) + "); check the address and your network";
        }
        if (e instanceof java.nio.file.FileSystemException f) {
            return f.getFile() + ": " + (f.getReason() != null ? f.getReason() : "cannot be read or written");
        }
        return e.getMessage() == null ? "an input or output error (" + e.getClass().getSimpleName() + ")" : firstLine(e.getMessage());
    }

    /** A message's first line, for a one-line CLI error. */
    static String firstLine(String s) {
        if (s == null) {
            return "(no message)";
        }
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }

    private static <T extends Throwable> T find(Throwable e, Class<T> type) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (type.isInstance(t)) {
                return type.cast(t);
            }
        }
        return null;
    }
}
