package dev.cvalues.contracts.events;

/** One message of the conversation sent to the model; role is {@code system}, {@code user} or {@code assistant}. */
public record ChatMessage(String role, String content) {

    public static ChatMessage user(String content) {
        return new ChatMessage("user", content);
    }
}
