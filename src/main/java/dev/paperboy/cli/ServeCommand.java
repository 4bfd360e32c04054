package dev.paperboy.cli;

import dev.paperboy.App;
import java.time.Clock;
import java.util.HashMap;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "serve", mixinStandardHelpOptions = true,
        description = "Serve the web site and API. Loads the demo catalogue on first start with an empty database.")
final class ServeCommand implements Callable<Integer> {
    private static final Logger LOG = LoggerFactory.getLogger(ServeCommand.class);

    @Mixin
    StorageOptions storage;

    @Option(names = "--port", description = "Port to listen on (default 8080, key server.port).")
    Integer port;

    @Option(names = "--host", description = "Address to bind (default 0.0.0.0, key server.host).")
    String host;

    @Override
    public Integer call() throws InterruptedException {
        var flags = new HashMap<String, String>();
        if (port != null) {
            flags.put("server.port", port.toString());
        }
        if (host != null) {
            flags.put("server.host", host);
        }
        var app = new App(storage.load(flags), Clock.systemUTC());
        app.serverSecret();
        app.loadDemoIfEmpty();
        var web = app.serve();
        LOG.info("Paperboy is serving {} papers at http://localhost:{}/papers (data in {})",
                app.catalogue().count(), web.port(), app.config().path("data.dir").toAbsolutePath());
        var stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            LOG.info("Stopping: finishing requests in flight");
            app.close();
            stopped.countDown();
        }));
        stopped.await();
        return 0;
    }
}
