package dev.paperboy.ingest;

/** Clean-up shared by the importers: upstream text is hard-wrapped and indented. */
final class Text {
    private Text() {}

    /** Collapses every run of whitespace to one space and trims; null and blank become null. */
    static String squash(String text) {
        if (text == null) {
            return null;
        }
        int n = text.length();
        if (isSquashed(text, n)) {
            return text;
        }
        // A char array, not a StringBuilder: this runs on every title and abstract of a 2.7M-record import.
        char[] out = new char[n];
        int length = 0;
        boolean space = false;
        for (int i = 0; i < n; i++) {
            char c = text.charAt(i);
            if (isSpace(c)) {
                space = length > 0;
            } else {
                if (space) {
                    out[length++] = ' ';
                    space = false;
                }
                out[length++] = c;
            }
        }
        return length == 0 ? null : new String(out, 0, length);
    }

    private static boolean isSquashed(String text, int n) {
        if (n == 0 || isSpace(text.charAt(0)) || isSpace(text.charAt(n - 1))) {
            return false;
        }
        for (int i = 1; i < n; i++) {
            char c = text.charAt(i);
            if (c == ' ' ? text.charAt(i - 1) == ' ' : isSpace(c)) {
                return false;
            }
        }
        return true;
    }

    private static boolean isSpace(char c) {
        return c <= ' ' ? (c == ' ' || (c >= '\t' && c <= '\r')) : c > 127 && Character.isWhitespace(c);
    }
}
