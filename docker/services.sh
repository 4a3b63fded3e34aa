#!/usr/bin/env bash
# Start/stop this checkout's own backing services for the test suite, on loopback only:
# PostgreSQL 15, Redis, Elasticsearch 8 and (not a daemon, but a test dependency) Chromium.
#
#   docker/services.sh start    install what is missing, start what is down, print env lines
#   docker/services.sh stop     stop the servers this checkout started (nothing else)
#   docker/services.sh status   print each service's state; non-zero exit if any is down
#   docker/services.sh env      print the env lines the tests use (no root needed)
#
# Every server is this checkout's own: its own PostgreSQL cluster (initdb + pg_ctl), its own
# Redis and its own Elasticsearch, with data under .services/ and on the ports of
# docker/services.env. A PostgreSQL, Redis or Elasticsearch that someone else runs (Debian's
# 15/main cluster, a developer's Redis on 6379, another checkout's services) is never
# stopped, reconfigured or used: when one of our ports is taken by a server that is not ours,
# `start` stops with a message instead.
#
# Written for a bare Debian 12 machine run as root without systemd or a docker engine
# (CI clones the repo somewhere fresh and calls this before the tests), so `start` installs
# its own packages and must stay idempotent. Progress goes to stderr; the service URLs and
# env lines go to stdout so callers can capture them.
set -euo pipefail

# Physical paths: the servers report their directories resolved, and we compare with them.
ROOT_DIR="$(cd "$(dirname "$0")/.." && pwd -P)"
ENV_FILE="$ROOT_DIR/docker/services.env"
COMPOSE_FILE="$ROOT_DIR/docker/compose.yaml"
# Root's own state (lock, downloads, apt and maven logs) lives next to the checkout
# (git-ignored), not in a fixed path, because CI's clone is not the developer's.
SVC_DIR="$ROOT_DIR/.services"
# Where the servers' data lives once `start` has chosen it (see choose_base).
BASE_FILE="$SVC_DIR/base"

PG_VERSION=15
PG_BIN="/usr/lib/postgresql/$PG_VERSION/bin"
# PostgreSQL and Elasticsearch refuse to run as root; Redis need not, so it doesn't either.
SERVICE_USER="${SERVICE_USER:-civic-services}"
ES_JAVA_OPTS="${ES_JAVA_OPTS:--Xms512m -Xmx512m}"
ES_WAIT="${ES_WAIT:-120}"   # seconds; a cold JVM on a busy CI box needs ~30 s

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
# cd / because the service user may not be allowed to read the caller's directory.
as_service_user() { (cd / && runuser -u "$SERVICE_USER" -- "$@"); }

# ---------------------------------------------------------------- configuration

# docker/services.env is the one source of the URLs; everything else is derived from them,
# so changing a port there moves the server, the Makefile and the test settings together.
load_config() {
    [[ -r $ENV_FILE ]] || die "missing $ENV_FILE"
    # shellcheck source=services.env
    . "$ENV_FILE"
    [[ ${DATABASE_URL:-} =~ ^postgres://([A-Za-z0-9_]+):([^@/]+)@127\.0\.0\.1:([0-9]+)/([A-Za-z0-9_]+)$ ]] \
        || die "DATABASE_URL in $ENV_FILE must look like postgres://USER:PASSWORD@127.0.0.1:PORT/NAME"
    DB_USER=${BASH_REMATCH[1]} DB_PASSWORD=${BASH_REMATCH[2]} PG_PORT=${BASH_REMATCH[3]} DB_NAME=${BASH_REMATCH[4]}
    # The maintenance database exists from initdb on, before ours is created.
    PG_ADMIN_URL="postgres://$DB_USER:$DB_PASSWORD@127.0.0.1:$PG_PORT/postgres"
    [[ ${REDIS_URL:-} =~ ^redis://127\.0\.0\.1:([0-9]+)(/[0-9]+)?$ ]] \
        || die "REDIS_URL in $ENV_FILE must look like redis://127.0.0.1:PORT/DB"
    REDIS_PORT=${BASH_REMATCH[1]}
    [[ ${ELASTICSEARCH_URL:-} =~ ^http://127\.0\.0\.1:([0-9]+)/?$ ]] \
        || die "ELASTICSEARCH_URL in $ENV_FILE must look like http://127.0.0.1:PORT"
    ES_PORT=${BASH_REMATCH[1]}
    ELASTICSEARCH_URL="http://127.0.0.1:$ES_PORT"
    # The version production runs (compose's image tag) is the version the tests run.
    ES_VERSION=$(sed -n 's/^[[:space:]]*image:[[:space:]]*elasticsearch:\([0-9][0-9.]*\)[[:space:]]*$/\1/p' \
        "$COMPOSE_FILE" | head -n 1)
    [[ -n $ES_VERSION ]] || die "no 'image: elasticsearch:VERSION' line in $COMPOSE_FILE"
}

# The servers run as SERVICE_USER, which must reach their files. A checkout under a private
# directory (e.g. /root, mode 700) is not reachable by it, so the data then lives in that
# user's home instead, in a directory named after this checkout so that two checkouts
# never share (or stop) each other's servers.
choose_base() {
    if runuser -u "$SERVICE_USER" -- test -x "$SVC_DIR" 2>/dev/null; then
        echo "$SVC_DIR"
    else
        local key
        key="$(basename "$ROOT_DIR")-$(printf '%s' "$ROOT_DIR" | sha256sum | cut -c1-12)"
        echo "/var/lib/$SERVICE_USER/$key"
    fi
}

# Sets the paths of the servers' files from a base directory.
set_paths() {
    BASE=$1
    LOG_DIR="$BASE/logs"
    PGDATA="$BASE/postgres"
    REDIS_DIR="$BASE/redis"
    # Not .services/elasticsearch-VERSION: earlier versions of this script ran a node from
    # there, which may still be running and must not have its files taken over.
    ES_HOME="$BASE/elasticsearch/$ES_VERSION"
}

# stop and status only look where `start` put things; nothing there means nothing started.
load_base() {
    local base
    base=$(cat "$BASE_FILE" 2>/dev/null) || base=$SVC_DIR
    set_paths "$base"
}

ensure_service_user() {
    id -u "$SERVICE_USER" >/dev/null 2>&1 && return 0
    say "creating system user $SERVICE_USER"
    useradd --system --user-group --home-dir "/var/lib/$SERVICE_USER" --create-home \
        --shell /usr/sbin/nologin "$SERVICE_USER"
}

# ---------------------------------------------------------------- packages

APT_UPDATED=0
APT_GUARDS=()
# Maintainer scripts of a fresh install would create and start Debian's own 15/main cluster
# on 5432 and a Redis on 6379: daemons nobody asked for, on ports a developer may use. A
# policy-rc.d that says "no" (Debian's documented switch) and a createcluster drop-in keep
# the install to files; both exist only for the duration of the install.
remove_apt_guards() {
    local guard
    # Files first, then the directories made for them (rmdir leaves a non-empty one).
    for guard in "${APT_GUARDS[@]}"; do
        if [[ -d $guard ]]; then rmdir "$guard" 2>/dev/null || true; else rm -f "$guard"; fi
    done
    APT_GUARDS=()
}
add_apt_guards() {
    if [[ ! -e /usr/sbin/policy-rc.d ]]; then
        printf '#!/bin/sh\n# Temporary, by civic-platform docker/services.sh\nexit 101\n' >/usr/sbin/policy-rc.d
        chmod 755 /usr/sbin/policy-rc.d
        APT_GUARDS+=(/usr/sbin/policy-rc.d)
    fi
    local dropin=/etc/postgresql-common/createcluster.d/civic-platform-no-main-cluster.conf
    if [[ ! -e $dropin ]]; then
        local dir
        dir=$(dirname "$dropin")
        if [[ ! -d $dir ]]; then
            mkdir -p "$dir"
            echo "create_main_cluster = off" >"$dropin"
            APT_GUARDS+=("$dropin" "$dir")
        else
            echo "create_main_cluster = off" >"$dropin"
            APT_GUARDS+=("$dropin")
        fi
    fi
    trap remove_apt_guards EXIT
}

# One apt transaction for everything missing: on a fresh machine that is most of the
# cold-start time, and a single dpkg run is much faster than four.
apt_install() {
    (($#)) || return 0
    say "installing: $*"
    # Wait for a concurrent apt/dpkg (e.g. unattended install) instead of failing on its lock.
    local apt=(apt-get -y -q -o DPkg::Lock::Timeout=600)
    if ((APT_UPDATED == 0)); then
        "${apt[@]}" update >"$SVC_DIR/apt.log" 2>&1 || { show_log "$SVC_DIR/apt.log"; die "apt-get update failed"; }
        APT_UPDATED=1
    fi
    add_apt_guards
    # Recommends would drag in a desktop (printing, upower, ...) for chromium alone.
    "${apt[@]}" install --no-install-recommends "$@" >>"$SVC_DIR/apt.log" 2>&1 \
        || { show_log "$SVC_DIR/apt.log"; die "apt-get install $* failed"; }
    remove_apt_guards
    trap - EXIT
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
    [[ -x $PG_BIN/initdb && -x $PG_BIN/pg_ctl && -x $PG_BIN/psql ]] || want+=("postgresql-$PG_VERSION")
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

pg_log() { echo "$LOG_DIR/postgres.log"; }
# Ours = the server on our port logs us in and runs on our data directory. Our role is the
# superuser of our own cluster (as POSTGRES_USER is in compose's postgres image), so it may
# read data_directory; in anyone else's cluster this fails or names another directory.
pg_ours() {
    [[ -x $PG_BIN/psql ]] || return 1
    local dir
    dir=$(PGCONNECT_TIMEOUT=3 "$PG_BIN/psql" -X -q -tAc "SELECT current_setting('data_directory')" \
        "$PG_ADMIN_URL" 2>/dev/null) || return 1
    [[ $dir == "$PGDATA" ]]
}
pg_admin() { "$PG_BIN/psql" -X -q -v ON_ERROR_STOP=1 "$PG_ADMIN_URL" "$@"; }

init_postgres() {
    say "creating a PostgreSQL $PG_VERSION cluster in $PGDATA"
    rm -rf "$PGDATA"
    install -d -o "$SERVICE_USER" -g "$SERVICE_USER" -m 700 "$PGDATA"
    local pwfile
    pwfile=$(mktemp "$LOG_DIR/.pgpass.XXXXXX")
    printf '%s\n' "$DB_PASSWORD" >"$pwfile"
    chown "$SERVICE_USER:" "$pwfile"
    # Password auth for everyone, and no unix socket at all (see start_postgres): the only
    # way in is the URL from services.env.
    if ! as_service_user "$PG_BIN/initdb" -D "$PGDATA" -U "$DB_USER" --pwfile="$pwfile" \
        --auth=scram-sha-256 --encoding=UTF8 --locale=C.UTF-8 >"$LOG_DIR/initdb.log" 2>&1; then
        rm -f "$pwfile"
        show_log "$LOG_DIR/initdb.log"
        rm -rf "$PGDATA"
        die "initdb failed"
    fi
    rm -f "$pwfile"
}

start_postgres() {
    if ! pg_ours; then
        port_busy "$PG_PORT" \
            && die "127.0.0.1:$PG_PORT is taken by a server this checkout did not start; pick another port in $ENV_FILE"
        [[ -s $PGDATA/PG_VERSION ]] || init_postgres
        say "starting postgresql $PG_VERSION on 127.0.0.1:$PG_PORT"
        # pg_ctl appends to its log as the service user.
        touch "$(pg_log)" && chown "$SERVICE_USER:" "$(pg_log)"
        # Settings on the command line rather than in postgresql.conf, so a port changed in
        # services.env applies at the next start. No unix socket: /var/run/postgresql belongs
        # to Debian's cluster. fsync and friends off: a throwaway test cluster trades
        # crash safety for speed (after a crash, delete .services/postgres).
        if ! as_service_user "$PG_BIN/pg_ctl" -D "$PGDATA" -l "$(pg_log)" -w -t 60 start -o \
            "-c listen_addresses=127.0.0.1 -c port=$PG_PORT -c unix_socket_directories='' -c fsync=off -c synchronous_commit=off -c full_page_writes=off" \
            >&2 9>&-; then
            show_log "$(pg_log)"
            die "postgresql did not start"
        fi
    fi
    local i
    for ((i = 0; i < 30; i++)); do pg_ours && break; sleep 1; done
    pg_ours || { show_log "$(pg_log)"; die "postgresql is not accepting $PG_ADMIN_URL"; }
    if [[ -z $(pg_admin -tAc "SELECT 1 FROM pg_database WHERE datname = '$DB_NAME'") ]]; then
        pg_admin -c "CREATE DATABASE $DB_NAME"
    fi
    # Prove the exact URL the tests will use.
    PGCONNECT_TIMEOUT=5 "$PG_BIN/psql" -X -q -tAc 'SELECT 1' "$DATABASE_URL" >/dev/null \
        || { show_log "$(pg_log)"; die "cannot log in with $DATABASE_URL"; }
}

stop_postgres() {
    [[ -x $PG_BIN/pg_ctl && -s $PGDATA/postmaster.pid ]] || return 0
    if as_service_user "$PG_BIN/pg_ctl" -D "$PGDATA" status >/dev/null 2>&1; then
        say "stopping postgresql ($PGDATA)"
        as_service_user "$PG_BIN/pg_ctl" -D "$PGDATA" -m fast -w -t 60 stop >&2 \
            || say "postgresql stop failed"
    fi
}

# ---------------------------------------------------------------- Redis

# Ours = answers on our port and works in our directory (Redis reports it resolved).
redis_ours() {
    command -v redis-cli >/dev/null || return 1
    local dir
    dir=$(redis-cli -h 127.0.0.1 -p "$REDIS_PORT" --raw CONFIG GET dir 2>/dev/null | sed -n 2p) || return 1
    [[ -n $dir && $dir == "$REDIS_DIR" ]]
}

start_redis() {
    redis_ours && return 0
    port_busy "$REDIS_PORT" \
        && die "127.0.0.1:$REDIS_PORT is taken by a server this checkout did not start; pick another port in $ENV_FILE"
    install -d -o "$SERVICE_USER" -g "$SERVICE_USER" -m 750 "$REDIS_DIR"
    # A log left by an earlier root-run version of this script would be unwritable for it.
    [[ -e $LOG_DIR/redis.log ]] && chown "$SERVICE_USER:" "$LOG_DIR/redis.log"
    say "starting redis on 127.0.0.1:$REDIS_PORT"
    # Pure cache for tests: no persistence, so a stop never leaves a dump to reload.
    as_service_user redis-server --daemonize yes --bind 127.0.0.1 --port "$REDIS_PORT" \
        --save "" --appendonly no --dir "$REDIS_DIR" --pidfile "$REDIS_DIR/redis.pid" \
        --logfile "$LOG_DIR/redis.log" 9>&- \
        || { show_log "$LOG_DIR/redis.log"; die "redis-server did not start"; }
    local i
    for ((i = 0; i < 20; i++)); do redis_ours && return 0; sleep 0.5; done
    show_log "$LOG_DIR/redis.log"; die "redis is not answering on 127.0.0.1:$REDIS_PORT"
}

stop_redis() {
    redis_ours || return 0
    say "stopping redis ($REDIS_DIR)"
    redis-cli -h 127.0.0.1 -p "$REDIS_PORT" shutdown nosave >/dev/null 2>&1 || true
    # So that an immediate start finds the port free.
    local i
    for ((i = 0; i < 20; i++)); do port_busy "$REDIS_PORT" || break; sleep 0.5; done
}

# ---------------------------------------------------------------- Elasticsearch

es_health() { http_get "$ELASTICSEARCH_URL/_cluster/health" | grep -o '"status":"[a-z]*"' | cut -d'"' -f4; }
# Ours = the node on our port runs from our ES_HOME.
es_ours() {
    local home
    home=$(http_get "$ELASTICSEARCH_URL/_nodes/_local/settings?filter_path=nodes.*.settings.path.home" \
        | grep -o '"home":"[^"]*"' | cut -d'"' -f4) || return 1
    [[ -n $home && $home == "$ES_HOME" ]]
}
es_up() { es_ours && [[ $(es_health) =~ ^(green|yellow)$ ]]; }

# A pid in a file left from before a reboot may now belong to an unrelated process.
es_pid_alive() {
    local pid
    pid=$(cat "$ES_HOME/es.pid" 2>/dev/null) || return 1
    [[ $pid =~ ^[0-9]+$ ]] && tr '\0' '\n' <"/proc/$pid/cmdline" 2>/dev/null | grep -qxF -- "-Des.path.home=$ES_HOME"
}

# Unpacks the server into ES_HOME, downloading and unzipping only the first time.
ensure_es_dist() {
    if [[ ! -x $ES_HOME/bin/elasticsearch ]]; then
        local zip_dir="$SVC_DIR/downloads" zip
        zip="$zip_dir/elasticsearch-$ES_VERSION.zip"
        mkdir -p "$zip_dir"
        if [[ ! -s $zip ]]; then
            # integ-test-zip is the only Elasticsearch server build published as a Maven
            # artifact, which is the only way to get one here (no other download host is
            # reachable).
            say "fetching elasticsearch $ES_VERSION (integ-test-zip) with maven"
            mvn -B -q dependency:copy \
                "-Dartifact=org.elasticsearch.distribution.integ-test-zip:elasticsearch:$ES_VERSION:zip" \
                "-DoutputDirectory=$zip_dir" >"$SVC_DIR/mvn.log" 2>&1 </dev/null \
                || { rm -f "$zip"; show_log "$SVC_DIR/mvn.log"; die "could not fetch elasticsearch $ES_VERSION"; }
        fi
        say "unpacking $zip"
        # Unpack beside the target and rename, so an interrupted unzip is never mistaken
        # for a complete install on the next run.
        rm -rf "$ES_HOME.partial"
        mkdir -p "$ES_HOME.partial"
        unzip -q "$zip" -d "$ES_HOME.partial" \
            || { rm -rf "$ES_HOME.partial" "$zip"; die "corrupt download $zip (removed; run start again)"; }
        mv "$ES_HOME.partial/elasticsearch-$ES_VERSION" "$ES_HOME"
        rm -rf "$ES_HOME.partial"
    fi
    # Cheap, and repairs files left root-owned by a manual run.
    chown -R "$SERVICE_USER:" "$ES_HOME"
}

start_elasticsearch() {
    es_up && return 0
    local java_home launcher rc i
    ensure_es_dist
    if [[ -n ${ES_JAVA_HOME:-} ]]; then
        java_home=$ES_JAVA_HOME
    else
        java_home=$(java17_home) || die "no Java 17 found under /usr/lib/jvm (set ES_JAVA_HOME)"
    fi

    if es_pid_alive; then
        say "elasticsearch already starting (pid $(cat "$ES_HOME/es.pid")), waiting"
        launcher=""
    else
        port_busy "$ES_PORT" \
            && die "127.0.0.1:$ES_PORT is taken by a server this checkout did not start; pick another port in $ENV_FILE"
        rm -f "$ES_HOME/es.pid"
        say "starting elasticsearch $ES_VERSION on 127.0.0.1:$ES_PORT with $java_home"
        # -d makes the launcher return once the node is up; it runs in the background here
        # so the wait below stays bounded and shows progress. security: the distribution
        # ships x-pack-security, which would otherwise demand TLS and passwords.
        # Disk thresholds off: CI disks are often >90 % full, which would leave shards
        # unassigned and the cluster red. Its own transport port range, so it never joins
        # (or collides with) a node of another checkout on 9300.
        (cd "$ES_HOME" && exec runuser -u "$SERVICE_USER" -- env -u JAVA_HOME -u ES_PATH_CONF \
            ES_JAVA_HOME="$java_home" ES_JAVA_OPTS="$ES_JAVA_OPTS" \
            bin/elasticsearch -d -p "$ES_HOME/es.pid" \
                -E discovery.type=single-node \
                -E network.host=127.0.0.1 \
                -E http.port="$ES_PORT" \
                -E transport.port="$((ES_PORT + 100))-$((ES_PORT + 199))" \
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
    show_log "$LOG_DIR/elasticsearch-launcher.log" "$ES_HOME/logs/elasticsearch.log"
    # Don't leave a half-started node behind to confuse the next run.
    stop_elasticsearch
    die "elasticsearch not green/yellow at $ELASTICSEARCH_URL after ${ES_WAIT}s (raise ES_WAIT?)"
}

stop_elasticsearch() {
    local pid i
    if es_pid_alive; then
        pid=$(cat "$ES_HOME/es.pid")
        say "stopping elasticsearch (pid $pid)"
        kill "$pid" 2>/dev/null || true
        for ((i = 0; i < 30; i++)); do kill -0 "$pid" 2>/dev/null || break; sleep 1; done
        kill -0 "$pid" 2>/dev/null && { say "elasticsearch ignored SIGTERM, killing"; kill -9 "$pid" 2>/dev/null || true; }
    fi
    rm -f "$ES_HOME/es.pid"
}

# ---------------------------------------------------------------- commands

print_env() {
    cat <<EOF
DATABASE_URL=$DATABASE_URL
REDIS_URL=$REDIS_URL
ELASTICSEARCH_URL=$ELASTICSEARCH_URL
ELASTICSEARCH_VERSION=$ES_VERSION
EOF
}

cmd_start() {
    local t0=$SECONDS
    ensure_packages
    ensure_service_user
    set_paths "$(choose_base)"
    echo "$BASE" >"$BASE_FILE"
    # .services itself stays root's; a fallback base is the service user's.
    [[ $BASE == "$SVC_DIR" ]] || install -d -o "$SERVICE_USER" -g "$SERVICE_USER" -m 755 "$BASE"
    install -d -o "$SERVICE_USER" -g "$SERVICE_USER" -m 755 "$LOG_DIR"
    start_postgres
    start_redis
    start_elasticsearch
    /usr/bin/chromium --version >/dev/null 2>&1 || die "chromium is installed but does not run (missing libraries?)"
    say "all services up in $((SECONDS - t0))s (data in $BASE)"
    cat <<EOF
postgres:      $DATABASE_URL
redis:         $REDIS_URL
elasticsearch: $ELASTICSEARCH_URL
chromium:      /usr/bin/chromium ($(/usr/bin/chromium --version 2>/dev/null | head -n1))
EOF
    print_env
}

cmd_stop() {
    load_base
    stop_elasticsearch
    stop_redis
    stop_postgres
}

# Reports only this checkout's servers: one of someone else's on our port counts as down.
cmd_status() {
    load_base
    local down=0 h
    if pg_ours; then echo "postgres:      up    $DATABASE_URL"
    elif port_busy "$PG_PORT"; then echo "postgres:      down  (127.0.0.1:$PG_PORT is taken by another server)"; down=1
    else echo "postgres:      down"; down=1; fi
    if redis_ours; then echo "redis:         up    $REDIS_URL"
    elif port_busy "$REDIS_PORT"; then echo "redis:         down  (127.0.0.1:$REDIS_PORT is taken by another server)"; down=1
    else echo "redis:         down"; down=1; fi
    if es_ours; then
        h=$(es_health || true)
        if [[ $h =~ ^(green|yellow)$ ]]; then echo "elasticsearch: up    $ELASTICSEARCH_URL ($h)"
        else echo "elasticsearch: down  (${h:-no health})"; down=1; fi
    elif port_busy "$ES_PORT"; then echo "elasticsearch: down  (127.0.0.1:$ES_PORT is taken by another server)"; down=1
    else echo "elasticsearch: down"; down=1; fi
    if [[ -x /usr/bin/chromium ]]; then echo "chromium:      installed ($(/usr/bin/chromium --version 2>/dev/null | head -n1))"
    else echo "chromium:      missing"; down=1; fi
    return "$down"
}

main() {
    local cmd=${1:-}
    case $cmd in
        start|stop|status|env) ;;
        *) echo "usage: $0 start|stop|status|env" >&2; exit 2 ;;
    esac
    load_config
    case $cmd in
        env) print_env; return ;;
        status) cmd_status; return ;;
    esac
    [[ $(id -u) == 0 ]] || die "run as root (it installs packages and switches users)"
    mkdir -p "$SVC_DIR"
    # Two concurrent starts (parallel make targets) would race on apt and the ES launcher.
    # Every daemon is started with fd 9 closed, or it would hold this lock forever.
    exec 9>"$SVC_DIR/.lock"
    flock 9
    "cmd_$cmd"
}

main "$@"
