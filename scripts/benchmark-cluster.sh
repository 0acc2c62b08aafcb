#!/bin/bash
# Issue 12's rows (docs/benchmarks.md, "Two instances against one (issue 12)"): HTTP ingestion of
# `stack` hubs on loopback, the load generator flat out, three rows:
#   1  one hub, cluster mode off (as scripts/benchmark-influx.sh with InfluxDB off; Kafka ingestion off)
#   2  one hub in cluster mode (HTTP -> Kafka auv_telemetry -> route ingest-kafka judges)
#   3  two hubs in cluster mode (18081 and 18082, one database, one Redis prefix); one generator
#      sends half of the vehicles to each (--url=A,B: client thread t to hub t mod 2)
# In cluster mode an HTTP 202 means "on Kafka", not "judged": after the generator is done the script
# waits until the fix log (PostgreSQL fix_log) holds every accepted fix (or stops growing), then
# reports the fixes judged per second from the first fix to the last judged one and the lag from the
# end of the load to the last judged fix, and checks that nothing was lost or doubled: the client's
# own total (warm-up, window and closing fixes) = the hubs' valid HTTP items = the fixes judged from
# Kafka = the rows of fix_log, no duplicates, the consumer group's offsets all committed (every record
# on Kafka consumed: a record holds one vehicle's fixes of a request, or a configuration marker), no
# dead letters.
# Kafka: there is none on this machine; an embedded KRaft broker from the test classpath
# (org.deepseaguard.bench.KafkaBroker, 4 partitions) on 127.0.0.1:$KAFKA_PORT, started afresh for
# rows 2 and 3 (its data lives in temporary directories removed when it stops).
# Needs PostgreSQL, Redis, RabbitMQ (rabbitmqctl: the hubs get a vhost of their own, so they never
# meet other hubs' queues) on 127.0.0.1. Results in $OUT, logs next to it; every process it starts is
# stopped at the end, its database and vhost dropped (KEEP=yes keeps them for a look).
# Run from the repository root: bash scripts/benchmark-cluster.sh
#   DURATION=60 WARMUP=15 (the generator's measured window and warm-up, s), ROWS="1 2 3",
#   THREADS=2 (client threads per hub), BATCH=1000 (fixes per request, as the issue-8 load; a request
#   longer than Tomcat's 30 s async timeout would be answered 503 while its fixes go on: the check
#   then fails, use a smaller BATCH for all rows), DRAIN_MAX=900 (s to wait
#   for the judging to catch up), STALL=60 (s without a new fix_log row before giving up waiting),
#   KAFKA_PORT=19092, BUILD=no (reuse $BENCH_DIR/hub-cluster.jar and target/test-classes)
set -u
W=${BENCH_DIR:-/tmp/bench}; mkdir -p $W
OUT=$W/cluster.out; : > $OUT
DURATION=${DURATION:-60}; WARMUP=${WARMUP:-15}; ROWS=${ROWS:-1 2 3}; THREADS=${THREADS:-2}; BATCH=${BATCH:-1000}
DRAIN_MAX=${DRAIN_MAX:-900}; STALL=${STALL:-60}; KAFKA_PORT=${KAFKA_PORT:-19092}
DB=dsg_bench_cluster; PREFIX=dsgbenchcluster:; VHOST=dsg_bench_cluster
KEY=it-admin-key
KEY_SHA=c81407b5b47ade8fcc850050f2a85e4b6ee2f35f3f5cd9c4c1408c6a7ee98893   # sha256("it-admin-key")
LOAD_ARGS="--api-key=$KEY --vehicles=2000 --synthetic-zones=1000 --duration=$DURATION --warmup=$WARMUP --batch=$BATCH"
HUB_PIDS=(); BROKER_PID=

say() { echo "[bench-cluster $(date -u +%T)] $*" >&2; }
out() { echo "$*" >> $OUT; say "$*"; }
psql_() { psql -h 127.0.0.1 -U postgres -qtAX "$@"; }

stop_hubs() {
  for pid in "${HUB_PIDS[@]}"; do kill -- -$pid 2>/dev/null; done
  for pid in "${HUB_PIDS[@]}"; do for i in $(seq 1 30); do kill -0 $pid 2>/dev/null || break; sleep 1; done; kill -9 -- -$pid 2>/dev/null; done
  HUB_PIDS=()
}
stop_broker() {   # the Maven process and the broker's JVM it forked: one process group (setsid)
  [ -n "$BROKER_PID" ] || return 0
  kill -- -$BROKER_PID 2>/dev/null
  for i in $(seq 1 30); do kill -0 -- -$BROKER_PID 2>/dev/null || break; sleep 1; done
  kill -9 -- -$BROKER_PID 2>/dev/null; BROKER_PID=
}
cleanup() {
  stop_hubs; stop_broker
  if [ "${KEEP:-no}" != yes ]; then
    psql_ -d test -c "DROP DATABASE IF EXISTS $DB WITH (FORCE)" 2>&1 | grep -v NOTICE
    rabbitmqctl -q delete_vhost $VHOST >/dev/null 2>&1
    redis-cli --scan --pattern "$PREFIX*" | xargs -r redis-cli del >/dev/null
  fi
}
trap cleanup EXIT
trap 'out "interrupted"; exit 130' INT TERM

port_free() { ! ss -ltn | grep -qE "[:.]$1 "; }

fresh_services() {   # an empty database, Redis prefix and RabbitMQ vhost for a row
  psql_ -d test -c "DROP DATABASE IF EXISTS $DB WITH (FORCE)" -c "CREATE DATABASE $DB" 2>&1 | grep -v NOTICE
  redis-cli --scan --pattern "$PREFIX*" | xargs -r redis-cli del >/dev/null
  rabbitmqctl -q delete_vhost $VHOST >/dev/null 2>&1
  rabbitmqctl -q add_vhost $VHOST && rabbitmqctl -q set_permissions -p $VHOST guest '.*' '.*' '.*' || { out "rabbitmqctl failed"; exit 1; }
}

start_broker() {
  port_free $KAFKA_PORT || { out "port $KAFKA_PORT is in use: set KAFKA_PORT"; exit 1; }
  setsid ./mvnw -q -o -Ploadgen exec:exec -Dloadgen.main=org.deepseaguard.bench.KafkaBroker \
    -Dloadgen.args="--port=$KAFKA_PORT --partitions=4" > $W/cluster-row$ROW-kafka.log 2>&1 < /dev/null &
  BROKER_PID=$!
  for i in $(seq 1 120); do grep -q "^kafka bootstrap" $W/cluster-row$ROW-kafka.log && break; sleep 1; done
  grep "^kafka bootstrap" $W/cluster-row$ROW-kafka.log >> $OUT || { out "the Kafka broker did not start: $W/cluster-row$ROW-kafka.log"; exit 1; }
}

kafka_offsets() {  # records on auv_telemetry and what group $GROUP committed, one JSON line
  ./mvnw -q -o -Ploadgen exec:exec -Dloadgen.main=org.deepseaguard.bench.KafkaBroker \
    -Dloadgen.args="offsets --bootstrap=127.0.0.1:$KAFKA_PORT --group=$GROUP" 2>/dev/null | grep -E "^\{"
}

# one stack hub: $1 name, $2 port, $3 cluster mode true|false
stack_hub() {
  port_free $2 || { out "port $2 is in use"; exit 1; }
  local args=(--server.port=$2 --server.address=127.0.0.1 --spring.profiles.active=stack
    --deepseaguard.alerts.secret-key=YmVuY2htYXJrLWFsZXJ0LXNlY3JldC1rZXktMzJieXQ=
    --spring.datasource.url=jdbc:postgresql://127.0.0.1:5432/$DB --deepseaguard.redis.key-prefix=$PREFIX
    "--deepseaguard.security.api-keys[0]=$KEY_SHA:admin" --deepseaguard.amqp.enabled=true --spring.rabbitmq.virtual-host=$VHOST
    --deepseaguard.analytics.kafka.enabled=false --deepseaguard.ingest.mqtt.enabled=false
    --deepseaguard.alerts.email.enabled=false --deepseaguard.demo.enabled=false --deepseaguard.influxdb.enabled=false
    --camel.main.name=dsg-bench-$1)
  if [ $3 = true ]; then
    args+=(--deepseaguard.ingest.kafka.enabled=true --deepseaguard.cluster.enabled=true
      --camel.component.kafka.brokers=127.0.0.1:$KAFKA_PORT --deepseaguard.ingest.kafka.group-id=$GROUP)
  else
    args+=(--deepseaguard.ingest.kafka.enabled=false)
  fi
  setsid java -Xmx2g -jar $W/hub-cluster.jar "${args[@]}" > $W/cluster-row$ROW-$1.log 2>&1 < /dev/null &
  local pid=$!; HUB_PIDS+=($pid)
  for i in $(seq 1 120); do
    curl -s -o /dev/null -w "%{http_code}" -H "X-API-Key: $KEY" http://127.0.0.1:$2/api/v1/status | grep -q 200 && return 0
    kill -0 $pid 2>/dev/null || break; sleep 1
  done
  out "hub $1 did not start: $W/cluster-row$ROW-$1.log"; tail -20 $W/cluster-row$ROW-$1.log >&2; exit 1
}

# partitions of auv_telemetry a hub was last assigned (its ClusterRebalance log line)
assigned() { grep "Assigned partitions" $W/cluster-row$ROW-$1.log | tail -1 | grep -o "auv_telemetry-[0-9]*" | wc -l; }
await_partitions() {   # every hub named in $@ holds some partitions, 4 in all
  for i in $(seq 1 120); do
    local total=0 ok=yes
    for h in "$@"; do local n=$(assigned $h); [ $n -gt 0 ] || ok=no; total=$((total + n)); done
    [ $ok = yes ] && [ $total = 4 ] && { out "partitions: $(for h in "$@"; do echo -n "$h $(assigned $h) "; done)"; return 0; }
    sleep 1
  done
  out "the consumer group did not settle on 4 partitions"; exit 1
}

prom() { curl -s -H "X-API-Key: $KEY" http://127.0.0.1:$1/actuator/prometheus; }
# $1 file of scraped metrics, $2 metric, $3 a regex the labels must match (Micrometer writes them in
# alphabetical order: channel, outcome): the sum of the series
metric() { grep "^$2{" $1 | grep -E "$3" | awk '{s += $NF} END {printf "%.0f", s}'; }

# the row: $1 label, then name:port of each hub (the generator's --url lists them in this order)
measure() {
  local label=$1; shift
  local urls=""
  for hp in "$@"; do urls="$urls${urls:+,}http://127.0.0.1:${hp##*:}"; done
  local threads=$((THREADS * $#))
  out "row $ROW $label: $# hub(s), --url=$urls --threads=$threads, $(date -u +%FT%TZ), load average $(cut -d' ' -f1-3 /proc/loadavg)"
  local lgout=$W/cluster-row$ROW-loadgen.log
  ./mvnw -q -o -Ploadgen exec:exec -Dloadgen.args="--url=$urls $LOAD_ARGS --threads=$threads" > $lgout 2>&1
  local json=$(grep -E "^\{" $lgout | tail -1)
  [ -n "$json" ] || { out "the load generator failed: $lgout"; tail -20 $lgout >&2; return 1; }
  echo "$json" >> $OUT
  local client=$(grep -o "run total: [0-9]* fixes accepted.*" $lgout)
  local c_acc=$(echo "$client" | sed -E 's/run total: ([0-9]+) fixes accepted .* \+ ([0-9]+) closing fixes, ([0-9]+) errors/\1/')
  local c_close=$(echo "$client" | sed -E 's/run total: ([0-9]+) fixes accepted .* \+ ([0-9]+) closing fixes, ([0-9]+) errors/\2/')
  local c_err=$(echo "$client" | sed -E 's/run total: ([0-9]+) fixes accepted .* \+ ([0-9]+) closing fixes, ([0-9]+) errors/\3/')
  local c_total=$((c_acc + c_close))
  local ended=$(date +%s.%N)

  # every HTTP request has been answered: what the hubs took is fixed now
  local http_valid=0
  for hp in "$@"; do
    prom ${hp##*:} > $W/cluster-row$ROW-${hp%%:*}.prom
    local f=$W/cluster-row$ROW-${hp%%:*}.prom
    http_valid=$((http_valid + $(metric $f deepseaguard_fixes_received_total 'channel="http"') - $(metric $f deepseaguard_fixes_total 'channel="http",outcome="rejected"')))
  done

  # wait for the judging: fix_log reaches what the hubs took, or stops growing for $STALL s
  local n=0 last=-1 since=$(date +%s) start=$(date +%s)
  while true; do
    n=$(psql_ -d $DB -c "SELECT count(*) FROM fix_log")
    [ "$n" -ge $http_valid ] && break
    [ "$n" != "$last" ] && { last=$n; since=$(date +%s); }
    [ $(( $(date +%s) - since )) -ge $STALL ] && { out "fix_log stopped growing at $n of $http_valid"; break; }
    [ $(( $(date +%s) - start )) -ge $DRAIN_MAX ] && { out "gave up waiting after $DRAIN_MAX s: fix_log $n of $http_valid"; break; }
    sleep 2
  done
  local waited=$(echo "scale=1; ($(date +%s.%N) - $ended) / 1" | bc)
  sleep 3   # the last batches' counters and offset commits

  # fix_log: count, first fix (event time = the generator's clock), last judged (received_at = when judged)
  local fl=$(psql_ -d $DB -F' ' -c "SELECT count(*), sum(CASE WHEN late THEN 1 ELSE 0 END),
      round(extract(epoch FROM max(received_at) - min(fix_time))::numeric, 3),
      round(extract(epoch FROM max(received_at) - max(fix_time))::numeric, 3),
      round(extract(epoch FROM max(fix_time) - min(fix_time))::numeric, 3) FROM fix_log")
  read fl_n fl_late fl_span fl_lag fl_sent_span <<< "$fl"
  local dead=$(psql_ -d $DB -c "SELECT count(*) FROM dead_letters")
  local judged=0 dup=0 late=0 per_hub=""
  for hp in "$@"; do
    local f=$W/cluster-row$ROW-${hp%%:*}.prom
    prom ${hp##*:} > $f
    per_hub="$per_hub${per_hub:+; }${hp%%:*} took $(metric $f deepseaguard_fixes_received_total 'channel="http"') over HTTP, judged $(metric $f deepseaguard_fixes_total 'channel="(http|kafka)",outcome="(applied|late|duplicate)"')"
    judged=$((judged + $(metric $f deepseaguard_fixes_total 'channel="(http|kafka)",outcome="(applied|late|duplicate)"')))
    dup=$((dup + $(metric $f deepseaguard_fixes_total "outcome=\"duplicate\"")))
    late=$((late + $(metric $f deepseaguard_fixes_total "outcome=\"late\"")))
  done
  local kafka_line="-" records=$http_valid klag=0 shown="- (no Kafka)"
  if [ "$label" != solo ]; then
    kafka_line=$(kafka_offsets)
    records=$(echo "$kafka_line" | jq .records); klag=$(echo "$kafka_line" | jq .lag); shown=$records
    echo "kafka: $kafka_line" >> $OUT
  fi

  local rate=$(echo "$json" | jq .fixes_per_s) p50=$(echo "$json" | jq -r '.latency_ms.p50 // "n/a"') p99=$(echo "$json" | jq -r '.latency_ms.p99 // "n/a"') hubrate=$(echo "$json" | jq .hub_fixes_per_s)
  local matched=$(echo "$json" | jq .latency_ms.matched) probes=$(echo "$json" | jq .latency_ms.probes)
  local judged_rate=$(echo "scale=1; $fl_n / $fl_span" | bc) sent_rate=$(echo "scale=1; $fl_n / $fl_sent_span" | bc)
  local verdict=OK
  # Kafka records are not fixes: one record holds a vehicle's fixes of one request, and configuration
  # changes (the set-up's zones and rules) put a marker on every partition; all must be consumed
  [ "$c_err" = 0 ] && [ $c_total = $http_valid ] && [ $http_valid = $judged ] && [ $judged = $fl_n ] \
    && [ "$dup" = 0 ] && [ "$dead" = 0 ] && [ "$klag" = 0 ] || verdict=FAILED
  out "row $ROW $label result: client $rate fixes/s accepted in the window, p50 / p99 $p50 / $p99 ms ($matched of $probes probes); judged in the window $hubrate fixes/s (hub counters); judged over the run $judged_rate fixes/s ($fl_n fixes, first fix -> last judged $fl_span s; sent over $fl_sent_span s = $sent_rate fixes/s); lag end of load -> last judged $fl_lag s (waited $waited s after the generator)"
  out "row $ROW $label check: client accepted $c_total ($c_acc + $c_close closing, $c_err errors) = hubs' valid HTTP items $http_valid = judged $judged = fix_log $fl_n; duplicates $dup, late $late (fix_log $fl_late), dead letters $dead, Kafka records $shown all consumed (lag $klag): $verdict"
  [ $# -gt 1 ] && out "row $ROW $label per hub: $per_hub"
  if [ "$c_err" != 0 ]; then
    # e.g. 503 with "detail":null: Tomcat's async timeout (30 s) answered a request whose route went on
    # forwarding (or judging) its fixes, so the hub has fixes the client counts as failed
    out "row $ROW $label client errors: $(grep -m1 -o "first error: .*" $lgout | cut -c1-300)"
  fi
  SUMMARY="$SUMMARY
| $ROW | $label | $rate | $sent_rate | $p50 / $p99 ($matched of $probes) | $hubrate | $judged_rate | $fl_lag | $c_total / $shown / $fl_n | $dup / $late / $dead | $verdict |"
}

main() {
  cd "$(dirname "$0")/.."
  if [ "${BUILD:-yes}" = yes ]; then
    say "building"
    ./mvnw -o -q package -DskipTests 2>&1 | tail -3
    cp target/deepseaguard-0.1.0-SNAPSHOT.jar $W/hub-cluster.jar
  fi
  [ -f $W/hub-cluster.jar ] || { echo "no $W/hub-cluster.jar (BUILD=no)"; exit 1; }
  out "commit $(git rev-parse --short HEAD)$(git diff --quiet HEAD -- src pom.xml || echo -dirty) $(date -u +%FT%TZ), DURATION=$DURATION WARMUP=$WARMUP THREADS=$THREADS (per hub) BATCH=$BATCH, nproc $(nproc)"
  SUMMARY="| row | hubs | client fixes/s (window) | sent/s (run) | fix -> violation p50 / p99 ms (matched of probes) | judged/s (window) | judged/s (run) | lag s | client total / Kafka records / fix_log | duplicates / late / dead letters | check |"
  for ROW in $ROWS; do
    fresh_services
    GROUP=dsg-bench-row$ROW-$(date +%s)
    case $ROW in
      1) stack_hub solo 18081 false
         measure solo solo:18081 ;;
      2) start_broker
         stack_hub a 18081 true
         await_partitions a
         measure cluster-1 a:18081 ;;
      3) start_broker
         stack_hub a 18081 true
         stack_hub b 18082 true
         await_partitions a b
         measure cluster-2 a:18081 b:18082 ;;
      *) out "no row $ROW" ;;
    esac
    stop_hubs; stop_broker
  done
  out "$SUMMARY"
  echo done >> $OUT
}
# all of it parsed before it runs: editing this file during a run does not disturb the run
main "$@"; exit
