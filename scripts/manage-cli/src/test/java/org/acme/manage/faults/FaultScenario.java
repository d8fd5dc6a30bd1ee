package org.acme.manage.faults;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A scenario of {@code scripts/manage faults}: it provokes a fault and checks how the packaged service takes it.
 * Tagged out of the CLI's own test run; {@code -Pfaults} runs only these.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Tag("faults")
@ExtendWith(FaultSuite.class)
@interface FaultScenario {
}
