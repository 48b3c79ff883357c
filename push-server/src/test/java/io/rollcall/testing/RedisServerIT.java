package io.rollcall.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class RedisServerIT {

    @Test
    void a_started_server_answers_ping_on_a_free_loopback_port() {
        try (RedisServer redis = RedisServer.start()) {
            assertThat(redis.cli("PING")).isEqualTo("PONG");
            assertThat(redis.port()).isPositive();
            assertThat(redis.uri()).isEqualTo("redis://127.0.0.1:" + redis.port());
            assertThat(redis.cli("INFO", "server")).contains("redis_version:7.", "process_id:" + redis.pid());
        }
    }

    @Test
    void two_servers_get_two_ports() {
        try (RedisServer first = RedisServer.start(); RedisServer second = RedisServer.start()) {
            assertThat(first.port()).isNotEqualTo(second.port());
            first.cli("SET", "k", "first");
            assertThat(second.cli("EXISTS", "k")).isEqualTo("0");
        }
    }

    @Test
    void a_port_taken_by_another_program_is_skipped() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
                RedisServer redis = RedisServer.builder().firstPort(taken.getLocalPort()).start()) {
            assertThat(redis.port()).isNotEqualTo(taken.getLocalPort());
            assertThat(redis.cli("PING")).isEqualTo("PONG");
            assertThat(redis.log()).contains("Address already in use");
        }
    }

    @Test
    void cli_passes_each_argument_unquoted_and_returns_raw_replies() {
        try (RedisServer redis = RedisServer.start()) {
            String json = "{\"guestId\": \"g 1\", \"status\": \"CHECKED_IN\"}";

            assertThat(redis.cli("SET", "k", json)).isEqualTo("OK");
            assertThat(redis.cli("GET", "k")).isEqualTo(json);
            assertThat(redis.cli("INCR", "n")).isEqualTo("1");
            assertThat(redis.cli("NO-SUCH-COMMAND")).startsWith("ERR unknown command");
        }
    }

    @Test
    void restart_keeps_the_port_and_loses_the_data() {
        try (RedisServer redis = RedisServer.start()) {
            int port = redis.port();
            long pid = redis.pid();
            redis.cli("SET", "k", "v");

            redis.restart();

            assertThat(redis.port()).isEqualTo(port);
            assertThat(redis.pid()).isNotEqualTo(pid);
            assertThat(ProcessHandle.of(pid)).isEmpty();
            assertThat(redis.cli("EXISTS", "k")).isEqualTo("0");
        }
    }

    @Test
    void functions_are_data_and_are_gone_after_a_restart() {
        try (RedisServer redis = RedisServer.start()) {
            redis.cli("FUNCTION", "LOAD", "#!lua name=probe\nredis.register_function('probe_ok', function() return 'ok' end)");
            assertThat(redis.cli("FCALL", "probe_ok", "0")).isEqualTo("ok");
            redis.cli("FLUSHALL");
            assertThat(redis.cli("FCALL", "probe_ok", "0")).as("FLUSHALL keeps functions").isEqualTo("ok");

            redis.restart();

            assertThat(redis.cli("FCALL", "probe_ok", "0")).startsWith("ERR Function not found");
        }
    }

    @Test
    void a_killed_server_refuses_connections_until_restarted() {
        try (RedisServer redis = RedisServer.start()) {
            long pid = redis.pid();

            redis.kill();

            assertThat(redis.isRunning()).isFalse();
            assertThat(ProcessHandle.of(pid)).isEmpty();
            assertThatThrownBy(() -> redis.cli("PING")).hasMessageContaining("Connection refused");

            redis.restart();

            assertThat(redis.cli("PING")).isEqualTo("PONG");
        }
    }

    @Test
    void a_password_is_required_and_used_by_cli() throws Exception {
        try (RedisServer redis = RedisServer.builder().password("s3cret").start()) {
            assertThat(redis.cli("PING")).isEqualTo("PONG");
            assertThat(redis.uri()).isEqualTo("redis://:s3cret@127.0.0.1:" + redis.port());
            assertThat(RedisWire.call(redis.port(), null, Duration.ofSeconds(1), "PING"))
                    .isEqualTo(new RedisWire.Error("NOAUTH Authentication required."));
        }
    }

    @Test
    void config_directives_are_passed_to_the_server() throws Exception {
        try (RedisServer redis = RedisServer.builder().config("maxmemory", "10mb").config("hz", "50").start()) {
            assertThat(redis.cli("CONFIG", "GET", "maxmemory")).isEqualTo("maxmemory\n10485760");
            assertThat(redis.cli("CONFIG", "GET", "hz")).isEqualTo("hz\n50");
            assertThat(RedisWire.call(redis.port(), null, Duration.ofSeconds(1), "CONFIG", "GET", "save")).isEqualTo(List.of("save", ""));
        }
    }

    @Test
    void a_bad_directive_fails_the_start_with_the_servers_log() {
        assertThatThrownBy(() -> RedisServer.builder().config("no-such-directive", "1").start())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("exited with status")
                .hasMessageContaining("no-such-directive");
    }

    @Test
    void close_stops_the_process_and_deletes_its_directory() {
        RedisServer redis = RedisServer.start();
        long pid = redis.pid();

        redis.close();
        redis.close();

        assertThat(ProcessHandle.of(pid)).isEmpty();
        assertThat(redis.dir()).doesNotExist();
        assertThatThrownBy(redis::restart).isInstanceOf(IllegalStateException.class).hasMessageContaining("closed");
    }
}
