package org.acme.manage.generate;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;

class DumpGenerated {
    @Test
    void dump() throws Exception {
        Path dir = Path.of("/tmp/gen-dump");
        org.acme.manage.files.Directories.deleteTree(dir);
        java.nio.file.Files.createDirectories(dir);
        GeneratorProject project = new GeneratorProject(dir);
        var r = project.run("resource", "customers", "name:text", "email:text:unique", "born:date");
        System.out.println(r);
        r = project.run("resource", "orders", "reference:text:unique", "customer:reference:customers", "total:decimal",
                "quantity:integer", "paid:boolean", "placed_at:timestamp");
        System.out.println(r);
    }
}
