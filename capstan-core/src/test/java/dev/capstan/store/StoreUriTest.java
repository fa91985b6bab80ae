package dev.capstan.store;

import dev.capstan.CapstanException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class StoreUriTest {

    @Test
    void sqliteRelativeAndAbsolutePaths() {
        assertThat(StoreUri.parse("sqlite:///./capstan-data/capstan.db").sqliteFile())
                .isEqualTo(Path.of("capstan-data/capstan.db").toAbsolutePath().normalize());
        assertThat(StoreUri.parse("sqlite:////var/lib/capstan.db").sqliteFile()).isEqualTo(Path.of("/var/lib/capstan.db"));
    }

    @Test
    void postgresqlWithUserPortAndOptionsAndMaskedPassword() {
        StoreUri uri = StoreUri.parse("postgresql://ana:s3cret@db.example:6543/mlflow?sslmode=require");
        assertThat(uri.scheme()).isEqualTo(StoreUri.Scheme.POSTGRESQL);
        assertThat(uri.jdbcUrl()).isEqualTo("jdbc:postgresql://db.example:6543/mlflow?sslmode=require");
        assertThat(uri.user()).isEqualTo("ana");
        assertThat(uri.password()).isEqualTo("s3cret");
        assertThat(uri.toString()).doesNotContain("s3cret");
        assertThat(StoreUri.parse("postgresql+psycopg2://u@h/db").jdbcUrl()).isEqualTo("jdbc:postgresql://h/db");
    }

    @Test
    void httpIsARemoteServer() {
        assertThat(StoreUri.parse("http://localhost:5000").scheme()).isEqualTo(StoreUri.Scheme.HTTP);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "mysql://u@h/db", "sqlite://relative.db", "sqlite:///", "postgresql://host", "file:///x"})
    void unsupportedOrIncompleteUrisAreRejectedWithTheExpectedForm(String uri) {
        assertThatThrownBy(() -> StoreUri.parse(uri)).isInstanceOf(CapstanException.class).hasMessageContaining("expected");
    }
}
