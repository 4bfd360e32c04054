package dev.paperboy.search;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;

/**
 * Paperboy as its own tests run it — its classes, its test helpers and their whole classpath (Lucene 10, Javalin on
 * Jetty 12, SQLite, the embedded PostgreSQL), as the root build lists it in {@code target/paperboy-test-classpath.txt}
 * — in a class loader of its own, beside Solr's test framework (Lucene 9, Jetty 10) in this JVM. Its parent is the
 * platform loader, so nothing of Solr's classpath leaks in. The scenarios it runs are this module's classes, loaded
 * again by it; they are handed only JDK types and report by throwing, as tests do.
 *
 * <p>One loader per JVM: native libraries (SQLite's, ONNX Runtime's) load into one class loader per process.
 */
final class IsolatedPaperboy {
    private static ClassLoader loader;

    private IsolatedPaperboy() {}

    private static synchronized ClassLoader loader() {
        if (loader == null) {
            Path target = Path.of(System.getProperty("paperboy.target", "../target"));
            Path listed = target.resolve("paperboy-test-classpath.txt");
            try {
                var urls = new ArrayList<URL>();
                urls.add(IsolatedPaperboy.class.getProtectionDomain().getCodeSource().getLocation());
                urls.add(target.resolve("paperboy-core.jar").toUri().toURL());
                urls.add(target.resolve("paperboy-tests.jar").toUri().toURL());
                for (String entry : Files.readString(listed).strip().split(java.io.File.pathSeparator)) {
                    urls.add(Path.of(entry).toUri().toURL());
                }
                loader = new URLClassLoader("paperboy", urls.toArray(URL[]::new), ClassLoader.getPlatformClassLoader());
            } catch (MalformedURLException e) {
                throw new IllegalStateException(e);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + listed + "; build the root project first (./mvnw package)", e);
            }
        }
        return loader;
    }

    /**
     * Runs the public static {@code method} of {@code className}, loaded by Paperboy's loader, with it as the thread's
     * context loader (Jetty and JDBC find their services through it); rethrows what the scenario throws.
     */
    static void run(String className, String method, Object... args) throws Throwable {
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        ClassLoader paperboy = loader();
        thread.setContextClassLoader(paperboy);
        try {
            Class<?> scenario = Class.forName(className, true, paperboy);
            Method found = Arrays.stream(scenario.getMethods()).filter(m -> m.getName().equals(method)).findFirst()
                    .orElseThrow(() -> new NoSuchMethodException(className + "." + method));
            found.invoke(null, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        } finally {
            thread.setContextClassLoader(previous);
        }
    }
}
