package dev.paperboy.web;

import io.javalin.http.BadRequestResponse;
import io.javalin.http.Context;

/** Reads query parameters strictly: a malformed value is the client's error (400), never silently replaced. */
final class Params {
    private Params() {}

    static int positiveInt(Context ctx, String name, int fallback) {
        return intInRange(ctx, name, fallback, 1, Integer.MAX_VALUE);
    }

    static int intInRange(Context ctx, String name, int fallback, int min, int max) {
        String value = ctx.queryParam(name);
        if (value == null || value.isEmpty()) {
            return fallback;
        }
        // Only ASCII digits: Integer.parseInt would also take "١٢" (Arabic-Indic) or fullwidth digits.
        if (!value.strip().matches("-?[0-9]{1,10}")) {
            throw new BadRequestResponse(name + " must be a whole number, not '" + abbreviate(value) + "'");
        }
        try {
            int n = Integer.parseInt(value.strip());
            if (n < min || n > max) {
                throw new BadRequestResponse(name + " must be between " + min + " and " + max + ", not " + n);
            }
            return n;
        } catch (NumberFormatException e) {
            throw new BadRequestResponse(name + " must be a whole number, not '" + abbreviate(value) + "'");
        }
    }

    /**
     * Refuses text that no form or script sends on purpose and that would be stored or echoed as is: NUL and other
     * control characters (tab and line breaks are fine) and lone UTF-16 surrogates (not characters at all).
     *
     * @throws dev.paperboy.community.InvalidInputException naming the field
     */
    static String cleanText(String field, String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < value.length() && Character.isLowSurrogate(value.charAt(i + 1))) {
                i++;
                continue;
            }
            if (Character.isSurrogate(c)) {
                throw new dev.paperboy.community.InvalidInputException("'" + field + "' contains an unpaired UTF-16 "
                        + "surrogate, which is not a character. Send valid Unicode text.");
            }
            if ((c < 0x20 && c != '\t' && c != '\n' && c != '\r') || c == 0x7f) {
                throw new dev.paperboy.community.InvalidInputException("'" + field + "' contains a control character "
                        + String.format("(U+%04X)", (int) c) + "; remove it and send the text again.");
            }
        }
        return value;
    }

    static String abbreviate(String value) {
        return value.length() > 40 ? value.substring(0, 40) + "…" : value;
    }
}
