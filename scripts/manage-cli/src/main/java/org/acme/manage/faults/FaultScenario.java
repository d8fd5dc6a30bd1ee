package org.acme.manage.faults;

/** One scenario of {@code scripts/manage faults}: it provokes a fault and checks how the service takes it. */
interface FaultScenario {

    /** The name to select it on the command line. */
    String name();

    /** One line: what it does and what it requires. */
    String summary();

    void run(FaultRun run, Verdict verdict) throws Exception;
}
