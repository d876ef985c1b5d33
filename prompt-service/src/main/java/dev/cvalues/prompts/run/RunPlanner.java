package dev.cvalues.prompts.run;

import dev.cvalues.contracts.events.ModelSpec;
import dev.cvalues.contracts.events.RunSubject;
import dev.cvalues.platform.connection.ConnectionsView;
import dev.cvalues.platform.connection.ModelChecks;
import dev.cvalues.platform.egress.Egress;
import dev.cvalues.prompts.api.BadRequestException;
import dev.cvalues.prompts.suite.Suite;
import dev.cvalues.prompts.suite.SuiteRepository;
import jakarta.enterprise.context.ApplicationScoped;
import java.security.SecureRandom;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** Validates a run request and fixes everything publishing needs: run id, suite versions, samples. */
@ApplicationScoped
public class RunPlanner {

    private static final DateTimeFormatter ID_TIME = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")
            .withZone(ZoneOffset.UTC);
    private static final String ID_CHARS = "abcdefghijklmnopqrstuvwxyz0123456789";
    private static final SecureRandom RANDOM = new SecureRandom();

    private final SuiteRepository suites;
    private final ConnectionsView connections;
    private final Egress egress;

    public RunPlanner(SuiteRepository suites, ConnectionsView connections, Egress egress) {
        this.suites = suites;
        this.connections = connections;
        this.egress = egress;
    }

    public RunPlan plan(RunRequest request) {
        if (request == null) {
            throw new BadRequestException(null, "request body required");
        }
        ModelSpec model = validModel(request.model(), "model");
        if (request.suites() == null || request.suites().isEmpty()) {
            throw new BadRequestException("suites", "at least one suite is required");
        }
        Instant now = Instant.now();
        List<RunPlan.PlannedSuite> planned = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < request.suites().size(); i++) {
            planned.add(plan(request.suites().get(i), "suites[" + i + "]", seen));
        }
        ModelSpec judge = request.judge() == null ? null : validModel(request.judge(), "judge");
        RunSubject subject = validSubject(request.subject());
        return new RunPlan(newRunId(now), model, planned, now, request.cache() == null || request.cache(), judge,
                subject);
    }

    private static RunSubject validSubject(RunSubject subject) {
        if (subject == null) {
            return null;
        }
        if (subject.model() == null || subject.model().isBlank()) {
            throw new BadRequestException("subject.model", "subject.model (the model's id) required");
        }
        if (subject.version() == null || subject.version().isBlank()) {
            throw new BadRequestException("subject.version", "subject.version (the deployed version) required");
        }
        String trigger = subject.trigger() == null ? RunSubject.MANUAL : subject.trigger();
        if (!List.of(RunSubject.DEPLOYMENT, RunSubject.SCHEDULE, RunSubject.MANUAL).contains(trigger)) {
            throw new BadRequestException("subject.trigger", "subject.trigger must be deployment, schedule or manual");
        }
        return new RunSubject(subject.model(), subject.version(), subject.labels(), trigger, subject.deploymentId());
    }

    /** Recomputes a stored plan (same versions, same seeds, hence the same sample). */
    public RunPlan replan(String runId, ModelSpec model, List<RunRequest.SuiteSelection> selections, Instant createdAt,
            boolean cache, ModelSpec judge, RunSubject subject) {
        List<RunPlan.PlannedSuite> planned = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < selections.size(); i++) {
            planned.add(plan(selections.get(i), "suites[" + i + "]", seen));
        }
        return new RunPlan(runId, model, planned, createdAt, cache, judge, subject);
    }

    private RunPlan.PlannedSuite plan(RunRequest.SuiteSelection selection, String field, Set<String> seen) {
        if (selection == null || selection.id() == null || selection.id().isBlank()) {
            throw new BadRequestException(field + ".id", "suite id required");
        }
        Suite suite = suites.find(selection.id(), selection.version()).orElseThrow(() -> new BadRequestException(
                selection.version() == null ? field + ".id" : field + ".version",
                "no suite " + selection.id() + (selection.version() == null ? "" : " version " + selection.version())
                        + "; GET /api/suites lists them"));
        if (!seen.add(suite.id())) {
            throw new BadRequestException(field + ".id", "suite " + suite.id() + " is listed twice");
        }
        Integer size = selection.sampleSize();
        if (size == null || size >= suite.itemCount()) {
            if (size != null && size < 1) {
                throw new BadRequestException(field + ".sampleSize", "must be at least 1");
            }
            return new RunPlan.PlannedSuite(suite.id(), suite.version(), null, null, suite.itemCount(), null);
        }
        if (size < 1) {
            throw new BadRequestException(field + ".sampleSize", "must be at least 1");
        }
        long seed = selection.seed() == null ? 0L : selection.seed();
        SampleSelector.Cutoff sample = new SampleSelector(seed).choose(size,
                sink -> suites.forEachUnitId(suite.id(), suite.version(), sink));
        return new RunPlan.PlannedSuite(suite.id(), suite.version(), size, seed, sample.items(), sample);
    }

    private ModelSpec validModel(ModelSpec model, String field) {
        try {
            return ModelChecks.check(model, field, connections::find, egress);
        } catch (ModelChecks.Invalid e) {
            throw new BadRequestException(e.field(), e.getMessage());
        }
    }

    static String newRunId(Instant now) {
        StringBuilder sb = new StringBuilder("run-").append(ID_TIME.format(now)).append('-');
        for (int i = 0; i < 6; i++) {
            sb.append(ID_CHARS.charAt(RANDOM.nextInt(ID_CHARS.length())));
        }
        return sb.toString();
    }
}
