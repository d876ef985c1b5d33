package dev.cvalues.launcher;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(name = "up", description = "Start the local stack and leave it running (./cvalues down stops it).")
public class UpCommand implements Callable<Integer> {

    @Mixin
    StackOptions options;

    @Override
    public Integer call() {
        RepoLayout layout = RepoLayout.locate();
        if (LocalStack.attach(layout).isPresent()) {
            System.out.println("The local stack is already running.");
        } else {
            System.out.println("Starting the local stack (data in " + layout.home() + ")");
            LocalStack.startAll(layout, options.ports(), JvmOptions.Lifetime.STAYS_UP, System.out::println);
        }
        LocalStack.attach(layout).ifPresent(StatusCommand::printUrls);
        return 0;
    }
}
