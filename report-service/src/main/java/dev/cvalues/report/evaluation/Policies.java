package dev.cvalues.report.evaluation;

import com.mongodb.client.model.Filters;
import com.mongodb.client.model.ReplaceOptions;
import dev.cvalues.contracts.EventCodec;
import dev.cvalues.report.Collections;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Optional;
import org.bson.Document;

/** Evaluation policies in MongoDB, one document per model id. */
@ApplicationScoped
public class Policies {

    private final Collections collections;

    public Policies(Collections collections) {
        this.collections = collections;
    }

    public Optional<EvaluationPolicy> find(String model) {
        Document d = collections.policies().find(Filters.eq("_id", model)).first();
        if (d == null) {
            return Optional.empty();
        }
        d.remove("_id");
        return Optional.of(EventCodec.mapper().convertValue(d, EvaluationPolicy.class));
    }

    public void save(String model, EvaluationPolicy policy) {
        Document d = Document.parse(EventCodec.mapper().valueToTree(policy).toString()).append("_id", model);
        collections.policies().replaceOne(Filters.eq("_id", model), d, new ReplaceOptions().upsert(true));
    }
}
