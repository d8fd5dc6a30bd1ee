package org.acme.manage.db;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import org.acme.manage.Context;
import org.acme.manage.ManageException;
import org.acme.manage.environment.Environment;

/**
 * The embedded database for machines without a container engine: a {@link PostgresCluster} with its data in
 * {@code .data/<environment>/postgres} inside the project, whose superuser is the environment's POSTGRES_USER.
 */
public final class LocalPostgresServer implements DevDatabase {

    private final Context context;
    private final Environment environment;
    private final DatabaseTarget target;
    private final Path dataDir;
    private final Path logFile;
    private final PostgresCluster cluster;

    public LocalPostgresServer(Context context, Environment environment) {
        this.context = context;
        this.environment = environment;
        this.target = DatabaseTarget.of(environment);
        Path base = environment.projectDir().resolve(".data").resolve(environment.name());
        this.dataDir = base.resolve("postgres");
        this.logFile = base.resolve("postgres.log");
        this.cluster = new PostgresCluster(context.processEnvironment(), context.out(), context.processes(), dataDir,
                logFile);
    }

    @Override
    public boolean isContainer() {
        return false;
    }

    @Override
    public String describe() {
        return "embedded PostgreSQL " + PostgresBinaries.version() + " on " + PostgresCluster.HOST + ":"
                + target.port() + ", data in " + context.projectDir().relativize(dataDir);
    }

    @Override
    public void up() {
        Optional<PostgresCluster.Running> running = cluster.running();
        if (running.isPresent()) {
            context.out().println("The " + environment.name() + " database is already running: "
                    + describe(running.get()));
            warnOnOtherPort(running.get());
            return;
        }
        refuseRoot("start");
        if (!cluster.exists()) {
            context.out().println("Creating the " + environment.name() + " database cluster in "
                    + context.projectDir().relativize(dataDir) + " (superuser " + target.user() + " from "
                    + environment.origin("POSTGRES_USER") + ")");
            cluster.create(target.user(), target.password(), List.of());
        }
        checkPortFree();
        context.out().println("Starting the " + environment.name() + " database: " + describe());
        cluster.start(target.port());
        context.out().println("The " + environment.name() + " database is up: " + describe() + ", log in "
                + context.projectDir().relativize(logFile) + ". It keeps running until: scripts/manage db down");
    }

    @Override
    public void down() {
        if (cluster.running().isEmpty()) {
            context.out().println("The " + environment.name() + " database is not running (" + describe() + ")");
            return;
        }
        refuseRoot("stop");
        cluster.stop("fast");
        context.out().println("The " + environment.name() + " database is stopped; its data stays in "
                + context.projectDir().relativize(dataDir));
    }

    @Override
    public int status() {
        Optional<PostgresCluster.Running> running = cluster.running();
        if (running.isEmpty()) {
            context.out().println(environment.name() + " database: embedded, not running"
                    + (cluster.exists() ? " (data kept in "
                            + context.projectDir().relativize(dataDir) + ")" : " (not created yet)")
                    + ". Start it with: scripts/manage db up");
            return 3;
        }
        context.out().println(environment.name() + " database: " + describe(running.get()));
        warnOnOtherPort(running.get());
        return DatabaseProbe.report(context, target);
    }

    private String describe(PostgresCluster.Running server) {
        return "embedded PostgreSQL " + PostgresBinaries.version() + " on " + PostgresCluster.HOST + ":"
                + server.port() + ", data in " + context.projectDir().relativize(dataDir) + ", pid " + server.pid();
    }

    private void warnOnOtherPort(PostgresCluster.Running server) {
        if (server.port() != target.port()) {
            context.out().println("  note: it listens on port " + server.port() + " but POSTGRES_PORT is "
                    + target.port() + " (" + environment.origin("POSTGRES_PORT") + "); restart it on the configured "
                    + "port with: scripts/manage db down && scripts/manage db up");
        }
    }

    private void checkPortFree() {
        try (ServerSocket socket = new ServerSocket(target.port(), 1, InetAddress.getByName(PostgresCluster.HOST))) {
            socket.setReuseAddress(true);
        } catch (IOException e) {
            throw new ManageException("port " + target.port() + " on " + PostgresCluster.HOST + " is taken by "
                    + "another program, so the " + environment.name() + " database cannot start there. Stop that "
                    + "program, or choose another port with POSTGRES_PORT (" + environment.origin("POSTGRES_PORT")
                    + ")");
        }
    }

    private void refuseRoot(String verb) {
        PostgresBinaries.refuseRoot(verb + " the embedded " + environment.name() + " database", "\nor start a "
                + "container engine (docker), so that the database runs from docker/" + environment.name() + ".yml");
    }
}
