package org.acme.problem;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import jakarta.ws.rs.NotSupportedException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.exc.StreamReadException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;

import io.quarkiverse.resteasy.problem.HttpProblem;

/**
 * Request bodies that are not the JSON we expect. Jackson's own messages quote Java types and the raw input,
 * so the answer is written here instead: where the problem is, and what was expected.
 */
public class JsonBodyProblems {

    /** PostgreSQL cannot store U+0000 in text, so org.acme.http.StrictJsonCustomizer refuses it in any string. */
    static final String NUL_IN_TEXT = "must not hold the NUL character (U+0000)";

    @ServerExceptionMapper(priority = Problems.OVER_DEFAULT_MAPPERS)
    public Response malformedJson(StreamReadException e, UriInfo uri) {
        return Problems.answer(badRequest("The request body is not well-formed JSON" + position(e.getLocation())), uri);
    }

    /** Quarkus REST hands body-reading failures over wrapped in a bare 400; other client errors pass through here too. */
    @ServerExceptionMapper(priority = Problems.OVER_DEFAULT_MAPPERS)
    public Response unreadableBody(WebApplicationException e, UriInfo uri) {
        if (e.getCause() instanceof StreamReadException malformed) {
            return malformedJson(malformed, uri);
        }
        if (e.getCause() instanceof MismatchedInputException mismatched) {
            return wrongShape(mismatched, uri);
        }
        if (e.getCause() instanceof IOException) {
            return Problems.answer(badRequest("The request body could not be read as UTF-8 encoded JSON"), uri);
        }
        Response.StatusType status = e.getResponse().getStatusInfo();
        String detail = e instanceof NotSupportedException
                ? "The request body must be sent as " + MediaType.APPLICATION_JSON
                : e.getMessage();
        return Problems.answer(HttpProblem.builder()
                .withStatus(status)
                .withTitle(status.getReasonPhrase())
                .withDetail(detail)
                .build(), uri);
    }

    @ServerExceptionMapper(priority = Problems.OVER_DEFAULT_MAPPERS, value = { MismatchedInputException.class,
            InvalidFormatException.class, UnrecognizedPropertyException.class })
    public Response wrongShape(MismatchedInputException e, UriInfo uri) {
        String field = e.getPath().stream()
                .map(reference -> reference.getFieldName() != null
                        ? reference.getFieldName()
                        : "[" + reference.getIndex() + "]")
                .collect(Collectors.joining("."));
        if (field.isEmpty()) {
            return Problems.answer(missingBody(), uri);
        }
        String message = expected(e);
        return Problems.answer(HttpProblem.builder()
                .withStatus(Response.Status.BAD_REQUEST)
                .withTitle(Response.Status.BAD_REQUEST.getReasonPhrase())
                .withDetail("The field " + field + (NUL_IN_TEXT.equals(message)
                        ? " holds the NUL character, which no text may hold"
                        : " has the wrong type"))
                .with("violations", List.of(Map.of("field", field, "in", "body", "message", message)))
                .build(), uri);
    }

    /**
     * {@code body}, the request body of a resource method, or the 400 for a body that is not there (empty, or the
     * JSON literal null), which Quarkus REST hands the method as null.
     */
    public static <T> T requireBody(T body) {
        if (body == null) {
            throw missingBody();
        }
        return body;
    }

    /** A JSON body that must be there and is not: empty, or the JSON literal null. */
    static HttpProblem missingBody() {
        return badRequest("The request body must be a JSON object");
    }

    private static String expected(MismatchedInputException e) {
        if (e instanceof InvalidFormatException invalid && invalid.getValue() instanceof String text
                && text.indexOf('\0') >= 0) {
            return NUL_IN_TEXT;
        }
        Class<?> target = e.getTargetType();
        if (target == null) {
            return "has the wrong type";
        }
        if (CharSequence.class.isAssignableFrom(target)) {
            return "must be a string";
        }
        if (Number.class.isAssignableFrom(target) || target.isPrimitive()) {
            return "must be a number";
        }
        return "must be a JSON object";
    }

    private static HttpProblem badRequest(String detail) {
        return Problems.problem(Response.Status.BAD_REQUEST, detail);
    }

    private static String position(JsonLocation location) {
        if (location == null || location.getLineNr() < 1) {
            return "";
        }
        return " (line " + location.getLineNr() + ", column " + location.getColumnNr() + ")";
    }
}
