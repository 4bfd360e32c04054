package dev.paperboy.cli;

import dev.paperboy.ingest.Progress;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** A progress bar with rate and ETA on a terminal; a log line every 10 % otherwise (CI, pipes, cron). */
final class TerminalProgress implements Progress, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(TerminalProgress.class);

    private final String task;
    private final String unit;
    private final long unitSize;
    private ProgressBar bar;
    private int loggedTenths = -1;

    TerminalProgress(String task, String unit, long unitSize) {
        this.task = task;
        this.unit = unit;
        this.unitSize = unitSize;
    }

    @Override
    public synchronized void advance(long done, long total) {
        if (System.console() != null) {
            if (bar == null) {
                bar = new ProgressBarBuilder().setTaskName(task).setInitialMax(Math.max(total, 1))
                        .setStyle(ProgressBarStyle.ASCII).setUnit(unit, unitSize).showSpeed().build();
            }
            bar.maxHint(Math.max(total, 1));
            bar.stepTo(done);
            return;
        }
        int tenths = total > 0 ? (int) (done * 10 / total) : -1;
        if (tenths > loggedTenths) {
            loggedTenths = tenths;
            LOG.info("{}: {}%", task, tenths * 10);
        }
    }

    @Override
    public synchronized void close() {
        if (bar != null) {
            bar.close();
        }
    }
}
