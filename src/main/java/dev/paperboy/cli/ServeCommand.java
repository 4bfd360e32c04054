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
        var config = storage.load(flags);
        // Before the database, the demo and the models: a port in use should fail in a moment, not after all that.
        requireFreePort(config.string("server.host"), config.integer("server.port"));
        var app = new App(config, Clock.systemUTC());
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

    /** @throws ErrorHandler.Failure (exit 5) when something already listens on the port, exit 2 when there is no such port */
    static void requireFreePort(String host, int port) {
        if (port < 0 || port > 65_535) {
            throw new ErrorHandler.Failure(ErrorHandler.USAGE, "port " + port + " does not exist; choose one from 1 to 65535 "
                    + "(or 0 for any free port) with --port N or server.port");
        }
        if (port == 0) {
            return;
        }
        try (var socket = new java.net.ServerSocket()) {
            socket.setReuseAddress(true);
            socket.bind(new java.net.InetSocketAddress(host, port));
        } catch (java.io.IOException e) {
            throw new ErrorHandler.Failure(ErrorHandler.NETWORK, "port " + port + " on " + host + " is already in use "
                    + "(another Paperboy?); stop the program using it, or choose another port with --port N");
        }
    }
}
