package dev.cvalues.launcher;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code ./cvalues bench …}: the performance measurements of the project (never timed unit tests). */
@Command(name = "bench", description = "Measure the pipeline's throughput on this machine.",
        subcommands = {GatewayBench.class, EndToEndBench.class})
public class BenchCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }
}
