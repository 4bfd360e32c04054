package dev.paperboy.ingest;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/**
 * Splits a stream into lines of raw UTF-8 bytes. Jackson parses bytes faster than it parses a String, so a bulk
 * import skips decoding each line to UTF-16 only for the parser to re-scan it.
 */
final class ByteLines {
    private final InputStream in;
    private byte[] buffer = new byte[1 << 20];
    private int start;
    private int end;
    private boolean eof;
    private boolean unterminated;

    ByteLines(InputStream in) {
        this.in = in;
    }

    /** The next line without its terminator ({@code \n} or {@code \r\n}), or null at the end of the stream. */
    byte[] next() throws IOException {
        int scanFrom = start;
        while (true) {
            for (int i = scanFrom; i < end; i++) {
                if (buffer[i] == '\n') {
                    int lineEnd = i > start && buffer[i - 1] == '\r' ? i - 1 : i;
                    byte[] line = Arrays.copyOfRange(buffer, start, lineEnd);
                    start = i + 1;
                    return line;
                }
            }
            scanFrom = end;
            if (eof) {
                if (start == end) {
                    return null;
                }
                byte[] last = Arrays.copyOfRange(buffer, start, end);
                start = end;
                unterminated = true;
                return last;
            }
            scanFrom -= fill();
        }
    }

    /** True when the stream's last line had no newline after it: the usual sign of a file cut short. */
    boolean endedWithoutNewline() {
        return unterminated;
    }

    /** Reads more input, compacting or growing the buffer; returns how far existing bytes moved left. */
    private int fill() throws IOException {
        int shift = 0;
        if (start > 0) {
            System.arraycopy(buffer, start, buffer, 0, end - start);
            shift = start;
            end -= start;
            start = 0;
        }
        if (end == buffer.length) {
            buffer = Arrays.copyOf(buffer, buffer.length * 2);
        }
        int n = in.read(buffer, end, buffer.length - end);
        if (n < 0) {
            eof = true;
        } else {
            end += n;
        }
        return shift;
    }
}
