package org.acme.idempotency;

import java.time.Duration;

import org.hibernate.validator.constraints.time.DurationMin;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithName;

/**
 * {@code IDEMPOTENCY_KEY_TTL} (application.properties; environment variable or environment file): how long a key
 * and its answer are kept, 24h unless set. Quarkus refuses to start on a value that is not a duration or under 1 s.
 */
@ConfigMapping(prefix = "idempotency")
public interface IdempotencySettings {

    @WithName("key-ttl")
    @DurationMin(seconds = 1)
    Duration keyTtl();
}
