package dev.cvalues.report.review;

import java.util.List;
import org.bson.Document;

/** What a person reads of a stored item: the question put to the model and the model's answer (both unescaped). */
final class ItemTexts {

    private ItemTexts() {
    }

    /** The last user message, or null for items stored before responses carried their messages. */
    static String question(Document item) {
        List<Document> messages = item.getList("messages", Document.class, List.of());
        for (int i = messages.size() - 1; i >= 0; i--) {
            if ("user".equals(messages.get(i).getString("role"))) {
                return messages.get(i).getString("content");
            }
        }
        return null;
    }

    static String response(Document item) {
        Document response = item.get("response", Document.class);
        return response == null ? null : response.getString("text");
    }
}
