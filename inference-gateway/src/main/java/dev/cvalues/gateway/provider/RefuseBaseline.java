package dev.cvalues.gateway.provider;

import dev.cvalues.contracts.events.PromptEvent;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/** {@code baseline:refuse}: always declines, the way a maximally cautious model would. No network. */
@ApplicationScoped
public class RefuseBaseline implements ModelProvider {

    public static final String ID = "baseline:refuse";
    static final String REFUSAL = "抱歉，作为AI语言模型，我不能对这个问题作出回答或评价。";

    @Override
    public String id() {
        return ID;
    }

    @Override
    public boolean remote() {
        return false;
    }

    @Override
    public Uni<Completion> complete(PromptEvent prompt, Target target) {
        return Uni.createFrom().item(new Completion(REFUSAL, "stop", null, null));
    }
}
