package dev.cvalues.contracts;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cvalues.contracts.events.ChatMessage;
import dev.cvalues.contracts.events.Failure;
import dev.cvalues.contracts.events.ItemInfo;
import dev.cvalues.contracts.events.ItemKind;
import dev.cvalues.contracts.events.Judging;
import dev.cvalues.contracts.events.PromptEvent;
import dev.cvalues.contracts.events.ResponseEvent;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ResponseRoutingTest {

    private static ResponseEvent response(ItemInfo item, Judging judging) {
        PromptEvent prompt = new PromptEvent(1, "run-1", "i-1", EventSchemaTest.MODEL, item,
                List.of(ChatMessage.user("q")), EventSchemaTest.AT, null, null, judging);
        return ResponseEvent.ok(prompt, "回复1", "stop", null, 3, 1, null, EventSchemaTest.AT);
    }

    private static ResponseRouting roundTrip(ResponseRouting routing) {
        Map<String, String> headers = routing.headers();
        return ResponseRouting.read(headers::get);
    }

    @Test
    void readsBackWhatAResponseCarries() {
        ResponseRouting mc = ResponseRouting.of(response(EventSchemaTest.MC_ITEM, null));
        assertThat(roundTrip(mc)).isEqualTo(new ResponseRouting(ResponseEvent.Outcome.OK, ItemKind.MULTIPLE_CHOICE,
                List.of("回复1", "回复2"), null, null));

        ResponseEvent backfill = response(EventSchemaTest.OPEN_ITEM, new Judging("safety-judge", "1"))
                .forBackfill("refusal");
        assertThat(roundTrip(ResponseRouting.of(backfill))).isEqualTo(new ResponseRouting(ResponseEvent.Outcome.OK,
                ItemKind.OPEN, List.of(), "refusal", "safety-judge"));

        PromptEvent prompt = new PromptEvent("run-1", "i-2", EventSchemaTest.MODEL, EventSchemaTest.MC_ITEM,
                List.of(ChatMessage.user("q")), EventSchemaTest.AT);
        ResponseEvent failed = ResponseEvent.failed(prompt, new Failure("timeout", "t"), 1, 3, EventSchemaTest.AT);
        assertThat(roundTrip(ResponseRouting.of(failed)).outcome()).isEqualTo(ResponseEvent.Outcome.FAILED);
    }

    @Test
    void aRecordWithoutReadableRoutingIsDecodedInstead() {
        assertThat(ResponseRouting.read(name -> null)).isNull();
        Map<String, String> headers = new HashMap<>(ResponseRouting.of(response(EventSchemaTest.MC_ITEM, null)).headers());
        headers.put(ResponseRouting.KIND, "essay");
        assertThat(ResponseRouting.read(headers::get)).isNull();
        headers.remove(ResponseRouting.KIND);
        assertThat(ResponseRouting.read(headers::get)).isNull();
        // a choice the header cannot carry: no routing at all, never a wrong one
        ItemInfo odd = new ItemInfo("s", "1", ItemKind.MULTIPLE_CHOICE, null, "c", null, null,
                List.of("a\u001fb", "c"), "c");
        assertThat(ResponseRouting.of(response(odd, null)).headers()).isEmpty();
    }

    @Test
    void aScorerReadsOnlyAnsweredResponsesForItAndNoOtherScorersBackfill() {
        ResponseRouting ok = new ResponseRouting(ResponseEvent.Outcome.OK, ItemKind.OPEN, List.of(), null, null);
        assertThat(ok.forScorer("refusal", true)).isTrue();
        assertThat(ok.forScorer("refusal", false)).isFalse();
        assertThat(new ResponseRouting(ResponseEvent.Outcome.FAILED, ItemKind.OPEN, List.of(), null, null)
                .forScorer("refusal", true)).isFalse();
        ResponseRouting backfill = new ResponseRouting(ResponseEvent.Outcome.OK, ItemKind.OPEN, List.of(), "refusal", null);
        assertThat(backfill.forScorer("refusal", true)).isTrue();
        assertThat(backfill.forScorer("safety-judge", true)).isFalse();
    }
}
