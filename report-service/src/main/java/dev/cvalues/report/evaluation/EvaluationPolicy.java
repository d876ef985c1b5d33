package dev.cvalues.report.evaluation;

import com.cronutils.model.CronType;
import com.cronutils.model.definition.CronDefinitionBuilder;
import com.cronutils.parser.CronParser;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import dev.cvalues.report.compare.Thresholds;
import java.util.List;

/**
 * How a model is evaluated when a version is deployed: the run to start (model settings, suites and samples,
 * judge) and how its result is judged (baseline, thresholds) and announced (webhooks).
 *
 * @param model    the run request's {@code model}: its registered {@code connection} (or, where ad-hoc endpoints are
 *                 allowed, provider and endpoint), name, parameters, limits, price; a deployment's path (or ad-hoc
 *                 endpoint) and name win. Never a credential.
 * @param suites   the run request's {@code suites}: ids, versions, sample sizes, seeds
 * @param judge    the run request's {@code judge}, or null
 * @param cache    true to let the deployment's and scheduled runs be answered from the gateway's response cache;
 *                 absent or false (the default): every call reaches the model, which is what catches a model that
 *                 changed behind an unchanged version
 * @param baseline the version new ones are compared with; absent: the model's last accepted run
 * @param webhooks URLs that receive every verdict of the model as an AlertEvent (JSON POST, signed)
 * @param webhookSecretRef the reference of the secret the deliveries are signed with (env:CVALUES_SECRET_… or
 *                 file:NAME in the secrets directory); required with webhooks
 * @param schedule a Quartz cron expression ({@code 0 0 3 * * ?}: 03:00 every day): the model's latest deployed
 *                 version is evaluated again then, to catch changes behind an unchanged version
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record EvaluationPolicy(JsonNode model, JsonNode suites, JsonNode judge, Boolean cache, String baseline,
        Thresholds thresholds, List<String> webhooks, String schedule, String webhookSecretRef) {

    private static final CronParser CRON = new CronParser(CronDefinitionBuilder.instanceDefinitionFor(CronType.QUARTZ));

    /** A message naming the field that is wrong, or null. */
    String problem() {
        if (suites == null || !suites.isArray() || suites.isEmpty()) {
            return "suites: at least one suite, e.g. [{\"id\": \"cvalues-sample\"}]";
        }
        if (model != null && !model.isObject()) {
            return "model: an object like a run request's model";
        }
        for (String part : List.of("model", "judge")) {
            JsonNode spec = part.equals("model") ? model : judge;
            if (spec != null && spec.has("apiKeyRef")) {
                return part + ".apiKeyRef: policies carry no credentials; name a registered connection in " + part
                        + ".connection";
            }
        }
        if (thresholds != null && thresholds.problem() != null) {
            return thresholds.problem();
        }
        if (webhooks != null && webhooks.stream().anyMatch(u -> u == null || !u.matches("https?://.+"))) {
            return "webhooks: http(s) URLs";
        }
        if (webhooks != null && !webhooks.isEmpty() && webhookSecretRef == null) {
            return "webhookSecretRef: deliveries are signed; name the signing secret by reference"
                    + " (env:CVALUES_SECRET_… or file:NAME in the secrets directory)";
        }
        if (schedule != null) {
            try {
                CRON.parse(schedule).validate();
            } catch (IllegalArgumentException e) {
                return "schedule: a Quartz cron expression like \"0 0 3 * * ?\" (" + e.getMessage() + ")";
            }
        }
        return null;
    }

    public Thresholds thresholdsOrDefault() {
        return thresholds == null ? Thresholds.DEFAULT : thresholds;
    }
}
