# Builds and runs the hub. Used by docker-compose.yml (profile `stack`).
FROM eclipse-temurin:17-jdk AS build
WORKDIR /src
COPY .mvn .mvn
COPY mvnw pom.xml ./
RUN ./mvnw -q -B dependency:go-offline
COPY src src
RUN ./mvnw -q -B -DskipTests package && cp target/deepseaguard-*.jar /app.jar

FROM eclipse-temurin:17-jre
RUN useradd --system --home /var/lib/deepseaguard deepseaguard && mkdir -p /var/lib/deepseaguard/routes \
    && chown -R deepseaguard /var/lib/deepseaguard
USER deepseaguard
WORKDIR /var/lib/deepseaguard
COPY --from=build /app.jar /opt/deepseaguard/app.jar
EXPOSE 8080
ENTRYPOINT ["java", "-jar", "/opt/deepseaguard/app.jar"]
