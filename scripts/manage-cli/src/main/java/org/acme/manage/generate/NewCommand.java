package org.acme.manage.generate;

import java.nio.file.Path;
import java.util.List;
import java.util.function.Function;

import org.acme.manage.Context;
import org.acme.manage.harness.ThrowawayPostgres;
import org.acme.manage.schema.AutoMigration;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "new", mixinStandardHelpOptions = true,
        description = "Generates code on the project's building blocks (the counterpart of Rails' generators).")
public final class NewCommand {

    private final Context context;
    private final Runnable migrationCheck;
    private final Function<String, Path> migration;

    public NewCommand(Context context) {
        this(context, ThrowawayPostgres::refuseRoot, message -> new AutoMigration(context).create(message));
    }

    /** With another migration step: the CLI's tests run without Maven and PostgreSQL. */
    NewCommand(Context context, Runnable migrationCheck, Function<String, Path> migration) {
        this.context = context;
        this.migrationCheck = migrationCheck;
        this.migration = migration;
    }

    @Command(name = "resource", mixinStandardHelpOptions = true,
            description = {"A resource on the building blocks that users is built on: entity, request and response "
                    + "records, resource class, migration (db new -m, so not as root), its test and a two-row "
                    + "scenario, and a section of docs/api.md.",
                    "Types: text, integer, decimal, boolean, date, timestamp, reference:COLLECTION; :unique adds a "
                            + "unique constraint (a taken value is a 409). Every field is required."},
            footer = {"", "Examples:", "  scripts/manage new resource customers name:text email:text:unique born:date",
                    "  scripts/manage new resource orders reference:text:unique customer:reference:customers "
                            + "total:decimal",
                    "  scripts/manage new resource people name:text --singular person"})
    int resource(
            @Parameters(index = "0", paramLabel = "NAME",
                    description = "The collection, plural and lowercase: customers, order_lines (path /order-lines)")
            String name,
            @Parameters(index = "1..*", paramLabel = "FIELD:TYPE[:unique]", arity = "0..*",
                    description = "A field in snake_case, its type, and :unique if it is") List<String> fields,
            @Option(names = "--table", paramLabel = "TABLE", description = "The table, when not NAME") String table,
            @Option(names = "--singular", paramLabel = "WORD",
                    description = "One of the collection (order_line), when NAME does not end in s") String singular) {
        ResourceSpec spec = ResourceSpec.parse(context.projectDir(), name, fields, table, singular);
        new ResourceGenerator(context, migrationCheck, migration).generate(spec);
        return 0;
    }
}
