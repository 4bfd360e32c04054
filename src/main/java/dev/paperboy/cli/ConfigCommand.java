package dev.paperboy.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(name = "config", mixinStandardHelpOptions = true,
        description = "Print the effective configuration, where each value came from, and its environment variable. Secrets are masked.")
final class ConfigCommand implements Callable<Integer> {
    @Mixin
    StorageOptions storage;

    @Override
    public Integer call() {
        System.out.print(storage.load().describe());
        return 0;
    }
}
