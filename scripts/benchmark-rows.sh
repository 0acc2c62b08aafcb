#!/bin/bash
# Every row of the issue-7 table in docs/benchmarks.md, one after the other, from one build.
# Needs (for the AMQP rows) RabbitMQ, PostgreSQL and Redis on 127.0.0.1; results in $OUT.
# Run from the repository root: bash scripts/benchmark-rows.sh
set -u
W=${BENCH_DIR:-/tmp/bench}; mkdir -p $W
OUT=$W/all.out; : > $OUT
REPO=$(pwd)
# the stack hub on port 18081: fresh database dsg_bench, Redis prefix dsgbench:, admin key "it-admin-key"
stack_hub() {
  pkill -f "hub.jar --server.port=18081"; sleep 2
  rabbitmqctl purge_queue auv_telemetry_raw >/dev/null 2>&1
  for q in critical_alerts compliance_violations geofencing_events warning_alerts alert_notifications deepseaguard.dlq; do rabbitmqctl purge_queue $q >/dev/null 2>&1; done
  redis-cli --scan --pattern 'dsgbench:*' | xargs -r redis-cli del >/dev/null
  psql -h 127.0.0.1 -U postgres -d test -qc "DROP DATABASE IF EXISTS dsg_bench WITH (FORCE)" -qc "CREATE DATABASE dsg_bench" 2>&1 | grep -v NOTICE
  (setsid java -Xmx2g -jar $W/hub.jar --server.port=18081 --spring.profiles.active=stack --deepseaguard.alerts.secret-key=YmVuY2htYXJrLWFsZXJ0LXNlY3JldC1rZXktMzJieXQ= --spring.datasource.url=jdbc:postgresql://127.0.0.1:5432/dsg_bench --deepseaguard.redis.key-prefix=dsgbench: "--deepseaguard.security.api-keys[0]=c81407b5b47ade8fcc850050f2a85e4b6ee2f35f3f5cd9c4c1408c6a7ee98893:admin" --deepseaguard.ingest.kafka.enabled=false --deepseaguard.analytics.kafka.enabled=false --deepseaguard.ingest.mqtt.enabled=false --deepseaguard.alerts.email.enabled=false --deepseaguard.demo.enabled=false > $W/stack.log 2>&1 &)
  for i in $(seq 1 90); do curl -s -o /dev/null -w "%{http_code}" -H 'X-API-Key: it-admin-key' http://127.0.0.1:18081/api/v1/status | grep -q "200" && break; sleep 1; done
}
cd "$REPO"
./mvnw -o -q package -DskipTests 2>&1 | tail -3
cp target/deepseaguard-0.1.0-SNAPSHOT.jar $W/hub.jar
echo "commit $(git rev-parse --short HEAD) $(date -u +%FT%TZ)" >> $OUT
lg() { ./mvnw -q -o -Ploadgen exec:exec -Dloadgen.args="$1" 2>&1 | grep -E "^\{" >> $OUT; }
http_hub() { pkill -f "hub.jar --server.port=1808"; sleep 2; rm -rf $W/d; (setsid java $1 -jar $W/hub.jar --server.port=18080 --deepseaguard.data-dir=$W/d --deepseaguard.simulator.enabled=false > $W/h.log 2>&1 &); for i in $(seq 1 90); do curl -sf http://127.0.0.1:18080/api/v1/status >/dev/null && break; sleep 1; done; }
echo "row1" >> $OUT; http_hub -Xmx2g
lg "--url=http://127.0.0.1:18080 --vehicles=2000 --synthetic-zones=10000 --duration=60 --warmup=15 --batch=1000 --threads=2"
echo "row2" >> $OUT; http_hub -Xmx2g
lg "--url=http://127.0.0.1:18080 --vehicles=2000 --synthetic-zones=10000 --duration=60 --warmup=15 --rate=5000 --threads=2 --breach-share=0.002"
echo "row5" >> $OUT; http_hub -Xmx1g
lg "--url=http://127.0.0.1:18080 --vehicles=100000 --synthetic-zones=0 --duration=25 --warmup=5 --batch=1000 --threads=2"
PID=$(pgrep -f "hub.jar --server.port=18080"); jcmd $PID GC.run >/dev/null; jcmd $PID GC.heap_info | head -2 >> $OUT
curl -s http://127.0.0.1:18080/api/v1/status >> $OUT; echo >> $OUT
pkill -f "hub.jar --server.port=18080"
echo "row3" >> $OUT; stack_hub
lg "--url=http://127.0.0.1:18081 --api-key=it-admin-key --channel=amqp --vehicles=1000 --synthetic-zones=1000 --duration=60 --warmup=10 --threads=2"
sleep 25; curl -s -H 'X-API-Key: it-admin-key' http://127.0.0.1:18081/api/v1/status >> $OUT; echo >> $OUT
echo "row4" >> $OUT; stack_hub
lg "--url=http://127.0.0.1:18081 --api-key=it-admin-key --channel=amqp --vehicles=1000 --synthetic-zones=1000 --duration=60 --warmup=20 --threads=2 --rate=2000 --breach-share=0.002"
pkill -f "hub.jar --server.port=18081"
echo "row6" >> $OUT
./mvnw -q -o -Pbench test-compile exec:exec -Djmh.args="EngineBenchmark.evaluate -p zones=1000,10000 -p rules=all -f 1 -wi 3 -w 2s -i 5 -r 2s" 2>&1 | grep -E "^EngineBenchmark|Benchmark " >> $OUT
echo done >> $OUT
