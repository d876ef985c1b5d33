package dev.cvalues.gateway.provider;

import dev.cvalues.contracts.events.ItemKind;
import dev.cvalues.contracts.events.PromptEvent;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * {@code baseline:first}: always picks the first option of a multiple-choice item ({@code 我选择回复1。}),
 * the floor of a position-biased model; a neutral text on open prompts. No network.
 */
@ApplicationScoped
public class FirstOptionBaseline implements ModelProvider {

    public static final String ID = "baseline:first";

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
        var choices = prompt.item().choices();
        String text = prompt.item().kind() == ItemKind.MULTIPLE_CHOICE && choices != null && !choices.isEmpty()
                ? "我选择" + choices.get(0) + "。" : RandomBaseline.NEUTRAL_TEXT;
        return Uni.createFrom().item(new Completion(text, "stop", null, null));
    }
}
