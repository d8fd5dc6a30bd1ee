package org.acme.openapi;

import java.util.List;

import org.acme.paging.PageRequest;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * Names of the shared parts of the OpenAPI document, declared once in this package's package-info.java: a named
 * response per problem status, and the headers. An operation refers to them by name, e.g.
 * {@code @APIResponse(responseCode = "404", ref = ApiContract.NOT_FOUND)}; {@link ApiContractFilter} adds the
 * answers that every operation can get (503) or that every operation with a body can get (413, 415).
 */
public final class ApiContract {

    public static final String PROBLEM_JSON = "application/problem+json";

    public static final String BAD_REQUEST = "BadRequest";
    public static final String NOT_FOUND = "NotFound";
    public static final String CONFLICT = "Conflict";
    public static final String UNPROCESSABLE_CONTENT = "UnprocessableContent";
    public static final String PAYLOAD_TOO_LARGE = "PayloadTooLarge";
    public static final String UNSUPPORTED_MEDIA_TYPE = "UnsupportedMediaType";
    public static final String SERVICE_UNAVAILABLE = "ServiceUnavailable";

    public static final String LINK = "Link";
    public static final String TOTAL_COUNT = PageRequest.TOTAL_COUNT_HEADER;
    public static final String LOCATION = "Location";
    public static final String RETRY_AFTER = "Retry-After";

    /**
     * The extension on a request field that holds the id of another resource, its value the collection's path:
     * {@code @Schema(extensions = @Extension(name = ApiContract.REFERENCES, value = "/customers")) Long customerId}
     * (org.acme.reference). Tests that make bodies from the document create the referenced resource first.
     */
    public static final String REFERENCES = "x-references";

    private ApiContract() {
    }

    /** What every error answer holds: RFC 9457 problem details, with violations on a 400 that names fields. */
    @Schema(name = "Problem", description = "RFC 9457 problem details")
    public record Problem(
            @Schema(description = "Identifies the problem type; about:blank (the default) when the status says it "
                    + "all", format = "uri-reference", defaultValue = "about:blank") String type,
            @Schema(description = "The status's reason phrase, or the problem type's title",
                    required = true) String title,
            @Schema(description = "The HTTP status", required = true, minimum = "400", maximum = "599") int status,
            @Schema(description = "What went wrong with this request, for a person", required = true) String detail,
            @Schema(description = "The request's path", format = "uri-reference") String instance,
            @Schema(description = "Each field or parameter that is wrong") List<Violation> violations) {
    }

    @Schema(name = "Violation", description = "One field or parameter that is wrong, and why")
    public record Violation(
            @Schema(description = "The field or parameter, e.g. email or size", required = true) String field,
            @Schema(description = "Where it is", enumeration = { "body", "query", "path", "header" },
                    required = true) String in,
            @Schema(description = "What is wrong with it", required = true) String message) {
    }
}
