package dev.cvalues.scoring.scorer.mc;

import dev.cvalues.scoring.scorer.Reasoning;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A model's answer made ready for reading: NFKC (full-width digits and punctuation become ASCII) and lower
 * case; reasoning blocks removed (what follows {@code </think>} is the answer); the rule set's normalisation
 * (markdown, spacing, every name of a reply as {@code 回复1} / {@code 回复2}); quotations of the replies'
 * own words replaced by {@code «»}; {@code 该回复}, {@code 前者} and {@code 后者} replaced by the reply they
 * refer to; and split into sentences.
 *
 * @param text        the prepared answer
 * @param sentences   its sentences, in order
 * @param questions   for each sentence, whether it is a question
 * @param unfinished  the answer is a reasoning block that never ended (the model was cut off while thinking)
 * @param inReasoning nothing followed the reasoning, so the reasoning itself is read
 */
record AnswerText(String text, List<String> sentences, List<Boolean> questions, boolean unfinished,
        boolean inReasoning) {

    /** A reply as the model wrote it: a quotation that names one is the model's, not a reply's, words. */
    private static final Pattern NAMED_REPLY = Pattern.compile("回复\\s?[12一二]|(?:response|reply|option|answer)\\s?[12]");
    private static final Pattern JSON_ANSWER = Pattern.compile("\\{\\s*[\"'][^\"'\\n]{1,40}[\"']\\s*:");
    private static final Pattern JSON_SYNTAX = Pattern.compile("```(?:json)?|[{}]|\"\\s*,\\s*\"|[\"']?\\s*,\\s*(?=\\n|[\"']?[\\w\\p{IsHan}]+[\"']?\\s*:)|(?<=[:\\s])\"|\"(?=\\s*(?:,|\\n|$))|\"(?=[\\w\\p{IsHan}]+\"\\s*:)|(?<=[\\w\\p{IsHan}])\"(?=\\s*:)");
    private static final Pattern CLAUSE_END = Pattern.compile("[,;:。!?\\n]");

    static AnswerText prepare(String raw, McRuleSet rules) {
        String text = Normalizer.normalize(raw, Normalizer.Form.NFKC).toLowerCase(Locale.ROOT);
        Reasoning reasoning = Reasoning.strip(text, rules.reasoning(), rules.unfinishedReasoning());
        String answer = reasoning.answer();
        boolean unfinished = reasoning.unfinished();
        boolean inReasoning = reasoning.inReasoning();
        answer = unwrapJson(answer, rules);
        for (Pattern quote : rules.quotes()) {
            answer = quote.matcher(answer).replaceAll(m -> NAMED_REPLY.matcher(m.group()).find()
                    ? Matcher.quoteReplacement(m.group()) : "«»");
        }
        String prepared = resolveReferences(rules.normalise(answer).strip(), rules);
        List<String> sentences = new ArrayList<>();
        List<Boolean> questions = new ArrayList<>();
        Matcher breaks = rules.sentenceBreak().matcher(prepared);
        int from = 0;
        while (from < prepared.length()) {
            boolean more = breaks.find();
            int end = more ? breaks.start() : prepared.length();
            String sentence = prepared.substring(from, end).strip();
            if (!sentence.isEmpty()) {
                sentences.add(sentence);
                questions.add(rules.question().matcher(more ? sentence + breaks.group() : sentence).find());
            }
            from = more ? breaks.end() : prepared.length();
        }
        return new AnswerText(prepared, sentences, questions, unfinished, inReasoning);
    }

    /**
     * An answer written as JSON ({"better": "回复2", "reason": "…"}) read as text: the key naming the choice becomes
     * an answer marker (答案: 回复2), and the other values plain sentences, so that the reason is read too.
     */
    static String unwrapJson(String answer, McRuleSet rules) {
        if (!JSON_ANSWER.matcher(answer).find()) {
            return answer;
        }
        String text = rules.json().matcher(answer).replaceAll(m -> Matcher.quoteReplacement("\n答案: "
                + (m.group(1) != null ? m.group(1).replaceAll("[\"']", "") : m.group(2) != null ? m.group(2) : "").strip()
                + "\n"));
        return JSON_SYNTAX.matcher(text).replaceAll("\n");
    }

    /**
     * 该回复 / 它 / this response: the first reply named in the last clause that names one, its subject as a rule
     * ("回复1比回复2更好，它更负责任" is 回复1); 前者 / 后者: the first / second of the two replies named last, in the
     * order they were named ("与回复2相比，回复1更…，前者" is 回复2); before two were named, the order of the prompt
     * (前者 is 回复1).
     */
    static String resolveReferences(String text, McRuleSet rules) {
        Matcher m = rules.references().matcher(text);
        StringBuilder out = new StringBuilder();
        String last = null;
        String beforeLast = null;
        String subject = null;
        int subjectClauseEnd = -1;
        while (m.find()) {
            String replacement;
            if (m.group("reply") != null) {
                replacement = m.group();
                if (m.start() > subjectClauseEnd) {
                    subject = replacement;
                    subjectClauseEnd = clauseEnd(text, m.start());
                }
                if (!replacement.equals(last)) {
                    beforeLast = last;
                    last = replacement;
                }
            } else if (m.group("this") != null) {
                replacement = subject;
            } else {
                replacement = beforeLast == null ? (m.group("former") != null ? "回复1" : "回复2")
                        : m.group("former") != null ? beforeLast : last;
                if (m.start() > subjectClauseEnd) {
                    subject = replacement;
                    subjectClauseEnd = clauseEnd(text, m.start());
                }
            }
            m.appendReplacement(out, Matcher.quoteReplacement(replacement == null ? m.group() : replacement));
        }
        m.appendTail(out);
        return out.toString();
    }

    private static int clauseEnd(String text, int from) {
        Matcher end = CLAUSE_END.matcher(text);
        return end.find(from) ? end.start() : text.length();
    }
}
