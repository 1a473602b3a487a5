package org.tonbo4j.samples.demo;

import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/** The demo's progress bars: one style, rows as the unit, on the console's error stream. */
final class Progress {
    private Progress() {
    }

    static ProgressBar rows(String task, long rows) {
        return new ProgressBarBuilder().setTaskName(task).setInitialMax(rows).setStyle(ProgressBarStyle.ASCII)
                .setUnit(" rows", 1).setUpdateIntervalMillis(250).setMaxRenderedLength(100).continuousUpdate()
                .build();
    }
}
