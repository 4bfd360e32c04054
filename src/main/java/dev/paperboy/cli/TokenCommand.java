package dev.paperboy.cli;

import dev.paperboy.App;
import dev.paperboy.community.ApiTokens;
import dev.paperboy.community.NotFoundException;
import dev.paperboy.community.User;
import java.time.Clock;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "token", mixinStandardHelpOptions = true, description = "Manage personal API tokens.",
        subcommands = {TokenCommand.Create.class, TokenCommand.ListTokens.class, TokenCommand.Revoke.class})
final class TokenCommand implements Runnable {
    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    static User member(App app, String email) {
        return app.community().accounts().byEmail(email)
                .orElseThrow(() -> new NotFoundException("There is no account " + email + "."));
    }

    @Command(name = "create", mixinStandardHelpOptions = true,
            description = "Create a token for an account and print it (it is shown only this once).")
    static final class Create implements Callable<Integer> {
        @Mixin
        StorageOptions storage;

        @Parameters(paramLabel = "EMAIL")
        String email;

        @Option(names = "--name", defaultValue = "cli", description = "what the token is for (default cli)")
        String name;

        @Override
        public Integer call() {
            try (var app = new App(storage.load(), Clock.systemUTC())) {
                var created = app.community().tokens().create(member(app, email), name);
                System.out.println(created.secret());
                System.err.println("Token " + created.token().id() + " (" + created.token().name() + ") for " + email
                        + ". Send it as: Authorization: Bearer " + created.secret().substring(0, 6) + "…");
                return 0;
            }
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List an account's tokens.")
    static final class ListTokens implements Callable<Integer> {
        @Mixin
        StorageOptions storage;

        @Parameters(paramLabel = "EMAIL")
        String email;

        @Override
        public Integer call() {
            try (var app = new App(storage.load(), Clock.systemUTC())) {
                for (ApiTokens.Token t : app.community().tokens().list(member(app, email))) {
                    System.out.printf("%-14s %-20s created %s%s%n", t.id(), t.name(), t.createdAt(),
                            t.revokedAt() != null ? ", revoked " + t.revokedAt()
                                    : t.lastUsedAt() != null ? ", last used " + t.lastUsedAt() : "");
                }
                return 0;
            }
        }
    }

    @Command(name = "revoke", mixinStandardHelpOptions = true, description = "Revoke a token by its id (see list).")
    static final class Revoke implements Callable<Integer> {
        @Mixin
        StorageOptions storage;

        @Parameters(index = "0", paramLabel = "EMAIL")
        String email;

        @Parameters(index = "1", paramLabel = "TOKEN-ID")
        String id;

        @Override
        public Integer call() {
            try (var app = new App(storage.load(), Clock.systemUTC())) {
                app.community().tokens().revoke(member(app, email), id);
                System.out.println("Revoked " + id + ".");
                return 0;
            }
        }
    }
}
