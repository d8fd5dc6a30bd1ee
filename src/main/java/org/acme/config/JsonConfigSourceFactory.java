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
 * {@code test} reads {@code config/testing.json}, {@code prod} reads {@code config/production.json}, and any
 * other profile NAME reads {@code config/NAME.json} when that file exists.
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

    /**
     * The passwords the service logs in with (its requests' role, and the owner's for the migrations): in production
     * they come from the environment only.
     */
    public static final List<String> PASSWORDS = List.of("APPLICATION_USER_PASSWORD", "APPLICATION_OWNER_PASSWORD");

    private static final String DEV_PROFILE = "dev";
    private static final Map<String, String> FILE_FOR_PROFILE = Map.of(
            DEV_PROFILE, "development",
            "test", "testing",
            "prod", "production");

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
        if ("prod".equals(profile)) {
            checkProductionSecrets(context, config);
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

    private static void checkProductionSecrets(ConfigSourceContext context, JsonConfigFile config) {
        for (String name : config.values().keySet()) {
            if (SECRET_NAME.matcher(name.toUpperCase(Locale.ROOT)).matches()) {
                throw new ConfigFileException(config.path() + ": entry " + name
                        + " holds a secret; production secrets come from the environment only, remove it from the file");
            }
        }
        for (String name : PASSWORDS) {
            ConfigValue password = context.getValue(name);
            if (password == null || password.getValue() == null || password.getValue().isEmpty()) {
                throw new ConfigFileException(name + " is not set: in production the database passwords come from "
                        + "the environment only (" + config.path() + " must not hold them); set the environment "
                        + "variable " + name);
            }
        }
    }
}
