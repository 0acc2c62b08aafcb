package org.deepseaguard.hub.timeseries;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.concurrent.TimeUnit;
import okhttp3.OkHttpClient;
import org.deepseaguard.hub.service.VehicleService;
import org.influxdb.InfluxDB;
import org.influxdb.InfluxDBFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * InfluxDB when {@code deepseaguard.influxdb.enabled}: the client (bean {@code influxDb}, used by the
 * {@code influxdb:} endpoint of {@link InfluxRoutes}), its setup, the points and the track source.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "deepseaguard.influxdb.enabled", havingValue = "true")
public class InfluxConfiguration {

    @Bean(destroyMethod = "close")
    InfluxDB influxDb(InfluxProperties properties) {
        long timeout = properties.timeout().toMillis();
        OkHttpClient.Builder http = new OkHttpClient.Builder()
                .connectTimeout(timeout, TimeUnit.MILLISECONDS)
                .readTimeout(timeout, TimeUnit.MILLISECONDS)
                .writeTimeout(timeout, TimeUnit.MILLISECONDS);
        return properties.username().isEmpty()
                ? InfluxDBFactory.connect(properties.url(), http)
                : InfluxDBFactory.connect(properties.url(), properties.username(), properties.password(), http);
    }

    @Bean(initMethod = "tryEnsure")
    InfluxSchema influxSchema(InfluxDB influxDb, InfluxProperties properties) {
        return new InfluxSchema(influxDb, properties);
    }

    @Bean
    InfluxPoints influxPoints(InfluxProperties properties, VehicleService vehicles, ObjectMapper json) {
        return new InfluxPoints(properties, vehicles, json);
    }

    @Bean
    TrackSource influxTracks(InfluxDB influxDb, InfluxProperties properties) {
        return new InfluxTracks(influxDb, properties);
    }
}
