package org.acme.manage.test;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

import org.acme.manage.ManageException;

/**
 * Which tests to run, as Surefire and Failsafe patterns: TESTS are class names (optionally {@code Class#method},
 * wildcards allowed) and {@code -k PATTERN} keeps tests whose class or method name contains PATTERN.
 */
public record TestSelection(List<String> tests, String keyword) {

    private static final Pattern TEST_NAME = Pattern.compile("[A-Za-z0-9_.*$]+(#[A-Za-z0-9_*]+)?");
    private static final Pattern KEYWORD = Pattern.compile("[A-Za-z0-9_*]+");

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

    /** The comma-separated pattern for -Dtest and -Dit.test. */
    public String pattern() {
        List<String> patterns = new ArrayList<>();
        if (tests.isEmpty()) {
            patterns.add("*" + keyword + "*");
            patterns.add("*#*" + keyword + "*");
        } else {
            for (String test : tests) {
                patterns.add(keyword == null || test.contains("#") ? test : test + "#*" + keyword + "*");
            }
        }
        return String.join(",", patterns);
    }

    /** The Maven arguments that select these tests; none when all tests run. */
    public List<String> mavenArguments() {
        if (selectsAll()) {
            return List.of();
        }
        return List.of("-Dtest=" + pattern(), "-Dit.test=" + pattern(),
                "-Dsurefire.failIfNoSpecifiedTests=false", "-Dfailsafe.failIfNoSpecifiedTests=false");
    }
}
