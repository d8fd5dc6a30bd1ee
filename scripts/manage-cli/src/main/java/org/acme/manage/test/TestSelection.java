package org.acme.manage.test;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

import org.acme.manage.ManageException;

/**
 * Which tests to run, as Surefire ({@code -Dtest}) and Failsafe ({@code -Dit.test}) patterns. TESTS are class
 * names (optionally {@code Class#method}, wildcards allowed); {@code -k PATTERN} keeps tests whose class or method
 * name contains PATTERN.
 * <p>
 * A pattern given to a plugin replaces its own includes, so the two get separate patterns: classes named
 * {@code *IT} (integration tests) go to Failsafe only, the others ({@code *Test}) to Surefire only.
 */
public record TestSelection(List<String> tests, String keyword) {

    private static final Pattern TEST_NAME = Pattern.compile("[A-Za-z0-9_.*$]+(#[A-Za-z0-9_*]+)?");
    private static final Pattern KEYWORD = Pattern.compile("[A-Za-z0-9_*]+");
    /** Surefire's exclusion syntax: every class excluded, so the plugin runs nothing. */
    private static final String NOTHING = "!*";

    public TestSelection {
        tests = List.copyOf(tests);
        for (String test : tests) {
            if (!TEST_NAME.matcher(test).matches()) {
                throw new ManageException("'" + test + "' is not a test class name (e.g. UserResourceTest, "
                        + "UserResourceTest#createsUser, 'User*Test')", ManageException.USAGE);
            }
        }
        if (keyword != null && !KEYWORD.matcher(keyword).matches()) {
            throw new ManageException("-k '" + keyword + "': use letters, digits, _ and *", ManageException.USAGE);
        }
    }

    public boolean selectsAll() {
        return tests.isEmpty() && keyword == null;
    }

    /** The -Dtest pattern for Surefire (unit tests). */
    public String unitTestPattern() {
        return pattern(false, "Test");
    }

    /** The -Dit.test pattern for Failsafe (integration tests). */
    public String integrationTestPattern() {
        return pattern(true, "IT");
    }

    private String pattern(boolean integration, String classSuffix) {
        List<String> patterns = new ArrayList<>();
        if (tests.isEmpty()) {
            patterns.add("*" + keyword + "*" + classSuffix);
            patterns.add("*" + classSuffix + "#*" + keyword + "*");
        } else {
            for (String test : tests) {
                if (isIntegrationTest(test) == integration) {
                    patterns.add(keyword == null || test.contains("#") ? test : test + "#*" + keyword + "*");
                }
            }
        }
        return patterns.isEmpty() ? NOTHING : String.join(",", patterns);
    }

    private static boolean isIntegrationTest(String test) {
        String className = test.contains("#") ? test.substring(0, test.indexOf('#')) : test;
        return className.endsWith("IT") || className.endsWith("ITCase");
    }

    /** The Maven arguments that select these tests; none when all tests run. */
    public List<String> mavenArguments() {
        if (selectsAll()) {
            return List.of();
        }
        return List.of("-Dtest=" + unitTestPattern(), "-Dit.test=" + integrationTestPattern(),
                "-Dsurefire.failIfNoSpecifiedTests=false", "-Dfailsafe.failIfNoSpecifiedTests=false");
    }
}
