package dev.paperboy.search;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The query syntax researchers know from arXiv and Google Scholar: {@code "exact phrase"}, {@code -exclude},
 * {@code author:"Name"}, {@code cat:cs.LG}, {@code year:2024}, {@code after:2025-01-01}, {@code before:…}.
 * Nothing here fails: a malformed part (an unclosed quote, a bad date, an unknown field) is read as plain words.
 */
public final class QuerySyntax {
    /** Longer input is cut to this many characters before it is read. */
    public static final int MAX_LENGTH = 1_000;

    private QuerySyntax() {}

    public static ParsedQuery parse(String input) {
        String text = input == null ? "" : input.strip();
        if (text.length() > MAX_LENGTH) {
            text = text.substring(0, MAX_LENGTH);
        }
        var words = new ArrayList<String>();
        var phrases = new ArrayList<String>();
        var excluded = new ArrayList<String>();
        var authors = new ArrayList<String>();
        var categories = new ArrayList<String>();
        LocalDate from = null;
        LocalDate until = null;
        for (Token token : tokens(text)) {
            String value = token.value();
            if (value.isBlank()) {
                continue;
            }
            if (token.negated()) {
                excluded.add(value);
                continue;
            }
            if (token.field() == null) {
                if (token.quoted()) {
                    phrases.add(value);
                } else {
                    words.add(value);
                }
                continue;
            }
            switch (token.field()) {
                case "author", "au" -> authors.add(value);
                case "cat", "category" -> categories.add(value);
                case "year" -> {
                    Integer year = year(value);
                    if (year == null) {
                        words.add(value);
                    } else {
                        from = LocalDate.of(year, 1, 1);
                        until = LocalDate.of(year, 12, 31);
                    }
                }
                case "after", "since" -> {
                    LocalDate day = day(value);
                    if (day == null) {
                        words.add(value);
                    } else {
                        from = day;
                    }
                }
                case "before", "until" -> {
                    LocalDate day = day(value);
                    if (day == null) {
                        words.add(value);
                    } else {
                        until = day;
                    }
                }
                default -> words.add(token.field() + ":" + value);
            }
        }
        return new ParsedQuery(List.copyOf(words), List.copyOf(phrases), List.copyOf(excluded), List.copyOf(authors),
                List.copyOf(categories), from, until);
    }

    record Token(String field, String value, boolean quoted, boolean negated) {}

    static List<Token> tokens(String text) {
        var tokens = new ArrayList<Token>();
        int i = 0;
        int n = text.length();
        while (i < n) {
            while (i < n && Character.isWhitespace(text.charAt(i))) {
                i++;
            }
            if (i >= n) {
                break;
            }
            boolean negated = text.charAt(i) == '-' && i + 1 < n && !Character.isWhitespace(text.charAt(i + 1));
            if (negated) {
                i++;
            }
            String field = null;
            int colon = fieldEnd(text, i);
            if (colon > i) {
                field = text.substring(i, colon).toLowerCase(Locale.ROOT);
                i = colon + 1;
            }
            if (i < n && text.charAt(i) == '"') {
                int close = text.indexOf('"', i + 1);
                if (close > i) {
                    tokens.add(new Token(field, text.substring(i + 1, close).strip(), true, negated));
                    i = close + 1;
                    continue;
                }
                i++; // an unclosed quote is ignored; what follows is read as words
            }
            int end = i;
            while (end < n && !Character.isWhitespace(text.charAt(end))) {
                end++;
            }
            tokens.add(new Token(field, text.substring(i, end), false, negated));
            i = end;
        }
        return tokens;
    }

    // A field name is letters followed by a colon and something after it: "cat:cs.LG", not "ratio: 3" nor "http://".
    private static int fieldEnd(String text, int start) {
        int i = start;
        while (i < text.length() && Character.isLetter(text.charAt(i))) {
            i++;
        }
        boolean isField = i > start && i + 1 < text.length() && text.charAt(i) == ':'
                && !Character.isWhitespace(text.charAt(i + 1)) && text.charAt(i + 1) != '/';
        return isField ? i : -1;
    }

    private static Integer year(String value) {
        if (!value.matches("\\d{4}")) {
            return null;
        }
        int year = Integer.parseInt(value);
        return year >= 1900 && year <= 2999 ? year : null;
    }

    private static LocalDate day(String value) {
        try {
            if (value.matches("\\d{4}")) {
                return LocalDate.of(Integer.parseInt(value), 1, 1);
            }
            if (value.matches("\\d{4}-\\d{2}")) {
                return LocalDate.parse(value + "-01");
            }
            return LocalDate.parse(value);
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
