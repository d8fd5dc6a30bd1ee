package org.acme.manage.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.acme.manage.Context;
import org.acme.manage.process.Processes;

import com.sun.security.auth.module.UnixSystem;

/** wrk and pgbench, from Debian's packages: installed with apt-get when missing and run as root, else explained. */
final class BenchTools {

    /** Program and the Debian package that has it (pgbench comes with postgresql-client). */
    static final Map<String, String> PACKAGES = new LinkedHashMap<>(Map.of("wrk", "wrk"));

    static {
        PACKAGES.put("pgbench", "postgresql-client");
    }

    private BenchTools() {
    }

    /** The path of each tool; fails the bench when one is missing and cannot be installed. */
    static Map<String, Path> ensure(Context context) {
        List<String> missing = missing(context.processEnvironment());
        List<String> packages = missing.stream().map(PACKAGES::get).distinct().toList();
        if (!missing.isEmpty() && new UnixSystem().getUid() == 0) {
            context.out().println("Installing " + String.join(" ", packages) + " with apt-get (missing: "
                    + String.join(", ", missing) + ")");
            Map<String, String> env = new HashMap<>(context.processEnvironment());
            env.put("DEBIAN_FRONTEND", "noninteractive");
            context.processes().runShown(List.of("apt-get", "update", "-qq"), env, context.projectDir(),
                    Duration.ofMinutes(5));
            List<String> install = new ArrayList<>(List.of("apt-get", "install", "-y", "-qq"));
            install.addAll(packages);
            context.processes().runShown(install, env, context.projectDir(), Duration.ofMinutes(10));
            missing = missing(context.processEnvironment());
        }
        assertThat(missing).as("the bench needs %s (for %s), which are missing. Install them with:%n"
                + "  sudo apt-get install %s%n(or run scripts/manage bench once as root, which installs them)",
                String.join(" and ", packages), String.join(", ", missing), String.join(" ", packages)).isEmpty();
        Map<String, Path> found = new LinkedHashMap<>();
        PACKAGES.keySet().forEach(program -> found.put(program,
                Processes.onPath(program, context.processEnvironment()).orElseThrow()));
        return found;
    }

    private static List<String> missing(Map<String, String> environment) {
        return PACKAGES.keySet().stream().filter(program -> Processes.onPath(program, environment).isEmpty())
                .toList();
    }
}
