package dev.cvalues.launcher;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

@Command(name = "down", description = "Stop the local stack started by up or demo --keep (its data stays).")
public class DownCommand implements Callable<Integer> {

    @Override
    public Integer call() {
        RepoLayout layout = RepoLayout.locate();
        var stack = LocalStack.attach(layout);
        if (stack.isEmpty()) {
            System.out.println("No local stack is running.");
            return 0;
        }
        long t0 = System.nanoTime();
        stack.get().close();
        System.out.printf("Stopped the local stack in %.1f s.%n", (System.nanoTime() - t0) / 1e9);
        return 0;
    }
}
