package org.acme.manage.faults;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Assertions;

/** What one scenario measured (its figures) and what it required (its checks), printed as they come. */
final class Verdict {

    private final String scenario;
    private final PrintWriter out;
    private final Map<String, Object> figures = new LinkedHashMap<>();
    private final List<String> failures = new ArrayList<>();
    private int checks;

    Verdict(String scenario, PrintWriter out) {
        this.scenario = scenario;
        this.out = out;
    }

    void figure(String name, Object value) {
        figures.put(name, value);
        out.println("  " + name + ": " + value);
    }

    /** A requirement of the scenario; the scenario fails when any check fails. */
    void check(boolean holds, String requirement) {
        checks++;
        out.println("  " + (holds ? "[ok]   " : "[FAIL] ") + requirement);
        if (!holds) {
            failures.add(requirement);
        }
    }

    /** The scenario could not run to the end: a failure in itself. */
    void broken(Throwable e) {
        failures.add("the scenario stopped: " + e.getMessage());
        out.println("  [FAIL] the scenario stopped: " + e.getMessage());
    }

    /** Fails the scenario through JUnit, naming every check that failed (each was printed as it was made). */
    void assertPassed() {
        if (!passed()) {
            Assertions.fail(checks == 0 ? "nothing was checked" : failures.size() + " of " + checks
                    + " checks failed: " + String.join("; ", failures));
        }
    }

    boolean passed() {
        return failures.isEmpty() && checks > 0;
    }

    String scenario() {
        return scenario;
    }

    Map<String, Object> figures() {
        return figures;
    }

    List<String> failures() {
        return failures;
    }
}
