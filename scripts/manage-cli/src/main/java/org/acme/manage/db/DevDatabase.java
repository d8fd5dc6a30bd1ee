package org.acme.manage.db;

/** The persistent database of an environment, in a container or as a local embedded server. */
public interface DevDatabase {

    /** Starts it unless it runs already; says which. */
    void up();

    /** Stops it, keeping its data. */
    void down();

    /** Prints what runs where and whether it accepts connections; returns the exit code for {@code db status}. */
    int status();

    /** One line saying where it is, for other commands' messages. */
    String describe();

    boolean isContainer();
}
