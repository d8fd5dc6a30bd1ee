package org.acme.scenario;

import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Loads the scenario {@code scenarios/NAME.sql} (from the test classpath, i.e. src/test/resources/scenarios) before
 * each test of the annotated class, or before the annotated test method: every application table is emptied and the
 * file loaded in one transaction, so each test sees exactly that data, whatever ran before it. A method's annotation
 * wins over its class's; subclasses (a {@code FooIT extends FooTest}) inherit it.
 *
 * <pre>
 * &#64;QuarkusTest
 * &#64;Scenario("two-users")
 * class UserListScenarioTest { ... }
 * </pre>
 */
@Inherited
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD})
@ExtendWith(ScenarioExtension.class)
public @interface Scenario {

    /** The scenario's name: {@code scenarios/<name>.sql} on the classpath. */
    String value();
}
