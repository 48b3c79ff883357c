package io.rollcall.docker;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Validates the files under docker/ with the tools that will read them, since CI has no Docker
 * engine: docker-compose, the dockerfile-utils linter, nginx and HAProxy, plus the links between
 * them (every node scraped, the dashboard on the provisioned datasource).
 */
class DockerConfigIT {
    private static final Path DOCKER = Path.of(System.getProperty("user.dir"));
    private static final String SECRET = "a-secret-for-config-validation-only-32b";
    private static final List<String> NODES = List.of("node1", "node2", "node3");

    @TempDir
    Path temp;

    @Test
    void the_compose_file_is_valid_and_holds_the_whole_topology() throws Exception {
        Tool check = compose(Map.of("ROLLCALL_JWT_SECRET", SECRET), "config", "-q");
        assertThat(check.exitCode()).as(check.output()).isZero();

        Tool services = compose(Map.of("ROLLCALL_JWT_SECRET", SECRET), "--profile", "haproxy", "config", "--services");
        assertThat(services.output().lines()).containsExactlyInAnyOrder("redis", "node1", "node2", "node3", "nginx", "haproxy",
                "prometheus", "grafana");
    }

    @Test
    void the_compose_file_refuses_to_start_nodes_without_a_shared_jwt_secret() throws Exception {
        Tool check = compose(Map.of("ROLLCALL_JWT_SECRET", ""), "config", "-q");
        assertThat(check.exitCode()).isNotZero();
        assertThat(check.output()).contains("set ROLLCALL_JWT_SECRET");
    }

    @Test
    void the_dockerfile_passes_the_linter_which_does_catch_mistakes() throws Exception {
        Tool lint = lint(DOCKER.resolve("Dockerfile"));
        assertThat(lint.exitCode()).as(lint.output()).isZero();

        Path broken = temp.resolve("Dockerfile");
        Files.writeString(broken, Files.readString(DOCKER.resolve("Dockerfile")).replace("EXPOSE 8080 9090", "EXPOSE http"));
        assertThat(lint(broken).exitCode()).as("the linter rejects a bad EXPOSE").isNotZero();
    }

    @Test
    void the_image_runs_as_a_non_root_user_with_container_aware_jvm_flags_a_healthcheck_and_sigterm() throws Exception {
        String dockerfile = Files.readString(DOCKER.resolve("Dockerfile"));
        List<String> stages = Pattern.compile("(?m)^FROM ").splitAsStream(dockerfile).skip(1).toList();
        assertThat(stages).as("a build stage and a runtime stage").hasSize(2);
        String runtime = stages.get(1);
        assertThat(stages.get(0)).contains("./mvnw");
        assertThat(runtime).startsWith("eclipse-temurin:17-jre")
                .containsPattern("(?m)^USER rollcall")
                .contains("-XX:MaxRAMPercentage=", "-XX:+ExitOnOutOfMemoryError")
                .as("a bounded young generation and a heap given back after a storm (docs/operations.md)")
                .contains("-Xmn", "-XX:G1PeriodicGCInterval=", "-XX:MaxHeapFreeRatio=")
                .doesNotContain("-XX:InitialRAMPercentage", "-Xms", "AlwaysPreTouch")
                .containsPattern("(?m)^EXPOSE 8080 9090$")
                .containsPattern("(?m)^HEALTHCHECK .*\\n.*/healthz")
                .containsPattern("(?m)^STOPSIGNAL SIGTERM$");
    }

    @Test
    void the_build_stage_copies_the_pom_of_every_module_maven_reads() throws Exception {
        String dockerfile = Files.readString(DOCKER.resolve("Dockerfile"));
        Matcher modules = Pattern.compile("<module>([^<]+)</module>").matcher(Files.readString(DOCKER.resolveSibling("pom.xml")));
        List<String> found = new ArrayList<>();
        while (modules.find()) {
            found.add(modules.group(1));
            assertThat(dockerfile).as("the reactor fails on a missing module pom").contains("COPY " + modules.group(1) + "/pom.xml ");
        }
        assertThat(found).contains("protocol", "push-server", "docker");
    }

    @Test
    void nginx_accepts_its_config_with_the_node_names_resolved_to_loopback() throws Exception {
        String config = Files.readString(DOCKER.resolve("nginx/nginx.conf"));
        assertThat(config).contains("proxy_http_version 1.1", "proxy_set_header Upgrade $http_upgrade", "map $http_upgrade",
                "proxy_read_timeout 1h");
        // nginx resolves upstream host names when it loads the config; in compose, Docker's DNS does.
        int port = freePort();
        Matcher upstreams = Pattern.compile("server (node\\d):8080").matcher(config);
        List<String> named = new ArrayList<>();
        StringBuilder local = new StringBuilder();
        while (upstreams.find()) {
            named.add(upstreams.group(1));
            upstreams.appendReplacement(local, "server 127.0.0.1:" + port);
        }
        upstreams.appendTail(local);
        assertThat(named).as("every node is an upstream").containsExactlyElementsOf(NODES);
        Path copy = temp.resolve("nginx.conf");
        Files.writeString(copy, local.toString());

        Tool test = Tool.run(temp, Map.of(), List.of("nginx", "-t", "-p", temp.toString(), "-c", copy.toString()),
                "apt-get install nginx");
        assertThat(test.exitCode()).as(test.output()).isZero();
        assertThat(test.output()).contains("syntax is ok");
    }

    @Test
    void haproxy_accepts_its_config_and_checks_readiness_on_the_admin_port() throws Exception {
        String config = Files.readString(DOCKER.resolve("haproxy/haproxy.cfg"));
        assertThat(config).contains("mode http", "timeout tunnel", "option httpchk GET /readyz", "check port 9090");
        for (String node : NODES) {
            assertThat(config).contains("server " + node + " " + node + ":8080");
        }
        Tool check = Tool.run(DOCKER, Map.of(), List.of("haproxy", "-c", "-f", DOCKER.resolve("haproxy/haproxy.cfg").toString()),
                "apt-get install haproxy");
        assertThat(check.exitCode()).as(check.output()).isZero();
    }

    @Test
    void prometheus_scrapes_every_node_and_the_dashboard_queries_the_provisioned_datasource() throws Exception {
        String prometheus = Files.readString(DOCKER.resolve("prometheus/prometheus.yml"));
        for (String node : NODES) {
            assertThat(prometheus).contains("\"" + node + ":9090\"");
        }
        String datasource = Files.readString(DOCKER.resolve("grafana/provisioning/datasources/prometheus.yml"));
        Matcher uid = Pattern.compile("uid: (\\S+)").matcher(datasource);
        assertThat(uid.find()).isTrue();

        JsonObject dashboard = JsonParser.parseString(Files.readString(DOCKER.resolve("grafana/dashboards/rollcall.json"))).getAsJsonObject();
        List<String> titles = new ArrayList<>();
        for (JsonElement element : dashboard.getAsJsonArray("panels")) {
            JsonObject panel = element.getAsJsonObject();
            titles.add(panel.get("title").getAsString());
            assertThat(panel.getAsJsonObject("datasource").get("uid").getAsString()).isEqualTo(uid.group(1));
            assertThat(panel.getAsJsonArray("targets")).as(panel.get("title").getAsString()).isNotEmpty()
                    .allSatisfy(target -> assertThat(target.getAsJsonObject().get("expr").getAsString()).contains("_"));
        }
        assertThat(titles).contains("Active connections", "Connection uptime (closed sessions)", "Delivery rate",
                "Delivery latency (publish to written)", "Error ratio by kind", "Reconnections and resumes", "Redis link");
    }

    private Tool compose(Map<String, String> env, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("docker-compose", "-f", DOCKER.resolve("docker-compose.yml").toString()));
        command.addAll(Arrays.asList(args));
        return Tool.run(DOCKER, env, command, "apt-get install --no-install-recommends docker-compose");
    }

    private static Tool lint(Path dockerfile) throws Exception {
        return Tool.run(dockerfile.getParent(), Map.of(), List.of("dockerfile-utils", "lint", dockerfile.toString()),
                "npm install -g dockerfile-utils@0.16.3");
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
