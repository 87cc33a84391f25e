# syntax=docker/dockerfile:1.7
# sigv4-gateway container image: built with the Maven wrapper, run on a Temurin 25 JRE as a non-root user.
#   docker build -t sigv4-gateway .
#   docker run --read-only --tmpfs /tmp -p 8080:8080 -p 8081:8081 \
#     -e SIGV4GATEWAY_TARGET=https://abcdefghijklmnop.lambda-url.us-east-1.on.aws -e AWS_REGION=us-east-1 \
#     -e AWS_ACCESS_KEY_ID -e AWS_SECRET_ACCESS_KEY sigv4-gateway

FROM eclipse-temurin:25.0.3_9-jdk-noble AS build
WORKDIR /src
COPY .mvn .mvn
COPY mvnw pom.xml ./
RUN --mount=type=cache,target=/root/.m2 ./mvnw -B -q dependency:go-offline
COPY src src
RUN --mount=type=cache,target=/root/.m2 ./mvnw -B -q package -DskipTests
# Spring Boot's extracted layout (the application jar plus lib/) starts faster than the fat jar, and is what an
# AOT cache can be built for.
RUN java -Djarmode=tools -jar target/sigv4-gateway.jar extract --destination /app
# JDK 25 AOT cache (JEP 514, 515) from a training run with traffic (src/aot/AotTraining.java): the gateway runs in
# front of a local upstream and gets small GETs, 4 KiB POSTs and 1 MiB answers for 30 s, then a SIGTERM, at which
# the JVM writes the cache. Beside the startup classes, the cache then holds the request path's classes and method
# profiles (measured against a cache trained up to the context refresh: about 20% more req/s from the second minute
# of load, 10-30 MiB less RSS after it). It needs no network: static training keys, an upstream on loopback that
# checks no signature. Trained with the runtime's JVM flags, so the cache matches the JVM that uses it (the
# collector in particular).
ENV JAVA_TOOL_OPTIONS="-XX:+UseSerialGC -XX:MaxRAMPercentage=25 -XX:MinRAMPercentage=25 -XX:InitialRAMPercentage=12.5 -XX:NewRatio=1 -XX:TrimNativeHeapInterval=5000 -XX:+ExitOnOutOfMemoryError -Djava.io.tmpdir=/tmp"
RUN cd /app && java /src/src/aot/AotTraining.java --seconds 30 -- \
      java --enable-native-access=ALL-UNNAMED -XX:AOTCacheOutput=/app/sigv4-gateway.aot \
      -jar /app/sigv4-gateway.jar --sigv4-gateway.region=us-east-1 --sigv4-gateway.service=lambda \
      --sigv4-gateway.credentials.default.type=static \
      --sigv4-gateway.credentials.default.access-key-id=AKIDTRAINING \
      --sigv4-gateway.credentials.default.secret-access-key=training-only \
      --sigv4-gateway.credentials.default.verify-identity=false

FROM eclipse-temurin:25.0.3_9-jre-noble
RUN groupadd --system --gid 10001 sigv4 && useradd --system --uid 10001 --gid 10001 --no-create-home sigv4
COPY --from=build --chown=10001:10001 /app /app
WORKDIR /app
USER 10001:10001
# Tunable JVM flags (override the whole variable to change them): the serial collector (a sidecar on a core or
# two: smallest footprint, no GC threads competing with the event loops), heap up to a quarter of the container's
# memory limit (measured: the rest of the process, metaspace, code cache, the AOT cache and Netty's direct
# buffers, takes 150-200 MiB; at half of a 512Mi limit the process reached 465 MiB; MinRAMPercentage too, or under
# ~504 MiB the JVM ignores MaxRAMPercentage and takes 126 MiB). The heap starts at an eighth of the limit, half of
# it young (InitialRAMPercentage, NewRatio): a request's garbage then dies young. With the JVM's default start (8 MiB,
# a 2.4 MiB young generation collected 20 times a second under load) in-flight requests were promoted, the old
# generation filled with them until a full GC (190 ms) and the heap ended at its limit: 65 MiB more RSS after the
# same load, and young pauses twice as long. Exit rather than limp on when out of memory, temp files on the /tmp
# volume. Native memory the JIT and Netty freed is handed back every 5 s
# (TrimNativeHeapInterval: measured 30-40 MiB of RSS), and two malloc arenas instead of one per core keep it down.
# JSON (ECS) logs.
ENV JAVA_TOOL_OPTIONS="-XX:+UseSerialGC -XX:MaxRAMPercentage=25 -XX:MinRAMPercentage=25 -XX:InitialRAMPercentage=12.5 -XX:NewRatio=1 -XX:TrimNativeHeapInterval=5000 -XX:+ExitOnOutOfMemoryError -Djava.io.tmpdir=/tmp" \
    MALLOC_ARENA_MAX=2 \
    LOGGING_STRUCTURED_FORMAT_CONSOLE=ecs
# /tmp is the only path written to, so the image runs with --read-only.
VOLUME /tmp
EXPOSE 8080 8081
# The JRE image has no curl: bash asks the readiness endpoint on the management port.
HEALTHCHECK --interval=5s --timeout=3s --start-period=10s --retries=3 \
  CMD ["bash", "-c", "exec 3<>/dev/tcp/127.0.0.1/8081 && printf 'GET /actuator/health/readiness HTTP/1.0\\r\\n\\r\\n' >&3 && grep -q '\"UP\"' <&3"]
# The AOT cache is used when it matches this JVM (a mismatch only costs startup time). Netty loads its native
# transport: allowed up front, so the JVM prints no warning between the JSON log lines.
ENTRYPOINT ["java", "--enable-native-access=ALL-UNNAMED", "-XX:AOTCache=/app/sigv4-gateway.aot", \
            "-jar", "/app/sigv4-gateway.jar"]
