package dev.paperboy.web;

import java.util.List;
import java.util.Locale;

/**
 * Small charts as SVG, drawn on the server: they need no JavaScript, cost a few hundred bytes, and take their
 * colours from the stylesheet (so dark mode applies). Each is an image with a text alternative that says what it
 * shows in words; pages put the exact numbers next to it (a table, a label). Only numbers and our own labels go
 * into the markup, and labels are escaped all the same.
 */
public final class Charts {
    private static final int BAR_WIDTH = 10;
    private static final int HEIGHT = 40;

    private Charts() {}

    /** One value of a series, with the label its tooltip shows. */
    public record Point(String label, long value) {}

    /** Vertical bars scaled to the largest value; {@code summary} is the text alternative. */
    public static String bars(List<Point> points, String summary) {
        long max = Math.max(1, points.stream().mapToLong(Point::value).max().orElse(0));
        int width = Math.max(1, points.size()) * BAR_WIDTH;
        var svg = open(width, HEIGHT, summary);
        for (int i = 0; i < points.size(); i++) {
            Point p = points.get(i);
            double h = p.value() == 0 ? 0 : Math.max(1, (HEIGHT - 2) * (double) p.value() / max);
            svg.append(String.format(Locale.ROOT,
                    "<rect class=\"bar\" x=\"%d.5\" y=\"%.2f\" width=\"%d\" height=\"%.2f\"><title>%s: %,d</title></rect>",
                    i * BAR_WIDTH, HEIGHT - h, BAR_WIDTH - 1, h, esc(p.label()), p.value()));
        }
        axis(svg, width);
        return svg.append("</svg>").toString();
    }

    /** A running total drawn as a filled line, e.g. a paper's upvotes day by day. */
    public static String cumulative(List<Point> points, String summary) {
        long max = Math.max(1, points.stream().mapToLong(Point::value).max().orElse(0));
        int width = Math.max(2, points.size()) * BAR_WIDTH;
        var svg = open(width, HEIGHT, summary);
        var line = new StringBuilder();
        double step = points.size() <= 1 ? width : (double) width / (points.size() - 1);
        for (int i = 0; i < points.size(); i++) {
            double x = points.size() == 1 ? width : i * step;
            double y = HEIGHT - 1 - (HEIGHT - 4) * (double) points.get(i).value() / max;
            line.append(i == 0 ? "" : " ").append(String.format(Locale.ROOT, "%.1f,%.1f", x, y));
        }
        if (points.size() == 1) {
            line.insert(0, String.format(Locale.ROOT, "0,%.1f ", HEIGHT - 1 - (HEIGHT - 4) * (double) points.getFirst().value() / max));
        }
        svg.append("<polygon class=\"area\" points=\"0,").append(HEIGHT).append(' ').append(line).append(' ')
                .append(width).append(',').append(HEIGHT).append("\"/>");
        svg.append("<polyline class=\"line\" points=\"").append(line).append("\"/>");
        axis(svg, width);
        return svg.append("</svg>").toString();
    }

    /** A tiny line for a card: the shape only; the card says the number in words. */
    public static String sparkline(int[] values) {
        int max = 1;
        for (int v : values) {
            max = Math.max(max, v);
        }
        int width = Math.max(1, values.length - 1) * 4;
        var line = new StringBuilder();
        for (int i = 0; i < values.length; i++) {
            line.append(i == 0 ? "" : " ").append(String.format(Locale.ROOT, "%d,%.1f", i * 4, 15.0 - 14.0 * values[i] / max));
        }
        return "<svg viewBox=\"0 0 " + width + " 16\" preserveAspectRatio=\"none\" aria-hidden=\"true\" focusable=\"false\">"
                + "<polyline class=\"line\" points=\"" + line + "\"/></svg>";
    }

    /** A horizontal progress bar for {@code done} of {@code total}. */
    public static String progress(long done, long total, String summary) {
        double share = total <= 0 ? 1 : Math.min(1, Math.max(0, (double) done / total));
        return "<svg viewBox=\"0 0 200 10\" preserveAspectRatio=\"none\" role=\"img\" aria-label=\"" + esc(summary) + "\">"
                + "<rect class=\"track\" x=\"0.5\" y=\"0.5\" width=\"199\" height=\"9\" rx=\"2\"/>"
                + String.format(Locale.ROOT, "<rect class=\"done\" x=\"0.5\" y=\"0.5\" width=\"%.1f\" height=\"9\" rx=\"2\"/>", 199 * share)
                + "</svg>";
    }

    /**
     * Every calendar day of {@code [from, until)} (up to {@code today}) with its totals, zero where the feed has no
     * papers: weekends show as gaps, as they are.
     */
    public static List<dev.paperboy.paper.Catalogue.DayTotals> everyDay(java.time.LocalDate from, java.time.LocalDate until,
            java.time.LocalDate today, List<dev.paperboy.paper.Catalogue.DayTotals> days) {
        var byDay = new java.util.HashMap<java.time.LocalDate, dev.paperboy.paper.Catalogue.DayTotals>();
        days.forEach(d -> byDay.put(d.day(), d));
        var all = new java.util.ArrayList<dev.paperboy.paper.Catalogue.DayTotals>();
        for (var day = from; day.isBefore(until) && !day.isAfter(today); day = day.plusDays(1)) {
            all.add(byDay.getOrDefault(day, new dev.paperboy.paper.Catalogue.DayTotals(day, 0, 0)));
        }
        return all;
    }

    /** Papers per day of these days, as bars. */
    public static String papersPerDay(List<dev.paperboy.paper.Catalogue.DayTotals> days) {
        long total = days.stream().mapToLong(dev.paperboy.paper.Catalogue.DayTotals::papers).sum();
        var busiest = days.stream().max(java.util.Comparator.comparingInt(dev.paperboy.paper.Catalogue.DayTotals::papers));
        return bars(days.stream().map(d -> new Point(View.day(d.day()), d.papers())).toList(),
                String.format(Locale.ROOT, "Papers per day: %,d in all%s", total, busiest.filter(d -> d.papers() > 0)
                        .map(d -> String.format(Locale.ROOT, ", most on %s (%,d)", View.day(d.day()), d.papers())).orElse("")));
    }

    /** Upvotes per day (of the papers of each day), as bars. */
    public static String upvotesPerDay(List<dev.paperboy.paper.Catalogue.DayTotals> days) {
        long total = days.stream().mapToLong(dev.paperboy.paper.Catalogue.DayTotals::upvotes).sum();
        var top = days.stream().max(java.util.Comparator.comparingLong(dev.paperboy.paper.Catalogue.DayTotals::upvotes));
        return bars(days.stream().map(d -> new Point(View.day(d.day()), d.upvotes())).toList(),
                String.format(Locale.ROOT, "Upvotes per day: %,d in all%s", total, top.filter(d -> d.upvotes() > 0)
                        .map(d -> String.format(Locale.ROOT, ", most on %s (%,d)", View.day(d.day()), d.upvotes())).orElse("")));
    }

    private static final java.util.regex.Pattern OF = java.util.regex.Pattern.compile("^([\\d,]+) of ([\\d,]+)");

    /**
     * A progress bar for a status fact that reads "N of M …" (e.g. "1,234 of 74,728 (1.7 %)"), or null for any
     * other fact: each feature words its own facts, and the page draws the ones that are progress.
     */
    public static String progressOf(String fact, String value) {
        var m = OF.matcher(value);
        if (!m.find()) {
            return null;
        }
        long done = Long.parseLong(m.group(1).replace(",", ""));
        long total = Long.parseLong(m.group(2).replace(",", ""));
        return progress(done, total, fact + ": " + value);
    }

    private static StringBuilder open(int width, int height, String summary) {
        return new StringBuilder(256 + width * 8).append("<svg viewBox=\"0 0 ").append(width).append(' ').append(height)
                .append("\" preserveAspectRatio=\"none\" role=\"img\" aria-label=\"").append(esc(summary)).append("\">");
    }

    private static void axis(StringBuilder svg, int width) {
        svg.append("<line class=\"axis\" x1=\"0\" y1=\"").append(HEIGHT).append("\" x2=\"").append(width)
                .append("\" y2=\"").append(HEIGHT).append("\"/>");
    }

    static String esc(String text) {
        return dev.paperboy.digest.DigestComposer.esc(text);
    }
}
