#!/bin/bash
# Issue 8's benchmark rows (docs/benchmarks.md, "Results (issue 8)"): ingestion throughput in `stack`
# with InfluxDB on against the same run with it off, alternating (off, on, off, on) so the machine's
# drift hits both alike; after each run with InfluxDB on, the points written are counted against the
# fixes the hub applied. Then row 1 of the issue-7 table (default profile) on this commit, which has the
# fix log's second index (V5). Needs PostgreSQL, Redis and InfluxDB on 127.0.0.1; results in $OUT.
# Run from the repository root: bash scripts/benchmark-influx.sh   (PAIRS=2 off/on pairs; ROW1=no skips row 1)
set -u
W=${BENCH_DIR:-/tmp/bench}; mkdir -p $W
OUT=$W/influx.out; : > $OUT
KEY_SHA=c81407b5b47ade8fcc850050f2a85e4b6ee2f35f3f5cd9c4c1408c6a7ee98893   # sha256("it-admin-key")
stack_hub() {  # $1 = true|false: InfluxDB on
  pkill -f "hub.jar --server.port=18081"; sleep 2
  redis-cli --scan --pattern 'dsgbench:*' | xargs -r redis-cli del >/dev/null
  psql -h 127.0.0.1 -U postgres -d test -qc "DROP DATABASE IF EXISTS dsg_bench WITH (FORCE)" -qc "CREATE DATABASE dsg_bench" 2>&1 | grep -v NOTICE
  curl -s -XPOST http://127.0.0.1:8086/query --data-urlencode "q=DROP DATABASE dsg_bench" >/dev/null
  (setsid java -Xmx2g -jar $W/hub.jar --server.port=18081 --spring.profiles.active=stack --deepseaguard.alerts.secret-key=YmVuY2htYXJrLWFsZXJ0LXNlY3JldC1rZXktMzJieXQ= \
    --spring.datasource.url=jdbc:postgresql://127.0.0.1:5432/dsg_bench --deepseaguard.redis.key-prefix=dsgbench: \
    "--deepseaguard.security.api-keys[0]=$KEY_SHA:admin" --deepseaguard.amqp.enabled=true \
    --deepseaguard.ingest.kafka.enabled=false --deepseaguard.analytics.kafka.enabled=false \
    --deepseaguard.ingest.mqtt.enabled=false --deepseaguard.alerts.email.enabled=false --deepseaguard.demo.enabled=false \
    --deepseaguard.influxdb.enabled=$1 --deepseaguard.influxdb.database=dsg_bench > $W/stack-influx-$1.log 2>&1 &)
  for i in $(seq 1 90); do curl -s -o /dev/null -w "%{http_code}" -H 'X-API-Key: it-admin-key' http://127.0.0.1:18081/api/v1/status | grep -q "200" && break; sleep 1; done
}
lg() { ./mvnw -q -o -Ploadgen exec:exec -Dloadgen.args="$1" 2>&1 | grep -E "^\{" >> $OUT; }
STACK_ARGS="--url=http://127.0.0.1:18081 --api-key=it-admin-key --vehicles=2000 --synthetic-zones=1000 --duration=60 --warmup=15 --batch=1000 --threads=2"
./mvnw -o -q package -DskipTests 2>&1 | tail -3
cp target/deepseaguard-0.1.0-SNAPSHOT.jar $W/hub.jar
echo "commit $(git rev-parse --short HEAD) $(date -u +%FT%TZ)" >> $OUT
for influx in $(for i in $(seq 1 ${PAIRS:-2}); do echo false true; done); do
  echo "stack-http influxdb=$influx" >> $OUT
  stack_hub $influx
  lg "$STACK_ARGS"
  if [ $influx = true ]; then
    sleep 5   # the last flush (1 s) and any retry
    echo -n "hub: " >> $OUT; curl -s -H 'X-API-Key: it-admin-key' http://127.0.0.1:18081/api/v1/status >> $OUT; echo >> $OUT
    echo -n "influx: " >> $OUT
    curl -s -XPOST 'http://127.0.0.1:8086/query?db=dsg_bench' --data-urlencode "q=SELECT count(latitude) FROM auv_position" >> $OUT; echo >> $OUT
    echo -n "parked: " >> $OUT
    psql -h 127.0.0.1 -U postgres -d dsg_bench -tAc "SELECT count(*) FROM dead_letters WHERE route_id LIKE 'influxdb%'" >> $OUT
  fi
done
pkill -f "hub.jar --server.port=18081"
if [ "${ROW1:-yes}" = yes ]; then
echo "row1 default profile" >> $OUT
pkill -f "hub.jar --server.port=18080"; sleep 2; rm -rf $W/d
(setsid java -Xmx2g -jar $W/hub.jar --server.port=18080 --deepseaguard.data-dir=$W/d --deepseaguard.simulator.enabled=false > $W/h.log 2>&1 &)
for i in $(seq 1 90); do curl -sf http://127.0.0.1:18080/api/v1/status >/dev/null && break; sleep 1; done
lg "--url=http://127.0.0.1:18080 --vehicles=2000 --synthetic-zones=10000 --duration=60 --warmup=15 --batch=1000 --threads=2"
pkill -f "hub.jar --server.port=18080"
fi
echo done >> $OUT
