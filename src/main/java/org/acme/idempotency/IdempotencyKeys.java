package org.acme.idempotency;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.control.ActivateRequestContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.acme.problem.Problems;
import org.jboss.logging.Logger;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.SerializationFeature;

import io.quarkiverse.resteasy.problem.HttpProblem;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;

/**
 * Idempotent creates (the IETF draft "The Idempotency-Key HTTP Header Field"): the first request with a key is
 * processed, and its answer is stored with the key in the same transaction; a repeat with the same request gets
 * that answer again, a repeat with another request a 422. A request whose transaction rolls back (a 4xx, a
 * database failure) leaves no key behind, so only successful creates are stored. A resource method asks for it with
 * {@link Idempotent}; keys are stored per client ({@link ClientKey}).
 */
@ApplicationScoped
public class IdempotencyKeys {

    public static final String HEADER = "Idempotency-Key";
    /** Set on an answer that was stored for an earlier request with the same key. */
    public static final String REPLAYED_HEADER = "Idempotent-Replayed";
    /** 1 to 255 printable ASCII characters (space included); HTTP has already trimmed the value. */
    public static final String FORMAT = "[\\x20-\\x7E]{1," + IdempotencyKey.MAX_LENGTH + "}";
    public static final String FORMAT_MESSAGE = "must be 1 to " + IdempotencyKey.MAX_LENGTH
            + " printable ASCII characters";
    public static final int UNPROCESSABLE_CONTENT = 422;
    /**
     * Keys deleted by one statement of the purge: found by the index on expires_at and deleted in milliseconds,
     * far under any statement timeout the configuration allows to be useful.
     */
    static final int PURGE_BATCH = 1000;

    private static final Logger LOG = Logger.getLogger(IdempotencyKeys.class);

    @Inject
    IdempotencySettings settings;

    @Inject
    ObjectMapper json;

    private ObjectWriter canonicalJson;

    @PostConstruct
    void sortMapsByKey() {
        // convertValue(body, Object.class) makes every JSON object a Map: this writes their keys sorted
        canonicalJson = json.writer().with(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS);
    }

    /**
     * Claims {@code key} for the request {@code method path body}, in the caller's transaction. Empty when the key
     * is new, or had expired: the caller goes ahead and {@link #record records} its answer in the same transaction.
     * Otherwise the answer stored for the key. A key that a request in flight holds is waited for (on the primary
     * key), up to the statement timeout: then that request's answer is found, or, if it stored nothing, the key is
     * claimed here.
     *
     * @throws HttpProblem 422 when the key was used for another request
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public Optional<Response> claim(ClientKey key, String method, String path, Object body) {
        String fingerprint = fingerprint(method, path, body);
        // the database's clock, not this replica's: every replica and the purge agree on what has expired
        IdempotencyKey.getEntityManager().createNativeQuery("""
                DELETE FROM idempotency_keys
                WHERE client_scope = :clientScope AND idempotency_key = :key AND expires_at <= now()""")
                .setParameter("clientScope", key.clientScope)
                .setParameter("key", key.id)
                .executeUpdate();
        int claimed = IdempotencyKey.getEntityManager().createNativeQuery("""
                INSERT INTO idempotency_keys (client_scope, idempotency_key, request_fingerprint, created_at, expires_at)
                VALUES (:clientScope, :key, :fingerprint, now(), now() + :ttlMillis * interval '1 millisecond')
                ON CONFLICT DO NOTHING""")
                .setParameter("clientScope", key.clientScope)
                .setParameter("key", key.id)
                .setParameter("fingerprint", fingerprint)
                .setParameter("ttlMillis", settings.keyTtl().toMillis())
                .executeUpdate();
        if (claimed == 1) {
            return Optional.empty();
        }
        // READ COMMITTED: this statement sees the row that the insert above waited for
        IdempotencyKey earlier = IdempotencyKey.findById(key);
        if (earlier == null) {
            // it expired and was purged between the two statements
            throw Problems.conflict("The request with this " + HEADER + " has just expired; send it again");
        }
        if (!earlier.requestFingerprint.equals(fingerprint)) {
            throw HttpProblem.builder()
                    .withStatus(UNPROCESSABLE_CONTENT)
                    .withTitle("Unprocessable Content")
                    .withDetail("This " + HEADER + " was already used for a different request; a new request "
                            + "needs a new key")
                    .build();
        }
        return Optional.of(answer(earlier.responseStatus, earlier.responseLocation, earlier.responseBody)
                .header(REPLAYED_HEADER, "true").build());
    }

    /** The 400 for a key that is sent but is not one, in the shape of a failed {@code @Pattern} on the header. */
    public static HttpProblem badKey() {
        return HttpProblem.builder()
                .withStatus(Response.Status.BAD_REQUEST)
                .withTitle(Response.Status.BAD_REQUEST.getReasonPhrase())
                .withDetail("The " + HEADER + " header " + FORMAT_MESSAGE)
                .with("violations", List.of(Map.of("field", HEADER, "in", "header", "message", FORMAT_MESSAGE)))
                .build();
    }

    /**
     * Stores the answer for a key {@link #claim claimed} in this transaction, and returns it: the status, the
     * {@code Location} (or null) and the body, which must be the answer's record, never an entity.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public Response record(ClientKey key, int status, String location, Object entity) {
        String body;
        try {
            body = json.writeValueAsString(entity);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot store the answer for an idempotency key", e);
        }
        IdempotencyKey.update("responseStatus = ?1, responseLocation = ?2, responseBody = ?3 "
                + "where clientScope = ?4 and id = ?5", status, location, body, key.clientScope, key.id);
        return answer(status, location, body).build();
    }

    /**
     * Deletes the keys that have expired. An expired key is also replaced when it is sent again ({@link #claim}),
     * so this only keeps the table from growing: hourly is plenty, and running it on every replica is harmless.
     */
    @Scheduled(every = "1h", delayed = "1m", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    public void purgeExpired() {
        long deleted = deleteExpired();
        LOG.debugf("Deleted %d expired idempotency keys", deleted);
    }

    /**
     * Deletes the expired keys {@link #PURGE_BATCH} at a time, each batch a transaction of its own, until a batch
     * finds fewer: one DELETE of them all could outlast the statement timeout after a burst of keys, roll back, and
     * leave the table to grow. Expired by the database's clock ({@code now()}); rows that another transaction holds
     * (a claim replacing its expired key, another replica's purge) are skipped, not waited for. Returns how many
     * were deleted.
     */
    @ActivateRequestContext
    public long deleteExpired() {
        long deleted = 0;
        int batch;
        do {
            batch = QuarkusTransaction.requiringNew().call(() -> IdempotencyKey.getEntityManager()
                    .createNativeQuery("""
                            DELETE FROM idempotency_keys WHERE ctid IN (
                                SELECT ctid FROM idempotency_keys WHERE expires_at <= now()
                                LIMIT :batch FOR UPDATE SKIP LOCKED)""")
                    .setParameter("batch", PURGE_BATCH)
                    .executeUpdate());
            deleted += batch;
        } while (batch == PURGE_BATCH);
        return deleted;
    }

    /**
     * SHA-256 (hex) of the method, the path and the body as canonical JSON: the request as the service read it,
     * with its properties sorted, so that key order, white space and what the request record normalises (a trimmed
     * email) do not matter, and every field of the request, including one added later, does.
     */
    String fingerprint(String method, String path, Object body) {
        try {
            String canonicalBody = canonicalJson.writeValueAsString(json.convertValue(body, Object.class));
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest((method + " " + path + "\n" + canonicalBody).getBytes(StandardCharsets.UTF_8)));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Cannot write the request of an idempotency key as JSON", e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("Every Java platform has SHA-256", e);
        }
    }

    private static Response.ResponseBuilder answer(int status, String location, String body) {
        // the header as it is: ResponseBuilder.location() would make a relative URI absolute with the request's Host
        return Response.status(status).header(HttpHeaders.LOCATION, location).entity(body)
                .type(MediaType.APPLICATION_JSON_TYPE);
    }
}
