package dev.cvalues.launcher;

import java.io.PrintStream;
import java.util.List;

/**
 * Progress of long work: on a terminal the same lines are redrawn in place; otherwise (a log, CI) they are
 * printed again only when they change, at most every few seconds.
 */
final class ProgressLines {

    private final PrintStream out;
    private final boolean terminal = System.console() != null;
    private List<String> shown = List.of();
    private long lastPrint;

    ProgressLines(PrintStream out) {
        this.out = out;
    }

    void show(List<String> lines, boolean force) {
        if (lines.equals(shown) && !force) {
            return;
        }
        if (terminal) {
            if (!shown.isEmpty()) {
                out.print("\033[" + shown.size() + "F");
            }
            lines.forEach(l -> out.print("\033[2K" + l + "\n"));
        } else {
            long now = System.nanoTime();
            if (!force && now - lastPrint < 3_000_000_000L) {
                return;
            }
            lastPrint = now;
            lines.forEach(out::println);
        }
        out.flush();
        shown = List.copyOf(lines);
    }
}
