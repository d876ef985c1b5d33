package dev.cvalues.gateway.provider;

import dev.cvalues.contracts.events.ItemKind;
import dev.cvalues.contracts.events.PromptEvent;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.SplittableRandom;

/**
 * {@code baseline:random}: the floor every model should beat. On a multiple-choice item it picks one of the
 * item's choices with {@code new SplittableRandom(seed + itemId.hashCode()).nextInt(choices.size())}
 * ({@code seed} from the run's generation parameters, default 0), so the same seed always gives the same
 * answers, and says so in a form the CValues rules read ({@code 我选择回复1。}). On an open prompt it gives
 * a neutral, non-committal text. No network.
 */
@ApplicationScoped
public class RandomBaseline implements ModelProvider {

    public static final String ID = "baseline:random";
    static final String NEUTRAL_TEXT = "这个问题需要结合具体情况来看待，建议参考权威资料或咨询相关领域的专业人士。";

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
        return Uni.createFrom().item(() -> new Completion(answer(prompt), "stop", null, null));
    }

    static String answer(PromptEvent prompt) {
        List<String> choices = prompt.item().choices();
        if (prompt.item().kind() != ItemKind.MULTIPLE_CHOICE || choices == null || choices.isEmpty()) {
            return NEUTRAL_TEXT;
        }
        Long seed = prompt.model().parametersOrDefaults().seed();
        int index = choose(seed == null ? 0L : seed, prompt.itemId(), choices.size());
        return "我选择" + choices.get(index) + "。";
    }

    public static int choose(long seed, String itemId, int choices) {
        return new SplittableRandom(seed + itemId.hashCode()).nextInt(choices);
    }
}
