package io.github.sigv4gateway.signing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The suite ships with the tests: every listed case is there and read, and a missing one fails loudly. */
class AwsSigV4TestSuiteTests {

    @Test
    void cases_readEveryCaseTheIndexLists_withItsLicenseBeside() throws Exception {
        Path root = AwsSigV4TestSuite.root();
        long listed = Files.readAllLines(root.resolve("cases.txt")).stream()
                .filter(line -> !line.isBlank() && !line.startsWith("#"))
                .count();

        assertThat(AwsSigV4TestSuite.cases()).hasSize((int) listed);
        assertThat(listed).as("the suite's header-auth cases").isGreaterThanOrEqualTo(30);
        assertThat(root.resolve("LICENSE")).content().contains("Apache License");
        assertThat(root.resolve("NOTICE")).exists();
    }

    @Test
    void read_caseFolderMissing_failsNamingTheCase(@TempDir Path dir) {
        assertThatThrownBy(() -> AwsSigV4TestSuite.read(dir.resolve("get-vanilla")))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("get-vanilla is listed in cases.txt but missing");
    }

    @Test
    void read_caseFileMissing_failsNamingTheFile(@TempDir Path dir) throws Exception {
        Path incomplete = Files.createDirectory(dir.resolve("get-vanilla"));
        Files.writeString(incomplete.resolve("request.txt"), "GET / HTTP/1.1\nHost:example.amazonaws.com\n");

        assertThatThrownBy(() -> AwsSigV4TestSuite.read(incomplete))
                .hasMessageContaining("cannot be read")
                .hasMessageContaining("context.json");
    }
}
