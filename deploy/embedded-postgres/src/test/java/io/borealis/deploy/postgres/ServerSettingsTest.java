package io.borealis.deploy.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ServerSettingsTest {

    @Test
    void defaultsToTheLocalSuiteLayout() {
        ServerSettings settings = ServerSettings.from(new String[0], Map.of());

        assertThat(settings.dataDir()).isEqualTo(Path.of("data/postgres").toAbsolutePath());
        assertThat(settings.port()).isEqualTo(15432);
        assertThat(settings.databases()).containsExactly("job_service", "scheduler_service", "update_service");
    }

    @Test
    void argumentsWinOverEnvironment() {
        Map<String, String> env = Map.of("BOREALIS_PG_DATA", "/env/dir", "BOREALIS_DB_PORT", "1111",
                "BOREALIS_PG_DATABASES", "from_env");

        ServerSettings fromEnv = ServerSettings.from(new String[0], env);
        ServerSettings fromArgs = ServerSettings.from(
                new String[] {"--data-dir=/arg/dir", "--port=2222", "--databases= a , b_2 ,"}, env);

        assertThat(fromEnv).isEqualTo(new ServerSettings(Path.of("/env/dir"), 1111, List.of("from_env")));
        assertThat(fromArgs.dataDir()).isEqualTo(Path.of("/arg/dir"));
        assertThat(fromArgs.port()).isEqualTo(2222);
        assertThat(fromArgs.databases()).containsExactly("a", "b_2");
    }

    @Test
    void rejectsBadInputNamingTheFault() {
        assertThatThrownBy(() -> ServerSettings.from(new String[] {"--port=abc"}, Map.of()))
                .hasMessageContaining("port must be a number");
        assertThatThrownBy(() -> ServerSettings.from(new String[] {"--port=70000"}, Map.of()))
                .hasMessageContaining("port must be 1..65535");
        assertThatThrownBy(() -> ServerSettings.from(new String[] {"--databases=ok,Drop\"Table"}, Map.of()))
                .hasMessageContaining("Drop\"Table");
        assertThatThrownBy(() -> ServerSettings.from(new String[] {"--verbose"}, Map.of()))
                .hasMessageContaining("unknown argument '--verbose'");
    }
}
