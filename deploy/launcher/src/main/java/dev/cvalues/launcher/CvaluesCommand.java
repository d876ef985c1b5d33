package dev.cvalues.launcher;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code ./cvalues}: the command line of the local stack. Each subcommand is one small class. */
@Command(name = "cvalues", mixinStandardHelpOptions = true, version = "cvalues-pipeline 0.1.0",
        description = "Continuous CValues evaluation: local stack and runs.",
        subcommands = {DemoCommand.class, UpCommand.class, DownCommand.class, StatusCommand.class,
                ImportCommand.class, BenchCommand.class, CompareCommand.class,
                ReportCommand.class, TokenCommand.class})
public class CvaluesCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    public static void main(String[] args) {
        CommandLine commandLine = new CommandLine(new CvaluesCommand());
        commandLine.setExecutionExceptionHandler((e, cmd, parsed) -> {
            cmd.getErr().println("cvalues: " + e.getMessage());
            return 1;
        });
        System.exit(commandLine.execute(args));
    }
}
