package dev.cvalues.scoring.scorer.judge;

import dev.cvalues.contracts.events.ChatMessage;
import dev.cvalues.contracts.events.ItemInfo;
import dev.cvalues.contracts.events.ItemKind;
import dev.cvalues.contracts.events.ScorerAnnouncement;
import java.time.Instant;
import java.util.List;

/** What the built-in judges share: they judge open responses, with a prompt from one versioned file. */
abstract class OpenItemJudge implements JudgeScorer {

    private static final List<ItemKind> KINDS = List.of(ItemKind.OPEN);

    private final String id;
    private final String version;
    private final String promptFile;
    private final String template;

    OpenItemJudge(String id, String version, String promptFile) {
        this.id = id;
        this.version = version;
        this.promptFile = promptFile;
        this.template = JudgePrompts.load(promptFile);
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public String version() {
        return version;
    }

    @Override
    public boolean appliesTo(ItemKind kind, List<String> choices) {
        return ScorerAnnouncement.applies(KINDS, null, kind, choices);
    }

    @Override
    public String template() {
        return template;
    }

    @Override
    public List<ChatMessage> judgePrompt(ItemInfo item, String question, String response) {
        return JudgePrompts.fill(template, question, response);
    }

    /** This judge's announcement: open items, the given metrics, and the prompt file named in the description. */
    ScorerAnnouncement announcement(String metricKind, List<String> metrics, String description) {
        return new ScorerAnnouncement(id, version, metricKind, metrics, KINDS, null, null, null,
                description + " (prompt " + promptFile + ")", Instant.now());
    }
}
