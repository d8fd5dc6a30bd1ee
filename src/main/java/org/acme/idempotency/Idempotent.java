package org.acme.idempotency;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import jakarta.interceptor.InterceptorBinding;

/**
 * Makes a create safe to retry with an {@code Idempotency-Key} header ({@link IdempotencyKeys}): put it on a
 * {@code @Transactional} resource method whose request body is its one parameter without a JAX-RS annotation. The
 * OpenAPI document gets the header and the 422 from {@code org.acme.openapi.IdempotentOperationsFilter}.
 */
@InterceptorBinding
@Retention(RetentionPolicy.RUNTIME)
@Target({ ElementType.TYPE, ElementType.METHOD })
public @interface Idempotent {
}
