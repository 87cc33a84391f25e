package io.github.sigv4gateway.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.springframework.util.unit.DataSize;

class RouteResolverTests {

    private final RouteResolver resolver = new RouteResolver(Optional::empty);

    @Test
    void topLevelTarget_onFunctionUrl_infersRegionAndLambda() {
        GatewayProperties properties = new GatewayProperties();
        properties.setTarget("https://abcdef123.lambda-url.eu-west-2.on.aws");
        List<ConfigProblem> problems = new ArrayList<>();

        List<GatewayRoute> routes = resolver.resolve(properties, problems);

        assertThat(problems).isEmpty();
        assertThat(routes).singleElement().satisfies(route -> {
            assertThat(route.id()).isEqualTo("default");
            assertThat(route.path()).isEqualTo("/**");
            assertThat(route.region()).isEqualTo("eu-west-2");
            assertThat(route.service()).isEqualTo("lambda");
            assertThat(route.credentials()).isEqualTo("default");
            assertThat(route.maxBodySize()).isEqualTo(6L * 1024 * 1024);
            assertThat(route.hostHeader()).isEqualTo("abcdef123.lambda-url.eu-west-2.on.aws");
        });
    }

    @Test
    void apiGatewayHost_infersExecuteApi_andRoutesComeBeforeTopLevel() {
        GatewayProperties properties = new GatewayProperties();
        properties.setTarget("https://abcdef123.lambda-url.us-east-1.on.aws");
        RouteProperties api = new RouteProperties();
        api.setId("api");
        api.setPath("/api/**");
        api.setTarget("https://a1b2c3.execute-api.ap-south-1.amazonaws.com/prod");
        api.setStripPrefix(1);
        properties.getRoutes().add(api);
        List<ConfigProblem> problems = new ArrayList<>();

        List<GatewayRoute> routes = resolver.resolve(properties, problems);

        assertThat(problems).isEmpty();
        assertThat(routes).extracting(GatewayRoute::id).containsExactly("api", "default");
        assertThat(routes)
                .as("the top-level catch-all after every route, SCG's own (order 0 by default) included")
                .extracting(GatewayRoute::order)
                .containsExactly(0, Integer.MAX_VALUE);
        assertThat(routes.get(0).service()).isEqualTo("execute-api");
        assertThat(routes.get(0).region()).isEqualTo("ap-south-1");
        assertThat(routes.get(0).target().getRawPath()).isEqualTo("/prod");
    }

    @Test
    void explicitRegionAndService_winOverInference() {
        GatewayProperties properties = new GatewayProperties();
        properties.setTarget("http://127.0.0.1:9000");
        properties.setRegion("us-west-2");
        properties.setService("lambda");
        assertThat(resolver.resolve(properties, new ArrayList<>()))
                .singleElement()
                .extracting(GatewayRoute::region, GatewayRoute::hostHeader)
                .containsExactly("us-west-2", "127.0.0.1:9000");
    }

    @Test
    void regionFallsBackToSdkChain_onlyWhenNotInferable() {
        GatewayProperties properties = new GatewayProperties();
        properties.setTarget("https://example.com");
        properties.setService("execute-api");
        List<GatewayRoute> routes =
                new RouteResolver(() -> Optional.of("sa-east-1")).resolve(properties, new ArrayList<>());
        assertThat(routes).singleElement().extracting(GatewayRoute::region).isEqualTo("sa-east-1");
    }

    @Test
    void everyProblem_isReportedWithKeyValueAndReason() {
        GatewayProperties properties = new GatewayProperties();
        properties.setTarget("ftp://example.com");
        RouteProperties bad = new RouteProperties();
        bad.setId("bad id");
        bad.setPath("api/**");
        bad.setTarget("https://example.com/x?y=1");
        bad.setStripPrefix(-1);
        bad.setMaxBodySize(DataSize.ofBytes(0));
        bad.setResponseTimeout(Duration.ZERO);
        bad.setCredentials("missing");
        properties.getRoutes().add(bad);
        RouteProperties noService = new RouteProperties();
        noService.setTarget("https://example.org");
        properties.getRoutes().add(noService);
        List<ConfigProblem> problems = new ArrayList<>();

        resolver.resolve(properties, problems);

        assertThat(problems)
                .extracting(ConfigProblem::describe)
                .containsExactlyInAnyOrder(
                        "sigv4-gateway.routes[0].id = 'bad id': use 1-64 letters, digits, '.', '_' or '-'",
                        "sigv4-gateway.routes[0].path = 'api/**': must start with '/', e.g. /** or /api/**",
                        "sigv4-gateway.routes[0].target = 'https://example.com/x?y=1': must not carry a query, fragment or user info",
                        "sigv4-gateway.routes[0].strip-prefix = '-1': must be 0 or more",
                        "sigv4-gateway.routes[0].max-body-size = '0B': must be more than 0 bytes",
                        "sigv4-gateway.routes[0].response-timeout = 'PT0S': must be more than 0, e.g. 5s",
                        "sigv4-gateway.routes[0].credentials = 'missing': no such entry under sigv4-gateway.credentials (known: [])",
                        "sigv4-gateway.routes[1].service = (unset): cannot be inferred from host 'example.org': set the signing name, e.g. lambda or execute-api",
                        "sigv4-gateway.routes[1].region = (unset): cannot be inferred from host 'example.org' nor found in AWS_REGION or the AWS profile: set it, e.g. us-east-1",
                        "sigv4-gateway.target = 'ftp://example.com': must be an https:// URL (http:// only for local emulators)");
    }

    @Test
    void duplicateIds_andNoRoutes_areProblems() {
        GatewayProperties empty = new GatewayProperties();
        List<ConfigProblem> problems = new ArrayList<>();
        resolver.resolve(empty, problems);
        assertThat(problems).singleElement().extracting(ConfigProblem::key).isEqualTo("sigv4-gateway.target");

        GatewayProperties twice = new GatewayProperties();
        for (int i = 0; i < 2; i++) {
            RouteProperties r = new RouteProperties();
            r.setId("same");
            r.setTarget("https://abc.lambda-url.us-east-1.on.aws");
            twice.getRoutes().add(r);
        }
        problems.clear();
        resolver.resolve(twice, problems);
        assertThat(problems).extracting(ConfigProblem::reason).containsExactly("another route already has this id");
    }

    @Test
    void inference_recognisesKnownHostsOnly() {
        assertThat(TargetInference.fromHost("x1.lambda-url.us-gov-west-1.on.aws"))
                .contains(new TargetInference.Inferred("us-gov-west-1", "lambda"));
        assertThat(TargetInference.fromHost("id.execute-api.cn-north-1.amazonaws.com.cn"))
                .contains(new TargetInference.Inferred("cn-north-1", "execute-api"));
        assertThat(TargetInference.fromHost("lambda.eu-central-1.amazonaws.com"))
                .contains(new TargetInference.Inferred("eu-central-1", "lambda"));
        assertThat(TargetInference.fromHost("lambda-url.us-east-1.on.aws.evil.com"))
                .isEmpty();
        assertThat(TargetInference.fromHost("localhost")).isEmpty();
    }
}
