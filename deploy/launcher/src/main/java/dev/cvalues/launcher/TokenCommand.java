package dev.cvalues.launcher;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code ./cvalues token create|list|revoke}: API tokens of the running stack, made with its admin token. */
@Command(name = "token", description = "API tokens of the running local stack: create (the token is printed once),"
        + " list, revoke.", subcommands = {TokenCommand.Create.class, TokenCommand.ListTokens.class,
                TokenCommand.Revoke.class})
public class TokenCommand implements Runnable {

    @Override
    public void run() {
        new picocli.CommandLine(this).usage(System.out);
    }

    @Command(name = "create", description = "Create a token; prints it once (keep it: only its hash is stored).")
    static class Create implements Callable<Integer> {

        @Option(names = "--role", required = true, description = "viewer, runner, reviewer or admin (repeatable)")
        List<String> roles;

        @Option(names = "--name", required = true, description = "who the token is for (the identity it carries)")
        String name;

        @Option(names = "--expires", description = "an ISO-8601 duration, e.g. P30D; default: never")
        String expires;

        @Override
        public Integer call() {
            ObjectNode request = new ObjectMapper().createObjectNode().put("name", name);
            roles.forEach(request.putArray("roles")::add);
            if (expires != null) {
                request.put("expiresIn", expires);
            }
            JsonNode created = StackClient.of(LocalStack.running()).createToken(request.toString());
            System.out.println(created.path("token").asText());
            System.err.printf("token %s for %s, roles %s, expires %s%n", created.path("id").asText(), name, roles,
                    created.path("expiresAt").asText("never"));
            return 0;
        }
    }

    @Command(name = "list", description = "Every token created through the API (never the tokens themselves).")
    static class ListTokens implements Callable<Integer> {

        @Override
        public Integer call() {
            System.out.printf("%-22s %-20s %-24s %-26s %s%n", "id", "name", "roles", "expires", "revoked");
            for (JsonNode t : StackClient.of(LocalStack.running()).tokens()) {
                System.out.printf("%-22s %-20s %-24s %-26s %s%n", t.path("id").asText(), t.path("name").asText(),
                        t.path("roles").toString(), t.path("expiresAt").asText("never"), t.path("revokedAt").asText(""));
            }
            return 0;
        }
    }

    @Command(name = "revoke", description = "Revoke a token: every service refuses it from then on.")
    static class Revoke implements Callable<Integer> {

        @Parameters(paramLabel = "ID", description = "the token's id (token list shows them)")
        String id;

        @Override
        public Integer call() {
            JsonNode revoked = StackClient.of(LocalStack.running()).revokeToken(id);
            System.out.printf("revoked %s (%s) at %s%n", id, revoked.path("name").asText(),
                    revoked.path("revokedAt").asText());
            return 0;
        }
    }
}
