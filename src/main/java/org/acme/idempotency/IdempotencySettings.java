package org.acme.idempotency;

import java.time.Duration;

import org.hibernate.validator.constraints.time.DurationMin;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithName;

/**
 * {@code IDEMPOTENCY_KEY_TTL} (application.properties; environment variable or environment file): how long a key
 * and its answer are kept, 24h unless set. A value that is not a duration of at least 1 s is refused at startup,
 * naming its file entry or variable ({@code org.acme.config.CheckedSettings}); {@code @DurationMin} covers
 * {@code idempotency.key-ttl} set directly.
 */
@ConfigMapping(prefix = "idempotency")
public interface IdempotencySettings {

    @WithName("key-ttl")
    @DurationMin(seconds = 1)
    Duration keyTtl();
}
