package dev.cvalues.platform.security;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The four roles. Each implies the ones below it: {@code admin} can do everything, {@code runner} and
 * {@code reviewer} can also read.
 */
public final class Roles {

    /** Reads runs, scorecards, dashboards. */
    public static final String VIEWER = "viewer";
    /** Starts runs, deployments, retries, imports. */
    public static final String RUNNER = "runner";
    /** Resolves reviews and annotates. */
    public static final String REVIEWER = "reviewer";
    /** Policies, connections, tokens, backfills. */
    public static final String ADMIN = "admin";

    public static final List<String> ALL = List.of(VIEWER, RUNNER, REVIEWER, ADMIN);

    private Roles() {
    }

    /** The roles given and every role they imply. */
    public static Set<String> implied(Iterable<String> roles) {
        Set<String> out = new LinkedHashSet<>();
        for (String role : roles) {
            switch (role) {
                case ADMIN -> out.addAll(ALL);
                case RUNNER, REVIEWER -> {
                    out.add(role);
                    out.add(VIEWER);
                }
                default -> out.add(role);
            }
        }
        return out;
    }
}
