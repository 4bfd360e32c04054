package dev.paperboy.ingest;

/** Clean-up shared by the importers: upstream text is hard-wrapped and indented. */
final class Text {
    private Text() {}

    /** Collapses every run of whitespace to one space and trims; null and blank become null. */
    static String squash(String text) {
        if (text == null) {
            return null;
        }
        var out = new StringBuilder(text.length());
        boolean space = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isWhitespace(c)) {
                space = out.length() > 0;
            } else {
                if (space) {
                    out.append(' ');
                    space = false;
                }
                out.append(c);
            }
        }
        return out.isEmpty() ? null : out.toString();
    }
}
