package org.deepseaguard.hub.it;

import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.apache.camel.test.spring.junit5.CamelSpringBootTest;
import org.deepseaguard.hub.DeepSeaGuardApplication;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.kafka.test.context.EmbeddedKafka;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.ContextConfiguration;
import org.springframework.test.context.TestPropertySource;

/**
 * An integration test of the hub in profile {@code stack} against the machine's real services:
 * RabbitMQ (127.0.0.1:5672), Mosquitto (1883), PostgreSQL (5432, a fresh database per context),
 * Redis (6379, the vehicle state store, a fresh key prefix per context), InfluxDB (8086, a fresh
 * database per context) and an embedded KRaft Kafka
 * broker. Each test class gets its own application context, closed after the
 * class, so no two contexts ever consume the same queues. A missing service fails the context start:
 * nothing is skipped.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Inherited
@CamelSpringBootTest
@SpringBootTest(classes = DeepSeaGuardApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@ActiveProfiles("stack")
@ContextConfiguration(initializers = {FreshPostgresDatabase.class, FreshRedisPrefix.class, FreshInfluxDatabase.class,
        EmptyBrokerQueues.class})
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
@EmbeddedKafka(kraft = true, partitions = 3, topics = {"auv_telemetry", "auv_analytics"},
        bootstrapServersProperty = "camel.component.kafka.brokers")
@TestPropertySource(properties = {
        // key "it-admin-key" (sha256) with role admin, "it-ingest-key" with role ingest
        "deepseaguard.security.api-keys[0]=" + StackTestSupport.ADMIN_KEY_SHA256 + ":admin",
        "deepseaguard.alerts.secret-key=" + StackTestSupport.ALERT_SECRET_KEY,
        "deepseaguard.security.api-keys[1]=" + StackTestSupport.INGEST_KEY_SHA256 + ":ingest",
        "deepseaguard.dead-letter.maximum-redeliveries=2",
        "deepseaguard.dead-letter.redelivery-delay=50ms",
        "deepseaguard.dead-letter.maximum-redelivery-delay=200ms",
        // a session of its own per context, ended at disconnect (the stack's fixed id and durable
        // session are exercised by MqttSessionIT, with hub JVMs of their own)
        "deepseaguard.ingest.mqtt.client-id=deepseaguard-it-${random.uuid}",
        "deepseaguard.ingest.mqtt.clean-start=true",
        "deepseaguard.ingest.mqtt.session-expiry-interval=0",
        "deepseaguard.simulator.enabled=false",
        // no SMTP server among the machine's services: email is tested with GreenMail (EmailAlertsTest)
        "deepseaguard.alerts.email.enabled=false",
        // an empty integrator routes folder (it must exist); YamlRouteIT points it elsewhere
        "deepseaguard.routes-dir=src/test/resources/it-no-routes",
        "camel.main.name=deepseaguard-it"
})
public @interface StackIT {
}
