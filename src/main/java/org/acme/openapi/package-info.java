/**
 * The OpenAPI document (/q/openapi), the API's contract: its info, and the parts that the operations share,
 * declared once (SmallRye reads an {@code @OpenAPIDefinition} from a package-info or the JAX-RS Application only).
 */
@OpenAPIDefinition(
        info = @Info(title = "Users API", version = "1.0.0", description = """
                A JSON API over resources, each with an id (users: a unique email). Errors are RFC 9457 problem \
                documents (application/problem+json) with a detail. Lists are ordered by id and paged by keyset \
                (after=<last id>&size=N) or by offset (page=N&size=N, at most 10,000 rows deep); each list answer \
                carries an RFC 8288 Link header with rel="first" and, unless it is the last page, rel="next"."""),
        components = @Components(
                responses = {
                        @APIResponse(name = ApiContract.BAD_REQUEST, responseCode = "400", description = """
                                The request is not valid: a parameter out of range, a body that is not the JSON \
                                expected, a field that breaks a rule; violations names each field or parameter.""",
                                content = @Content(mediaType = ApiContract.PROBLEM_JSON,
                                        schema = @Schema(implementation = ApiContract.Problem.class))),
                        @APIResponse(name = ApiContract.NOT_FOUND, responseCode = "404",
                                description = "No resource with that id (or an id that is not a number).",
                                content = @Content(mediaType = ApiContract.PROBLEM_JSON,
                                        schema = @Schema(implementation = ApiContract.Problem.class))),
                        @APIResponse(name = ApiContract.CONFLICT, responseCode = "409", description = """
                                A field that must be unique has a value that another resource already holds; \
                                the detail names the field.""",
                                content = @Content(mediaType = ApiContract.PROBLEM_JSON,
                                        schema = @Schema(implementation = ApiContract.Problem.class))),
                        @APIResponse(name = ApiContract.UNPROCESSABLE_CONTENT, responseCode = "422",
                                description = "The Idempotency-Key was already used with a different request body.",
                                content = @Content(mediaType = ApiContract.PROBLEM_JSON,
                                        schema = @Schema(implementation = ApiContract.Problem.class))),
                        @APIResponse(name = ApiContract.PAYLOAD_TOO_LARGE, responseCode = "413",
                                // ApiContractFilter writes the configured limit in
                                description = "The request body is over quarkus.http.limits.max-body-size.",
                                content = @Content(mediaType = ApiContract.PROBLEM_JSON,
                                        schema = @Schema(implementation = ApiContract.Problem.class))),
                        @APIResponse(name = ApiContract.UNSUPPORTED_MEDIA_TYPE, responseCode = "415",
                                description = "The request body is not sent as application/json.",
                                content = @Content(mediaType = ApiContract.PROBLEM_JSON,
                                        schema = @Schema(implementation = ApiContract.Problem.class))),
                        @APIResponse(name = ApiContract.SERVICE_UNAVAILABLE, responseCode = "503", description = """
                                The database is unreachable or too busy, or the service is stopping: retry after \
                                Retry-After seconds (the detail says whether a change may have been saved).""",
                                headers = @Header(name = "Retry-After", ref = ApiContract.RETRY_AFTER),
                                content = @Content(mediaType = ApiContract.PROBLEM_JSON,
                                        schema = @Schema(implementation = ApiContract.Problem.class))) },
                headers = {
                        @Header(name = ApiContract.LINK, description = """
                                RFC 8288 links, as relative references: rel="first", and rel="next" unless this \
                                is the last page, e.g. </users?after=42&size=20>; rel="next".""",
                                schema = @Schema(type = SchemaType.STRING)),
                        @Header(name = ApiContract.TOTAL_COUNT, description = """
                                The number of resources in the whole list, on page/size answers only (keyset \
                                answers have no count).""",
                                schema = @Schema(type = SchemaType.INTEGER, format = "int64", minimum = "0")),
                        @Header(name = ApiContract.LOCATION, description = "The new resource's URI.",
                                schema = @Schema(type = SchemaType.STRING, format = "uri-reference")),
                        @Header(name = ApiContract.RETRY_AFTER, description = "Seconds to wait before a retry.",
                                schema = @Schema(type = SchemaType.INTEGER, minimum = "0")) }))
package org.acme.openapi;

import org.eclipse.microprofile.openapi.annotations.Components;
import org.eclipse.microprofile.openapi.annotations.OpenAPIDefinition;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.eclipse.microprofile.openapi.annotations.info.Info;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

