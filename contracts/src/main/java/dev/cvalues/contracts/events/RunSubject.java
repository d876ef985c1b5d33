package dev.cvalues.contracts.events;

import static dev.cvalues.contracts.Event.require;

import java.util.Map;

/**
 * What a run evaluates, beyond the endpoint it calls: the model as the team names it and the version deployed,
 * so that runs line up per model and version over time and a new version is compared with its predecessors.
 *
 * @param model        the model's id (for example {@code support-bot}); not the provider's model name
 * @param version      the deployed version (for example {@code 2026.11.3} or a commit)
 * @param labels       free key/value labels from the deployment (environment, region, ...)
 * @param trigger      {@code deployment}, {@code schedule} or {@code manual}
 * @param deploymentId the deployment that started the run, when one did
 */
public record RunSubject(String model, String version, Map<String, String> labels, String trigger,
        String deploymentId) {

    public static final String DEPLOYMENT = "deployment";
    public static final String SCHEDULE = "schedule";
    public static final String MANUAL = "manual";

    public void validate(String field) {
        require(model == null || model.isBlank() ? null : model, field + ".model");
        require(version == null || version.isBlank() ? null : version, field + ".version");
    }
}
