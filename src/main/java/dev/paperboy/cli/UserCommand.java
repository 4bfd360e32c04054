package dev.paperboy.cli;

import dev.paperboy.App;
import dev.paperboy.community.Role;
import dev.paperboy.community.User;
import java.time.Clock;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "user", mixinStandardHelpOptions = true, description = "Manage member accounts.",
        subcommands = {UserCommand.Add.class, UserCommand.SetRole.class, UserCommand.ListUsers.class})
final class UserCommand implements Runnable {
    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    @Command(name = "add", mixinStandardHelpOptions = true,
            description = "Create a confirmed account (e.g. the first admin) and print a one-day link that sets its password.")
    static final class Add implements Callable<Integer> {
        @Mixin
        StorageOptions storage;

        @Parameters(paramLabel = "EMAIL")
        String email;

        @Option(names = "--role", defaultValue = "member", description = "member, curator or admin (default member)")
        String role;

        @Option(names = "--name", description = "name shown with votes and comments (default: the part before @)")
        String name;

        @Override
        public Integer call() {
            try (var app = new App(storage.load(), Clock.systemUTC())) {
                var accounts = app.community().accounts();
                User user = accounts.create(email, name, Role.fromCode(role));
                System.out.println("Created " + user.role().code() + " " + user.email() + " (" + user.name() + ").");
                System.out.println("Set the password within a day at:");
                System.out.println("  " + accounts.setupLink(user));
                return 0;
            }
        }
    }

    @Command(name = "role", mixinStandardHelpOptions = true, description = "Give an existing account another role.")
    static final class SetRole implements Callable<Integer> {
        @Mixin
        StorageOptions storage;

        @Parameters(index = "0", paramLabel = "EMAIL")
        String email;

        @Parameters(index = "1", paramLabel = "ROLE", description = "member, curator or admin")
        String role;

        @Override
        public Integer call() {
            try (var app = new App(storage.load(), Clock.systemUTC())) {
                User user = app.community().accounts().setRole(email, Role.fromCode(role));
                System.out.println(user.email() + " is now " + user.role().code() + ".");
                return 0;
            }
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List accounts.")
    static final class ListUsers implements Callable<Integer> {
        @Mixin
        StorageOptions storage;

        @Override
        public Integer call() {
            try (var app = new App(storage.load(), Clock.systemUTC())) {
                for (User u : app.community().accounts().all()) {
                    System.out.printf("%-40s %-8s %-10s %s%n", u.email(), u.role().code(),
                            u.verified() ? "confirmed" : "unconfirmed", u.name());
                }
                return 0;
            }
        }
    }
}
