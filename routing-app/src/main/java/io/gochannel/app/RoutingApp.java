package io.gochannel.app;

import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.camel.main.Main;

/**
 * The gochannel routing app: camel-main running the YAML routes of {@code routes/} with the
 * configuration of {@code config/application.properties}, both read from the working directory and,
 * where it has none, from the copies packed in this jar. Every property can be overridden from the
 * environment ({@code GOCHANNEL_PROVIDER}, {@code GOCHANNEL_PROVIDERS_<NAME>}, {@code GOCHANNEL_HTTP_PORT},
 * {@code GOCHANNEL_HTTP_HOST}, {@code CAMEL_*}). Logs are text lines, or with {@code GOCHANNEL_LOG_FORMAT=json} one
 * JSON object (ECS) per line that names the route, topic, group, provider and trace of the message it concerns
 * ({@code log4j2.xml}). Serves {@code POST /topics/{topic}} ({@link PublishApi}), the console at {@code /}
 * ({@link ConsoleApi}), {@code /observe/health} and {@code /observe/metrics}.
 *
 * <p>SIGTERM stops it gracefully (camel-main's hang-up hook): the HTTP route stops taking requests
 * and finishes those in flight, consumers hand back what they have not taken, buffered sends are
 * flushed. A configuration that cannot start prints one line naming the problem and exits with 2.
 */
public final class RoutingApp {
    private RoutingApp() {}

    public static void main(String[] args) throws Exception {
        String logProblem = LogFormat.configurationProblem();
        if (logProblem != null) {
            System.err.println("gochannel routing app: cannot start: " + logProblem);
            System.exit(2);
        }
        String logFormat = LogFormat.fromEnvironment();
        Main main = new Main(); // no class-path scanning: the routes are the YAML ones and PublishApi
        // JSON lines carry the MDC: Camel's route and exchange ids, and gochannel's topic, group, provider and trace.
        main.configure().setUseMdcLogging(LogFormat.JSON.equals(logFormat));
        main.setPropertyPlaceholderLocations(configLocation(Path.of("")));
        main.configure().withRoutesIncludePattern(routesPattern(Path.of("")));
        // One set of HTTP checks for publishing and the console: they share the count of created topics.
        BrowserRequests browsers = new BrowserRequests();
        PublishAccess access = new PublishAccess(browsers);
        main.configure().addRoutesBuilder(new PublishApi(access));
        main.configure().addRoutesBuilder(new ConsoleApi(access, browsers));
        main.addMainListener(new HttpPortCheck());
        main.addMainListener(new HttpSecurityCheck(access, browsers));
        main.addMainListener(new StartedBanner());
        int status;
        try {
            status = main.run(args);
        } catch (Exception e) {
            // Camel's own start-up error (a stack trace) is switched off in log4j2.xml: one line instead.
            LogFormat.startFailed("gochannel routing app: cannot start: "
                    + io.gochannel.support.ProviderUri.maskFreeText(FailureMessages.describe(e)));
            if (Boolean.parseBoolean(System.getenv("GOCHANNEL_DEBUG"))) {
                e.printStackTrace();
            } else {
                System.err.println("(set GOCHANNEL_DEBUG=true to see the stack trace)");
            }
            status = 2;
        }
        if (status != 0) {
            System.exit(status);
        }
    }

    /** {@code config/application.properties} of {@code workingDirectory} if there is one, else the jar's. */
    static String configLocation(Path workingDirectory) {
        Path file = workingDirectory.resolve("config/application.properties");
        return Files.isRegularFile(file) ? "file:" + file.toAbsolutePath() : "classpath:config/application.properties";
    }

    /** The YAML routes of {@code routes/} in {@code workingDirectory} if it exists, else the jar's. */
    static String routesPattern(Path workingDirectory) {
        Path dir = workingDirectory.resolve("routes");
        return Files.isDirectory(dir) ? "file:" + dir.toAbsolutePath() + "/*.yaml" : "classpath:routes/*.yaml";
    }
}
