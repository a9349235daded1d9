# One image for every ZapLoop component: `zaploop run <component> --bootstrap kafka:9092`.
FROM maven:3.9-eclipse-temurin-17 AS build
WORKDIR /src
COPY pom.xml ./
COPY protocol protocol
COPY test-support test-support
COPY realtime-sim realtime-sim
COPY ingest ingest
COPY stream-processors stream-processors
COPY stimulus-controller stimulus-controller
COPY dashboards dashboards
COPY load-tests load-tests
COPY launcher launcher
RUN mvn -B -q -DskipTests package

FROM eclipse-temurin:17-jre
WORKDIR /opt/zaploop
COPY --from=build /src/launcher/target/zaploop.jar ./zaploop.jar
COPY --from=build /src/launcher/target/lib ./lib
RUN printf '#!/bin/sh\nexec java $ZAPLOOP_JAVA_OPTS -Dzaploop.home=/var/lib/zaploop -jar /opt/zaploop/zaploop.jar "$@"\n' \
      > /usr/local/bin/zaploop && chmod +x /usr/local/bin/zaploop && mkdir -p /var/lib/zaploop
ENTRYPOINT ["zaploop"]
