#!/bin/bash
# Issue 9's soak (docs/reliability.md, "Back-pressure"): the default-profile hub (-Xmx1g) under the
# benchmark's paced load (5,000 fixes/s, 2,000 vehicles, ISA + 1,000 synthetic zones) for 10 minutes;
# every minute a full GC and the heap it left (the live set, from the GC log), so a leak shows as a
# rising line. Results in $OUT (one line per minute: elapsed seconds, live set; then the load
# generator's JSON line and the hub's status).
# Run from the repository root: bash scripts/soak.sh   (SOAK_SECONDS=600 RATE=5000 to change)
# PROFILE=stack: the stack profile instead (PostgreSQL database dsg_soak, made afresh; Redis prefix
# dsgsoak:; RabbitMQ outputs; InfluxDB database dsg_soak; Kafka, MQTT and email off), so that the
# database's memory is not the hub's (H2 lives in the hub's heap).
set -u
W=${BENCH_DIR:-/tmp/bench}; mkdir -p $W
OUT=$W/soak.out; : > $OUT
SECONDS_TOTAL=${SOAK_SECONDS:-600}
./mvnw -o -q package -DskipTests 2>&1 | tail -3
cp target/deepseaguard-0.1.0-SNAPSHOT.jar $W/hub.jar
echo "commit $(git rev-parse --short HEAD) $(date -u +%FT%TZ)" >> $OUT
pkill -f "hub.jar --server.port=18080"; sleep 2; rm -rf $W/soak-data $W/soak-gc.log
KEY=it-admin-key; KEY_SHA=c81407b5b47ade8fcc850050f2a85e4b6ee2f35f3f5cd9c4c1408c6a7ee98893   # sha256("it-admin-key")
if [ "${PROFILE:-default}" = stack ]; then
  echo "profile stack" >> $OUT
  redis-cli --scan --pattern 'dsgsoak:*' | xargs -r redis-cli del >/dev/null
  psql -h 127.0.0.1 -U postgres -d test -qc "DROP DATABASE IF EXISTS dsg_soak WITH (FORCE)" -qc "CREATE DATABASE dsg_soak" 2>&1 | grep -v NOTICE
  curl -s -XPOST http://127.0.0.1:8086/query --data-urlencode "q=DROP DATABASE dsg_soak" >/dev/null
  PROFILE_ARGS="--spring.profiles.active=stack --deepseaguard.alerts.secret-key=YmVuY2htYXJrLWFsZXJ0LXNlY3JldC1rZXktMzJieXQ= --server.address=127.0.0.1 --spring.datasource.url=jdbc:postgresql://127.0.0.1:5432/dsg_soak
    --deepseaguard.redis.key-prefix=dsgsoak: --deepseaguard.security.api-keys[0]=$KEY_SHA:admin
    --deepseaguard.ingest.kafka.enabled=false --deepseaguard.analytics.kafka.enabled=false --deepseaguard.ingest.mqtt.enabled=false
    --deepseaguard.alerts.email.enabled=false --deepseaguard.demo.enabled=false --deepseaguard.influxdb.database=dsg_soak"
else
  echo "profile default" >> $OUT
  PROFILE_ARGS="--deepseaguard.security.api-keys[0]=$KEY_SHA:admin"
fi
(setsid java -Xmx1g -Xlog:gc:file=$W/soak-gc.log -jar $W/hub.jar --server.port=18080 --deepseaguard.data-dir=$W/soak-data \
  --deepseaguard.simulator.enabled=false $PROFILE_ARGS > $W/soak-hub.log 2>&1 &)
for i in $(seq 1 90); do curl -sf -H "X-API-Key: $KEY" http://127.0.0.1:18080/api/v1/status >/dev/null && break; sleep 1; done
PID=$(pgrep -f "hub.jar --server.port=18080")
( ./mvnw -q -o -Ploadgen exec:exec -Dloadgen.args="--url=http://127.0.0.1:18080 --api-key=$KEY --vehicles=2000 --synthetic-zones=1000 \
    --duration=$SECONDS_TOTAL --warmup=10 --rate=${RATE:-5000} --threads=2 --breach-share=0.002" 2>&1 | grep -E "^\{" >> $OUT ) &
LOADGEN=$!
START=$(date +%s)
while kill -0 $LOADGEN 2>/dev/null; do
  sleep 60
  jcmd $PID GC.run >/dev/null 2>&1
  # the live set: what the full GC left ("Pause Full (Diagnostic Command) 412M->97M(1024M)"); the heap's
  # "used" a moment later already holds new garbage (the hub allocates hundreds of MB a second)
  after=$(grep 'Pause Full (Diagnostic Command)' $W/soak-gc.log | tail -1 | sed -E 's/.*->([0-9]+M).*/\1/')
  echo "$(( $(date +%s) - START )) s live_after_full_gc=$after" >> $OUT
done
curl -s -H "X-API-Key: $KEY" http://127.0.0.1:18080/api/v1/status >> $OUT; echo >> $OUT
pkill -f "hub.jar --server.port=18080"
echo done >> $OUT
