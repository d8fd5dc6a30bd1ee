package org.acme.paging;

import java.util.List;
import java.util.Map;
import java.util.function.Function;

import jakarta.persistence.EntityManager;
import jakarta.persistence.TypedQuery;
import jakarta.persistence.metamodel.EntityType;
import jakarta.validation.GroupSequence;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Pattern;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;

import org.acme.problem.Problems;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;

import io.quarkiverse.resteasy.problem.HttpProblem;
import io.quarkus.hibernate.orm.panache.Panache;

/**
 * The paging parameters of a list, for a resource method's {@code @Valid @BeanParam PageRequest page}, and its
 * answer: {@link #answer} reads the page of an entity ordered by its id and writes the {@code Link} header
 * ({@code first}, {@code next}) and, for offset pages, {@code X-Total-Count}.
 * <p>
 * Keyset pages ({@code after}: the rows with a larger id, read from the primary key index, no count) or offset
 * pages ({@code page}, with the total in {@code X-Total-Count}). Either way one row more than the page is read, so
 * that the {@code Link} header has a {@code next} exactly when there is more.
 * <p>
 * The parameters are taken as text so that {@code ?page=abc} is answered like {@code ?page=-1}: a 400 that names
 * the parameter, where a failed conversion would give a bare 404.
 */
@GroupSequence({ PageRequest.class, PageRequest.InRange.class })
public class PageRequest {

    public static final int MAX_PAGE_SIZE = 100;
    /** The deepest OFFSET that page/size paging reads: page * size beyond it is refused, pointing to after. */
    public static final int MAX_OFFSET = 10_000;
    public static final String TOTAL_COUNT_HEADER = "X-Total-Count";
    static final String WHOLE_NUMBER = "must be a whole number";

    /** Checked once every parameter is a whole number, so that {@code after=abc} is only "must be a whole number". */
    interface InRange {
    }

    @Parameter(description = "Keyset paging: the items with an id above this one (0 for the first page); not with "
            + "page", schema = @Schema(type = SchemaType.INTEGER, format = "int64", minimum = "0"))
    @QueryParam("after")
    @Pattern(regexp = "\\d{1,19}", message = WHOLE_NUMBER)
    @Max(value = Long.MAX_VALUE, groups = InRange.class)
    String after;

    @Parameter(description = "Offset paging: the page number, from 0; page * size at most " + MAX_OFFSET
            + ", deeper pages are refused (use after)",
            schema = @Schema(type = SchemaType.INTEGER, format = "int32", minimum = "0", maximum = "" + MAX_OFFSET,
                    defaultValue = "0"))
    @QueryParam("page")
    @Pattern(regexp = "\\d{1,9}", message = WHOLE_NUMBER)
    String page;

    @Parameter(description = "Items per page", schema = @Schema(type = SchemaType.INTEGER, format = "int32",
            minimum = "1", maximum = "" + MAX_PAGE_SIZE, defaultValue = "20"))
    @QueryParam("size")
    @DefaultValue("20")
    @Pattern(regexp = "\\d{1,9}", message = WHOLE_NUMBER)
    @Min(1)
    @Max(MAX_PAGE_SIZE)
    String size;

    @Context
    UriInfo uriInfo;

    /**
     * The page of {@code entity}'s rows that the request asks for, ordered by id, each answered as
     * {@code toBody} makes it.
     *
     * @throws HttpProblem 400 for both {@code after} and {@code page}, or for a page beyond {@link #MAX_OFFSET}
     */
    public <E> Response answer(Class<E> entity, Function<E, ?> toBody) {
        int pageSize = Integer.parseInt(size);
        PageLinks links = new PageLinks(uriInfo.getAbsolutePath().getRawPath(), pageSize);
        Table<E> table = new Table<>(entity);
        if (after != null) {
            if (page != null) {
                throw afterAndPage();
            }
            List<E> rows = table.rows("where e.%s > :after", pageSize)
                    .setParameter("after", Long.parseLong(after)).getResultList();
            return links.keyset(rows, table::id, toBody).build();
        }
        int pageNumber = page == null ? 0 : Integer.parseInt(page);
        if ((long) pageNumber * pageSize > MAX_OFFSET) {
            throw tooDeep(pageNumber, pageSize);
        }
        List<E> rows = table.rows("", pageSize).setFirstResult(pageNumber * pageSize).getResultList();
        return links.offset(rows, pageNumber, table::id, toBody).header(TOTAL_COUNT_HEADER, table.count()).build();
    }

    static HttpProblem afterAndPage() {
        return HttpProblem.builder(Problems.problem(Response.Status.BAD_REQUEST,
                "Give either after (keyset paging) or page (offset paging), not both"))
                .with("violations", List.of(Map.of("field", "page", "in", "query",
                        "message", "must not be given together with after")))
                .build();
    }

    static HttpProblem tooDeep(int pageNumber, int size) {
        return HttpProblem.builder(Problems.problem(Response.Status.BAD_REQUEST, "Page " + pageNumber + " of size "
                + size + " starts beyond row " + MAX_OFFSET + ", the deepest that page/size paging reads; page on "
                + "with after=<the last id you saw>&size=" + size + " (keyset paging), or follow the Link header's "
                + "rel=\"next\""))
                .withType(Problems.PAGE_TOO_DEEP)
                .withTitle("Page too deep")
                .with("violations", List.of(Map.of("field", "page", "in", "query",
                        "message", "page * size must be at most " + MAX_OFFSET)))
                .build();
    }

    /** An entity's table as JPQL sees it: its entity name and its id attribute, from the JPA metamodel. */
    private static final class Table<E> {

        private final Class<E> entity;
        private final EntityManager entityManager;
        private final String name;
        private final String id;

        Table(Class<E> entity) {
            this.entity = entity;
            this.entityManager = Panache.getEntityManager(entity);
            EntityType<E> type = entityManager.getMetamodel().entity(entity);
            this.name = type.getName();
            this.id = type.getId(type.getIdType().getJavaType()).getName();
        }

        /** Up to one row more than a page, ordered by id; {@code where} may name the id as {@code e.%s}. */
        TypedQuery<E> rows(String where, int pageSize) {
            String condition = where.formatted(id);
            return entityManager.createQuery("from " + name + " e " + condition + " order by e." + id, entity)
                    .setMaxResults(pageSize + 1);
        }

        long count() {
            return entityManager.createQuery("select count(e) from " + name + " e", Long.class).getSingleResult();
        }

        long id(E row) {
            return ((Number) entityManager.getEntityManagerFactory().getPersistenceUnitUtil().getIdentifier(row))
                    .longValue();
        }
    }
}
