package io.rollcall.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ConfigLoaderTest {

    @TempDir
    Path dir;

    private Path file(String... lines) throws IOException {
        Path path = dir.resolve("rollcall.properties");
        Files.write(path, java.util.List.of(lines), StandardCharsets.UTF_8);
        return path;
    }

    @Test
    void a_flag_beats_the_environment_which_beats_the_file() throws IOException {
        Path config = file("port=1111", "host=file.example", "history-size=7");
        Map<String, String> env = Map.of("ROLLCALL_PORT", "2222", "ROLLCALL_HOST", "env.example");

        Map<Setting, String> merged = ConfigLoader.merge(new String[] {"--config", config.toString(), "--port", "3333"}, env);

        assertThat(merged)
                .containsEntry(Setting.PORT, "3333")
                .containsEntry(Setting.HOST, "env.example")
                .containsEntry(Setting.HISTORY_SIZE, "7");
    }

    @Test
    void the_config_file_may_be_named_by_the_environment() throws IOException {
        Path config = file("admin-port=9191");

        Map<Setting, String> merged = ConfigLoader.merge(new String[0], Map.of("ROLLCALL_CONFIG", config.toString()));

        assertThat(merged).containsEntry(Setting.ADMIN_PORT, "9191");
    }

    @Test
    void a_config_flag_beats_a_config_file_named_by_the_environment() throws IOException {
        Path fromFlag = file("admin-port=9191");
        Path fromEnv = dir.resolve("ignored.properties");
        Files.writeString(fromEnv, "admin-port=9292\n");

        Map<Setting, String> merged = ConfigLoader.merge(new String[] {"--config=" + fromFlag},
                Map.of("ROLLCALL_CONFIG", fromEnv.toString()));

        assertThat(merged).containsEntry(Setting.ADMIN_PORT, "9191");
    }

    @Test
    void environment_names_turn_dashes_into_underscores_and_ignore_unrelated_variables() {
        Map<Setting, String> merged = ConfigLoader.merge(new String[0],
                Map.of("ROLLCALL_WRITE_BUFFER_LOW", "32KiB", "PORT", "1", "HOME", "/root"));

        assertThat(merged).containsOnly(Map.entry(Setting.WRITE_BUFFER_LOW, "32KiB"));
    }

    @Test
    void a_true_or_false_flag_may_stand_alone_and_still_takes_an_explicit_value() {
        assertThat(ConfigLoader.merge(new String[] {"--demo", "--port", "0"}, Map.of()))
                .containsEntry(Setting.DEMO, "true").containsEntry(Setting.PORT, "0");
        assertThat(ConfigLoader.merge(new String[] {"--port", "0", "--demo"}, Map.of())).containsEntry(Setting.DEMO, "true");
        assertThat(ConfigLoader.merge(new String[] {"--demo", "false"}, Map.of())).containsEntry(Setting.DEMO, "false");
    }

    @Test
    void nothing_configured_yields_no_values_so_every_setting_takes_its_default() {
        assertThat(ConfigLoader.merge(new String[0], Map.of())).isEmpty();
    }

    static Stream<Arguments> flagForms() {
        return Stream.of(
                Arguments.of((Object) new String[] {"--node-id", "edge-1"}),
                Arguments.of((Object) new String[] {"--node-id=edge-1"}));
    }

    @ParameterizedTest
    @MethodSource("flagForms")
    void a_flag_is_read_in_both_the_separate_and_the_equals_form(String[] args) {
        assertThat(ConfigLoader.merge(args, Map.of())).containsOnly(Map.entry(Setting.NODE_ID, "edge-1"));
    }

    @Test
    void only_the_first_equals_sign_separates_a_flag_from_its_value() {
        Map<Setting, String> merged = ConfigLoader.merge(new String[] {"--jwt-secret=abc=def=="}, Map.of());

        assertThat(merged).containsEntry(Setting.JWT_SECRET, "abc=def==");
    }

    @Test
    void the_last_of_repeated_flags_wins() {
        Map<Setting, String> merged = ConfigLoader.merge(new String[] {"--port", "1", "--port=2"}, Map.of());

        assertThat(merged).containsEntry(Setting.PORT, "2");
    }

    @Test
    void an_unknown_flag_is_refused_with_a_pointer_to_help() {
        assertThatThrownBy(() -> ConfigLoader.merge(new String[] {"--colour=blue"}, Map.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessage("--colour: unknown flag (see --help)");
    }

    @Test
    void an_unknown_flag_in_the_separate_form_is_refused_too() {
        assertThatThrownBy(() -> ConfigLoader.merge(new String[] {"--port", "8080", "--colour", "blue"}, Map.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("--colour: unknown flag (see --help)");
    }

    @Test
    void a_bare_argument_is_refused() {
        assertThatThrownBy(() -> ConfigLoader.merge(new String[] {"8080"}, Map.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessage("8080: unexpected argument (expected: --name value)");
    }

    @Test
    void a_flag_without_a_value_at_the_end_is_refused() {
        assertThatThrownBy(() -> ConfigLoader.merge(new String[] {"--port"}, Map.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessage("--port: missing value");
    }

    @Test
    void every_flag_problem_is_reported_at_once_one_per_line() {
        assertThatThrownBy(() -> ConfigLoader.merge(new String[] {"--colour=blue", "stray", "--port"}, Map.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessage(String.join("\n",
                        "--colour: unknown flag (see --help)",
                        "stray: unexpected argument (expected: --name value)",
                        "--port: missing value"));
    }

    @Test
    void an_unknown_key_in_the_file_is_refused_naming_the_file_and_the_key() throws IOException {
        Path config = file("port=8080", "colour=blue");

        assertThatThrownBy(() -> ConfigLoader.merge(new String[] {"--config", config.toString()}, Map.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessage("config: " + config + " has unknown key colour");
    }

    @Test
    void a_missing_config_file_is_refused_naming_the_file() {
        Path missing = dir.resolve("nope.properties");

        assertThatThrownBy(() -> ConfigLoader.merge(new String[] {"--config", missing.toString()}, Map.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("config: " + missing + " (expected: a readable properties file");
    }

    @Test
    void file_problems_and_flag_problems_are_reported_together() throws IOException {
        Path config = file("colour=blue");

        assertThatThrownBy(() -> ConfigLoader.merge(new String[] {"--config", config.toString(), "--size", "1"}, Map.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("--size: unknown flag (see --help)")
                .hasMessageContaining("config: " + config + " has unknown key colour");
    }

    @Test
    void the_usage_lists_every_flag_with_its_environment_variable() {
        String usage = ConfigLoader.usage();

        for (Setting setting : Setting.values()) {
            assertThat(usage).contains("--" + setting.key()).contains(setting.envName());
        }
    }
}
