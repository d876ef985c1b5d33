package dev.cvalues.prompts.run;

import dev.cvalues.contracts.events.ModelSpec;
import dev.cvalues.contracts.events.RunSubject;
import dev.cvalues.prompts.api.BadRequestException;
import dev.cvalues.prompts.suite.Suite;
import dev.cvalues.prompts.suite.SuiteRepository;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.URI;
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

    public RunPlanner(SuiteRepository suites) {
        this.suites = suites;
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

    private static ModelSpec validModel(ModelSpec model, String field) {
        if (model == null) {
            throw new BadRequestException(field, field + " required: {\"provider\": ..., \"name\": ...}");
        }
        if (model.provider() == null || model.provider().isBlank()) {
            throw new BadRequestException(field + ".provider", "provider required, e.g. openai or baseline:random");
        }
        if (model.endpoint() != null) {
            try {
                URI uri = URI.create(model.endpoint());
                if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme()) || uri.getHost() == null) {
                    throw new IllegalArgumentException();
                }
            } catch (IllegalArgumentException e) {
                throw new BadRequestException(field + ".endpoint", "must be an http(s) URL");
            }
        }
        if (model.apiKeyRef() != null && !model.apiKeyRef().matches("(env:[A-Za-z_][A-Za-z0-9_]*|file:/.+)")) {
            // never echo the value: it may be a key pasted by mistake
            throw new BadRequestException(field + ".apiKeyRef",
                    "must reference the key as env:VARIABLE or file:/absolute/path, never contain it");
        }
        if (model.limits() != null) {
            positive(model.limits().maxConcurrency(), field + ".limits.maxConcurrency");
            positive(model.limits().requestsPerMinute(), field + ".limits.requestsPerMinute");
            positive(model.limits().tokensPerMinute(), field + ".limits.tokensPerMinute");
        }
        if (model.price() != null && (model.price().inputPerMillion() < 0 || model.price().outputPerMillion() < 0
                || model.price().currency() == null || model.price().currency().isBlank())) {
            throw new BadRequestException(field + ".price", "prices must not be negative and need a currency");
        }
        String name = model.name() == null || model.name().isBlank() ? model.provider() : model.name();
        return new ModelSpec(model.provider(), name, model.endpoint(), model.apiKeyRef(), model.parameters(),
                model.limits(), model.price());
    }

    private static void positive(Integer value, String field) {
        if (value != null && value < 1) {
            throw new BadRequestException(field, "must be at least 1");
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
