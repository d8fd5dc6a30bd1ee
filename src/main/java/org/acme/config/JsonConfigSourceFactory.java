package org.acme.config;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalInt;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.regex.Pattern;

import org.eclipse.microprofile.config.spi.ConfigSource;
import org.jboss.logging.Logger;

import io.quarkus.runtime.ExecutionMode;
import io.smallrye.config.ConfigSourceContext;
import io.smallrye.config.ConfigSourceFactory;
import io.smallrye.config.ConfigValue;
import io.smallrye.config.PropertiesConfigSource;

/**
 * Maps the active Quarkus profile onto its environment file: {@code dev} reads {@code config/development.json},
 * {@code test} reads {@code config/testing.json}, {@code prod} and {@code migrate} (production's migration step,
 * application.properties) read {@code config/production.json}, and any other profile NAME reads
 * {@code config/NAME.json} when that file exists.
 * <p>
 * Its ordinal puts the file below environment variables and system properties and above
 * {@code application.properties}, which builds the datasource settings from these names. The settings that end up
 * in the JDBC URL or the connection's options, the pool size and the idempotency keys' lifetime are checked here,
 * whichever source sets them ({@link CheckedSettings}).
 */
public class JsonConfigSourceFactory implements ConfigSourceFactory {

    /** Between environment variables (300) and application.properties (250). */
    public static final int ORDINAL = 275;

    /** Where the files are; {@code APPLICATION_CONFIG_DIR} in the environment. */
    public static final String CONFIG_DIR_PROPERTY = "application.config.dir";
    public static final String DEFAULT_CONFIG_DIR = "config";

    /** The password of the service's requests' role: the one the serving process needs, from the environment. */
    static final String SERVICE_PASSWORD = "APPLICATION_USER_PASSWORD";
    /** The owner's password: the migration step's alone (profile {@code migrate}), from the environment. */
    static final String OWNER_PASSWORD = "APPLICATION_OWNER_PASSWORD";

    /** Production's migration step: the same jar, which migrates as the owner and exits (application.properties). */
    static final String MIGRATE_PROFILE = "migrate";

    private static final String DEV_PROFILE = "dev";
    private static final Map<String, String> FILE_FOR_PROFILE = Map.of(
            DEV_PROFILE, "development",
            "test", "testing",
            "prod", "production",
            MIGRATE_PROFILE, "production");

    private static final Pattern SECRET_NAME = Pattern.compile(".*(PASSWORD|SECRET|TOKEN|CREDENTIAL).*");

    private static final Logger LOG = Logger.getLogger(JsonConfigSourceFactory.class);

    private final BooleanSupplier buildTime;
    private final Consumer<String> stopDevMode;

    public JsonConfigSourceFactory() {
        this(() -> ExecutionMode.current() == ExecutionMode.UNSET, message -> {
            System.err.println(message);
            System.err.flush();
            // Not System.exit: Quarkus's shutdown hook would wait for this start to end, which it never does. Nothing
            // has been started yet that needs stopping.
            Runtime.getRuntime().halt(1);
        });
    }

    /** {@code stopDevMode} is given the message when dev mode has no database. */
    JsonConfigSourceFactory(BooleanSupplier buildTime, Consumer<String> stopDevMode) {
        this.buildTime = buildTime;
        this.stopDevMode = stopDevMode;
    }

    @Override
    public Iterable<ConfigSource> getConfigSources(ConfigSourceContext context) {
        String profile = context.getProfiles().isEmpty() ? "prod" : context.getProfiles().get(0);
        Path file = configFile(configDir(context), profile);
        if (buildTime.getAsBoolean()) {
            // Whatever a source returns while Quarkus builds the application is recorded into the artifact as
            // runtime defaults: the environment files are only ever read when the application runs, except by
            // dev mode's Compose Dev Services, whose build-time settings no artifact records.
            return DEV_PROFILE.equals(profile) && Files.exists(file)
                    ? List.of(new PropertiesConfigSource(DevelopmentDatabase.composeVariables(JsonConfigFile.read(file),
                            context), "ComposeVariables[" + file + "]", ORDINAL))
                    : List.of();
        }
        if (!Files.exists(file)) {
            if (FILE_FOR_PROFILE.containsKey(profile)) {
                LOG.warnf("No configuration file %s for profile %s: using the environment only", file, profile);
            }
            CheckedSettings.check(context, null, ORDINAL);
            return List.of();
        }
        JsonConfigFile config = JsonConfigFile.read(file);
        if ("prod".equals(profile) || MIGRATE_PROFILE.equals(profile)) {
            checkProductionSecrets(context, config, MIGRATE_PROFILE.equals(profile));
        }
        CheckedSettings.check(context, config, ORDINAL);
        if (DEV_PROFILE.equals(profile)) {
            CheckedSettings.Setting host = CheckedSettings.winning(context, config, ORDINAL, "POSTGRES_HOSTNAME");
            CheckedSettings.Setting port = CheckedSettings.winning(context, config, ORDINAL, "POSTGRES_PORT");
            if (host != null && port != null) {
                DevelopmentDatabase.unreachable(host.value(), Integer.parseInt(port.value()), file)
                        .ifPresent(stopDevMode);
            }
        }
        return List.of(new PropertiesConfigSource(config.values(), "JsonConfigSource[" + file + "]", ORDINAL));
    }

    @Override
    public OptionalInt getPriority() {
        return OptionalInt.of(ORDINAL);
    }

    /** The file that {@code profile} reads in {@code dir}. */
    public static Path configFile(Path dir, String profile) {
        return dir.resolve(FILE_FOR_PROFILE.getOrDefault(profile, profile) + ".json");
    }

    private static Path configDir(ConfigSourceContext context) {
        ConfigValue dir = context.getValue(CONFIG_DIR_PROPERTY);
        return Path.of(dir == null || dir.getValue() == null || dir.getValue().isBlank()
                ? DEFAULT_CONFIG_DIR
                : dir.getValue());
    }

    /**
     * In production no secret is in the file, and the one password that the process logs in with comes from the
     * environment: the service's for the serving process, the owner's for the migration step. The serving process
     * never needs the owner's: where its environment holds it anyway, it says so once.
     */
    private static void checkProductionSecrets(ConfigSourceContext context, JsonConfigFile config, boolean migrating) {
        for (String name : config.values().keySet()) {
            if (SECRET_NAME.matcher(name.toUpperCase(Locale.ROOT)).matches()) {
                throw new ConfigFileException(config.path() + ": entry " + name
                        + " holds a secret; production secrets come from the environment only, remove it from the file");
            }
        }
        String needed = migrating ? OWNER_PASSWORD : SERVICE_PASSWORD;
        if (!isSet(context, needed)) {
            throw new ConfigFileException(needed + " is not set: in production the database passwords come from "
                    + "the environment only (" + config.path() + " must not hold them); set the environment "
                    + "variable " + needed + (migrating ? " for the migration step (profile migrate)" : ""));
        }
        if (!migrating && isSet(context, OWNER_PASSWORD)) {
            LOG.warnf("%s is set, and the service does not use it: only the migration step (profile %s) needs the "
                    + "owner's password; remove it from the service's environment (docs/production.md, "
                    + "\"Migrations\")", OWNER_PASSWORD, MIGRATE_PROFILE);
        }
    }

    private static boolean isSet(ConfigSourceContext context, String name) {
        ConfigValue value = context.getValue(name);
        return value != null && value.getValue() != null && !value.getValue().isEmpty();
    }
}
