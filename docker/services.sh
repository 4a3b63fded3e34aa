#!/usr/bin/env bash
# Start/stop the real backing services the test suite talks to, on loopback only:
# PostgreSQL 15, Redis, Elasticsearch 8 and (not a daemon, but a test dependency) Chromium.
#
#   docker/services.sh start    install what is missing, start what is down, print env lines
#   docker/services.sh stop     stop whatever is running (missing services are not an error)
#   docker/services.sh status   print each service's state; non-zero exit if any is down
#
# Written for a bare Debian 12 machine run as root without systemd or a docker engine
# (CI clones the repo somewhere fresh and calls this before the tests), so `start` installs
# its own packages and must stay idempotent. Progress goes to stderr; the service URLs and
# env lines go to stdout so callers can capture them.
set -euo pipefail

ROOT_DIR="$(cd "$(dirname "$0")/.." && pwd)"
# Runtime state lives next to the checkout (git-ignored), not in a fixed path, because
# CI's clone is not /work/main.
SVC_DIR="${SVC_DIR:-$ROOT_DIR/.services}"
LOG_DIR="$SVC_DIR/logs"

PG_VERSION=15
PG_CLUSTER=main
PG_PORT=5432
DB_NAME=civic DB_USER=civic DB_PASSWORD=civic
REDIS_PORT=6379

# integ-test-zip is the only Elasticsearch server build published as a Maven artifact,
# which is the only way to get one here (no other download host is reachable).
ES_VERSION="${ES_VERSION:-8.19.21}"
ES_PORT=9200
ES_USER="${ES_USER:-civic-es}"
ES_JAVA_OPTS="${ES_JAVA_OPTS:--Xms512m -Xmx512m}"
ES_WAIT="${ES_WAIT:-120}"   # seconds; a cold JVM on a busy CI box needs ~30 s

DATABASE_URL="postgres://$DB_USER:$DB_PASSWORD@127.0.0.1:$PG_PORT/$DB_NAME"
REDIS_URL="redis://127.0.0.1:$REDIS_PORT/0"
ELASTICSEARCH_URL="http://127.0.0.1:$ES_PORT"

export DEBIAN_FRONTEND=noninteractive

say()  { printf 'services: %s\n' "$*" >&2; }
die()  { printf 'services: ERROR: %s\n' "$*" >&2; exit 1; }
# Show why something failed, straight from its own log.
show_log() {
    local f
    for f in "$@"; do
        [[ -s $f ]] || continue
        printf -- '----- last lines of %s -----\n' "$f" >&2
        tail -n 40 "$f" >&2
    done
}
# Something (maybe not ours) accepts connections on this loopback port.
port_busy() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
# A proxy in the environment must never see loopback requests.
http_get() { curl -s --noproxy '*' --max-time 3 "$@"; }

# ---------------------------------------------------------------- packages

APT_UPDATED=0
# One apt transaction for everything missing: on a fresh machine that is most of the
# cold-start time, and a single dpkg run is much faster than four.
apt_install() {
    (($#)) || return 0
    say "installing: $*"
    # Wait for a concurrent apt/dpkg (e.g. unattended install) instead of failing on its lock.
    local apt=(apt-get -y -q -o DPkg::Lock::Timeout=600)
    if ((APT_UPDATED == 0)); then
        "${apt[@]}" update >"$LOG_DIR/apt.log" 2>&1 || { show_log "$LOG_DIR/apt.log"; die "apt-get update failed"; }
        APT_UPDATED=1
    fi
    # Recommends would drag in a desktop (printing, upower, ...) for chromium alone.
    "${apt[@]}" install --no-install-recommends "$@" >>"$LOG_DIR/apt.log" 2>&1 \
        || { show_log "$LOG_DIR/apt.log"; die "apt-get install $* failed"; }
}

have_pkg() { dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q 'install ok installed'; }

java17_home() {
    local d
    for d in /usr/lib/jvm/java-17-openjdk-*; do
        [[ -x $d/bin/java ]] && { echo "$d"; return 0; }
    done
    return 1
}

ensure_packages() {
    local want=()
    command -v pg_ctlcluster >/dev/null && [[ -x /usr/lib/postgresql/$PG_VERSION/bin/postgres ]] \
        || want+=(postgresql "postgresql-$PG_VERSION")
    command -v redis-server >/dev/null || want+=(redis-server)
    command -v redis-cli    >/dev/null || want+=(redis-tools)
    [[ -x /usr/bin/chromium ]] || want+=(chromium)
    # Test pages contain Azerbaijani (ə, ğ, ı, ş) and Cyrillic; DejaVu covers both and is ~1 MB.
    have_pkg fonts-dejavu-core || want+=(fonts-dejavu-core)
    command -v curl  >/dev/null || want+=(curl ca-certificates)
    command -v unzip >/dev/null || want+=(unzip)
    command -v mvn   >/dev/null || want+=(maven)
    # ES 8 accepts Java 17 (checked by running it); the integ-test-zip bundles no JDK.
    if [[ -z ${ES_JAVA_HOME:-} ]] && ! java17_home >/dev/null; then
        want+=(openjdk-17-jre-headless)
    fi
    apt_install "${want[@]}"
}

# ---------------------------------------------------------------- PostgreSQL

pg_up() { pg_isready -q -h 127.0.0.1 -p "$PG_PORT" -t 2 2>/dev/null; }
pg_log() { echo "/var/log/postgresql/postgresql-$PG_VERSION-$PG_CLUSTER.log"; }
# As the postgres superuser over the unix socket; cd / because postgres cannot read root's cwd.
pg_admin() { (cd / && runuser -u postgres -- psql -X -q -p "$PG_PORT" -v ON_ERROR_STOP=1 "$@"); }

start_postgres() {
    if ! pg_lsclusters -h 2>/dev/null | awk -v v="$PG_VERSION" -v c="$PG_CLUSTER" '$1==v && $2==c {f=1} END {exit !f}'; then
        say "creating cluster $PG_VERSION/$PG_CLUSTER"
        pg_createcluster "$PG_VERSION" "$PG_CLUSTER" --port "$PG_PORT" >/dev/null
    fi
    # /run is a tmpfs: after a reboot the socket directory is gone.
    install -d -o postgres -g postgres -m 2775 /var/run/postgresql
    if ! pg_ctlcluster "$PG_VERSION" "$PG_CLUSTER" status >/dev/null 2>&1; then
        say "starting postgresql $PG_VERSION"
        # pg_ctlcluster itself clears a stale postmaster.pid left by a reboot (and says so
        # on stdout, which is reserved for the env lines).
        pg_ctlcluster "$PG_VERSION" "$PG_CLUSTER" start 9>&- >&2 \
            || { show_log "$(pg_log)"; die "postgresql did not start"; }
    fi
    local i
    for ((i = 0; i < 30; i++)); do pg_up && break; sleep 1; done
    pg_up || { show_log "$(pg_log)"; die "postgresql is not accepting connections on 127.0.0.1:$PG_PORT"; }

    # Re-applied on every start so a role damaged by a test run is repaired; CREATEDB
    # because Django's test runner creates and drops test_civic itself.
    pg_admin <<SQL
DO \$\$BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '$DB_USER') THEN
    CREATE ROLE $DB_USER LOGIN;
  END IF;
END\$\$;
ALTER ROLE $DB_USER WITH LOGIN CREATEDB PASSWORD '$DB_PASSWORD';
SQL
    if [[ -z $(pg_admin -tAc "SELECT 1 FROM pg_database WHERE datname = '$DB_NAME'") ]]; then
        pg_admin -c "CREATE DATABASE $DB_NAME OWNER $DB_USER"
    fi
    # Prove the exact URL the tests will use (TCP + password auth), not just the socket.
    PGCONNECT_TIMEOUT=5 psql -X -q -tAc 'select 1' "$DATABASE_URL" >/dev/null \
        || { show_log "$(pg_log)"; die "cannot log in with $DATABASE_URL"; }
}

stop_postgres() {
    command -v pg_ctlcluster >/dev/null || return 0
    if pg_ctlcluster "$PG_VERSION" "$PG_CLUSTER" status >/dev/null 2>&1; then
        say "stopping postgresql"
        pg_ctlcluster "$PG_VERSION" "$PG_CLUSTER" stop >&2 || say "postgresql stop failed"
    fi
}

# ---------------------------------------------------------------- Redis

redis_up() { [[ $(redis-cli -h 127.0.0.1 -p "$REDIS_PORT" ping 2>/dev/null) == PONG ]]; }

start_redis() {
    redis_up && return 0
    port_busy "$REDIS_PORT" && die "127.0.0.1:$REDIS_PORT is taken by something that does not answer PING like redis"
    say "starting redis"
    # Pure cache for tests: no persistence, so a stop never leaves a dump to reload.
    redis-server --daemonize yes --bind 127.0.0.1 --port "$REDIS_PORT" --save "" --appendonly no \
        --dir "$SVC_DIR" --pidfile "$SVC_DIR/redis.pid" --logfile "$LOG_DIR/redis.log" 9>&- \
        || { show_log "$LOG_DIR/redis.log"; die "redis-server did not start"; }
    local i
    for ((i = 0; i < 20; i++)); do redis_up && return 0; sleep 0.5; done
    show_log "$LOG_DIR/redis.log"; die "redis is not answering PONG on 127.0.0.1:$REDIS_PORT"
}

stop_redis() {
    command -v redis-cli >/dev/null || return 0
    if redis_up; then
        say "stopping redis"
        redis-cli -h 127.0.0.1 -p "$REDIS_PORT" shutdown nosave >/dev/null 2>&1 || true
        # So that an immediate start finds the port free.
        local i
        for ((i = 0; i < 20; i++)); do redis_up || break; sleep 0.5; done
    fi
    rm -f "$SVC_DIR/redis.pid"
}

# ---------------------------------------------------------------- Elasticsearch

# Elasticsearch refuses to run as root, and its user must be able to reach its files. A
# checkout under a private directory (e.g. /root, mode 700) is not reachable by it, so
# the unpacked server then lives in that user's home instead.
es_base() {
    if id -u "$ES_USER" >/dev/null 2>&1 && runuser -u "$ES_USER" -- test -x "$SVC_DIR" 2>/dev/null; then
        echo "$SVC_DIR"
    else
        echo "/var/lib/$ES_USER"
    fi
}
es_pidfiles() { printf '%s\n' "$SVC_DIR/elasticsearch-$ES_VERSION/es.pid" "/var/lib/$ES_USER/elasticsearch-$ES_VERSION/es.pid"; }

es_health() { http_get "$ELASTICSEARCH_URL/_cluster/health" | grep -o '"status":"[a-z]*"' | cut -d'"' -f4; }
es_up() { [[ $(es_health) =~ ^(green|yellow)$ ]]; }

# A pid in a file left from before a reboot may now belong to an unrelated process.
es_pid_alive() {
    local pid
    pid=$(cat "$1" 2>/dev/null) || return 1
    [[ $pid =~ ^[0-9]+$ ]] && tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | grep -q org.elasticsearch
}

ensure_es_user() {
    id -u "$ES_USER" >/dev/null 2>&1 && return 0
    say "creating system user $ES_USER"
    useradd --system --user-group --home-dir "/var/lib/$ES_USER" --create-home --shell /usr/sbin/nologin "$ES_USER"
}

# Prints the unpacked ES_HOME, downloading and unzipping only the first time.
ensure_es_dist() {
    local base home zip_dir zip
    base=$(es_base)
    home="$base/elasticsearch-$ES_VERSION"
    if [[ ! -x $home/bin/elasticsearch ]]; then
        zip_dir="$SVC_DIR/downloads"
        zip="$zip_dir/elasticsearch-$ES_VERSION.zip"
        mkdir -p "$zip_dir"
        if [[ ! -s $zip ]]; then
            say "fetching elasticsearch $ES_VERSION (integ-test-zip) with maven"
            mvn -B -q dependency:copy \
                "-Dartifact=org.elasticsearch.distribution.integ-test-zip:elasticsearch:$ES_VERSION:zip" \
                "-DoutputDirectory=$zip_dir" >"$LOG_DIR/mvn.log" 2>&1 </dev/null \
                || { rm -f "$zip"; show_log "$LOG_DIR/mvn.log"; die "could not fetch elasticsearch $ES_VERSION"; }
        fi
        say "unpacking $zip"
        # Unpack beside the target and rename, so an interrupted unzip is never mistaken
        # for a complete install on the next run.
        rm -rf "$home.partial"
        mkdir -p "$home.partial"
        unzip -q "$zip" -d "$home.partial" \
            || { rm -rf "$home.partial" "$zip"; die "corrupt download $zip (removed; run start again)"; }
        mv "$home.partial/elasticsearch-$ES_VERSION" "$home"
        rm -rf "$home.partial"
    fi
    # Cheap, and repairs files left root-owned by a manual run.
    chown -R "$ES_USER:" "$home"
    echo "$home"
}

start_elasticsearch() {
    es_up && return 0
    ensure_es_user
    local home pidfile java_home launcher rc i
    home=$(ensure_es_dist)
    pidfile="$home/es.pid"
    if [[ -n ${ES_JAVA_HOME:-} ]]; then
        java_home=$ES_JAVA_HOME
    else
        java_home=$(java17_home) || die "no Java 17 found under /usr/lib/jvm (set ES_JAVA_HOME)"
    fi

    if es_pid_alive "$pidfile"; then
        say "elasticsearch already starting (pid $(cat "$pidfile")), waiting"
        launcher=""
    else
        port_busy "$ES_PORT" && die "127.0.0.1:$ES_PORT is taken by something that is not a healthy elasticsearch"
        rm -f "$pidfile"
        say "starting elasticsearch $ES_VERSION with $java_home"
        # -d makes the launcher return once the node is up; it runs in the background here
        # so the wait below stays bounded and shows progress. security: the distribution
        # ships x-pack-security, which would otherwise demand TLS and passwords.
        # Disk thresholds off: CI disks are often >90 % full, which would leave shards
        # unassigned and the cluster red.
        (cd "$home" && exec runuser -u "$ES_USER" -- env -u JAVA_HOME -u ES_PATH_CONF \
            ES_JAVA_HOME="$java_home" ES_JAVA_OPTS="$ES_JAVA_OPTS" \
            bin/elasticsearch -d -p "$pidfile" \
                -E discovery.type=single-node \
                -E network.host=127.0.0.1 \
                -E http.port="$ES_PORT" \
                -E xpack.security.enabled=false \
                -E cluster.routing.allocation.disk.threshold_enabled=false \
        ) >"$LOG_DIR/elasticsearch-launcher.log" 2>&1 </dev/null 9>&- &
        launcher=$!
    fi

    printf 'services: waiting for elasticsearch ' >&2
    for ((i = 0; i < ES_WAIT; i++)); do
        if es_up; then
            printf ' %s\n' "$(es_health)" >&2
            [[ -n $launcher ]] && { wait "$launcher" || true; }
            return 0
        fi
        if [[ -n $launcher ]] && ! kill -0 "$launcher" 2>/dev/null; then
            rc=0; wait "$launcher" || rc=$?
            if ((rc != 0)); then
                printf ' failed\n' >&2
                show_log "$LOG_DIR/elasticsearch-launcher.log"
                # The cause sits far above the stack traces and shutdown noise at the end.
                printf -- '----- likely cause -----\n' >&2
                grep -vE '^[[:space:]]+at ' "$LOG_DIR/elasticsearch-launcher.log" \
                    | grep -iE 'fatal|caused by|error|exception' | cut -c1-300 | head -n 8 >&2 || true
                die "elasticsearch exited with status $rc"
            fi
            launcher=""
        fi
        printf '.' >&2
        sleep 1
    done
    printf ' timeout\n' >&2
    show_log "$LOG_DIR/elasticsearch-launcher.log" "$home/logs/elasticsearch.log"
    # Don't leave a half-started node behind to confuse the next run.
    stop_elasticsearch
    die "elasticsearch not green/yellow at $ELASTICSEARCH_URL after ${ES_WAIT}s (raise ES_WAIT?)"
}

stop_elasticsearch() {
    local pidfile pid i
    while read -r pidfile; do
        [[ -e $pidfile ]] || continue
        if es_pid_alive "$pidfile"; then
            pid=$(cat "$pidfile")
            say "stopping elasticsearch (pid $pid)"
            kill "$pid" 2>/dev/null || true
            for ((i = 0; i < 30; i++)); do kill -0 "$pid" 2>/dev/null || break; sleep 1; done
            kill -0 "$pid" 2>/dev/null && { say "elasticsearch ignored SIGTERM, killing"; kill -9 "$pid" 2>/dev/null || true; }
        fi
        rm -f "$pidfile"
    done < <(es_pidfiles)
    if es_up; then say "something else is still answering on $ELASTICSEARCH_URL (not started by this script)"; fi
}

# ---------------------------------------------------------------- commands

cmd_start() {
    local t0=$SECONDS
    ensure_packages
    start_postgres
    start_redis
    start_elasticsearch
    /usr/bin/chromium --version >/dev/null 2>&1 || die "chromium is installed but does not run (missing libraries?)"
    say "all services up in $((SECONDS - t0))s"
    cat <<EOF
postgres:      $DATABASE_URL
redis:         $REDIS_URL
elasticsearch: $ELASTICSEARCH_URL
chromium:      /usr/bin/chromium ($(/usr/bin/chromium --version 2>/dev/null | head -n1))
DATABASE_URL=$DATABASE_URL
REDIS_URL=$REDIS_URL
ELASTICSEARCH_URL=$ELASTICSEARCH_URL
EOF
}

cmd_stop() {
    stop_elasticsearch
    stop_redis
    stop_postgres
}

cmd_status() {
    local down=0 h
    if command -v pg_isready >/dev/null && pg_up; then echo "postgres:      up    $DATABASE_URL"
    else echo "postgres:      down"; down=1; fi
    if command -v redis-cli >/dev/null && redis_up; then echo "redis:         up    $REDIS_URL"
    else echo "redis:         down"; down=1; fi
    h=$(es_health || true)
    if [[ $h =~ ^(green|yellow)$ ]]; then echo "elasticsearch: up    $ELASTICSEARCH_URL ($h)"
    else echo "elasticsearch: down${h:+ ($h)}"; down=1; fi
    if [[ -x /usr/bin/chromium ]]; then echo "chromium:      installed ($(/usr/bin/chromium --version 2>/dev/null | head -n1))"
    else echo "chromium:      missing"; down=1; fi
    return "$down"
}

main() {
    local cmd=${1:-}
    case $cmd in
        start|stop|status) ;;
        *) echo "usage: $0 start|stop|status" >&2; exit 2 ;;
    esac
    if [[ $cmd == status ]]; then cmd_status; return; fi
    [[ $(id -u) == 0 ]] || die "run as root (it installs packages and switches users)"
    mkdir -p "$SVC_DIR" "$LOG_DIR"
    # Two concurrent starts (parallel make targets) would race on apt and the ES launcher.
    # Every daemon is started with fd 9 closed, or it would hold this lock forever.
    exec 9>"$SVC_DIR/.lock"
    flock 9
    "cmd_$cmd"
}

main "$@"
