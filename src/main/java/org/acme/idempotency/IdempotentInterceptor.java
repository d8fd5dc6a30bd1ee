package org.acme.idempotency;

import java.lang.annotation.Annotation;
import java.lang.reflect.Parameter;
import java.security.Principal;
import java.util.Arrays;
import java.util.Optional;
import java.util.regex.Pattern;

import jakarta.annotation.Priority;
import jakarta.inject.Inject;
import jakarta.interceptor.AroundInvoke;
import jakarta.interceptor.Interceptor;
import jakarta.interceptor.InvocationContext;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;

/** See {@link Idempotent}. */
@Idempotent
@Interceptor
// Inside @Transactional (PLATFORM_BEFORE + 200), so that the claim and the stored answer are in the method's
// transaction and a retried transaction (RetryConflicts) claims again; after the parameters' validation
// (PLATFORM_AFTER + 800), so that an invalid body is a 400 whatever its key.
@Priority(Interceptor.Priority.PLATFORM_AFTER + 900)
public class IdempotentInterceptor {

    private static final Pattern KEY = Pattern.compile(IdempotencyKeys.FORMAT);

    @Inject
    IdempotencyKeys idempotencyKeys;

    @Inject
    ContainerRequestContext request;

    @AroundInvoke
    Object replayOrRecord(InvocationContext invocation) throws Exception {
        String key = request.getHeaderString(IdempotencyKeys.HEADER);
        if (key == null) {
            return invocation.proceed();
        }
        if (!KEY.matcher(key).matches()) {
            throw IdempotencyKeys.badKey();
        }
        Object body = requestBody(invocation);
        if (body == null) {
            // the method answers for a missing body; there is nothing to fingerprint
            return invocation.proceed();
        }
        Principal principal = request.getSecurityContext().getUserPrincipal();
        ClientKey clientKey = new ClientKey(principal == null ? ClientKey.NO_CLIENT : principal.getName(), key);
        Optional<Response> earlier = idempotencyKeys.claim(clientKey, request.getMethod(),
                request.getUriInfo().getPath(), body);
        if (earlier.isPresent()) {
            return earlier.get();
        }
        Object answer = invocation.proceed();
        if (answer instanceof Response response) {
            return idempotencyKeys.record(clientKey, response.getStatus(),
                    response.getHeaderString(HttpHeaders.LOCATION), response.getEntity());
        }
        return idempotencyKeys.record(clientKey, Response.Status.OK.getStatusCode(), null, answer);
    }

    /** The argument bound to the request's body: the one parameter with no JAX-RS annotation. */
    private static Object requestBody(InvocationContext invocation) {
        Parameter[] parameters = invocation.getMethod().getParameters();
        for (int i = 0; i < parameters.length; i++) {
            if (Arrays.stream(parameters[i].getAnnotations()).noneMatch(IdempotentInterceptor::isJaxRs)) {
                return invocation.getParameters()[i];
            }
        }
        throw new IllegalStateException("@Idempotent " + invocation.getMethod() + " has no request body parameter");
    }

    private static boolean isJaxRs(Annotation annotation) {
        String type = annotation.annotationType().getName();
        return type.startsWith("jakarta.ws.rs.") || type.startsWith("org.jboss.resteasy.reactive.");
    }
}
