package dev.cvalues.launcher;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

@Command(name = "status", description = "Show whether the local stack runs, its processes and URLs.")
public class StatusCommand implements Callable<Integer> {

    @Override
    public Integer call() {
        var stack = LocalStack.attach(RepoLayout.locate());
        if (stack.isEmpty()) {
            System.out.println("No local stack is running (./cvalues up starts one).");
            return 3;
        }
        for (ManagedProcess p : stack.get().processes()) {
            System.out.printf("  %-18s pid %-8d %s  log %s%n", p.name(), p.pid(), p.isAlive() ? "running" : "stopped",
                    p.log());
        }
        printUrls(stack.get());
        return 0;
    }

    static void printUrls(LocalStack stack) {
        System.out.println("  Kafka      " + stack.bootstrapServers());
        System.out.println("  MongoDB    " + stack.mongoUri());
        stack.servicePorts().forEach((service, port) -> System.out.printf("  %-18s http://127.0.0.1:%d  (API /api, "
                + "OpenAPI /q/openapi, health /q/health, metrics /q/metrics)%n", service, port));
        Integer report = stack.servicePorts().get("report-service");
        if (report != null) {
            System.out.printf("  dashboards         http://127.0.0.1:%d/ui/  (review queue /review/)%n", report);
        }
    }
}
