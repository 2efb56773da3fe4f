#!/usr/bin/env bash
# A throwaway OpenLink Virtuoso 7 on 127.0.0.1 for tests, CI and benchmarks: install, fresh database, stop by PID.
#
# Usage: scripts/virtuoso.sh start|stop|status|env
#   start   install virtuoso-opensource-7-bin if virtuoso-t is missing (apt, as root or via sudo), wipe
#           and recreate $VIRTUOSO_DIR, write a loopback-only, least-rights virtuoso.ini, start, wait until
#           the SPARQL endpoint answers, add Basic-auth twins of the authenticated endpoints, restrict the
#           anonymous SPARQL account (see "Least rights" below), then print the shell-evaluable VIRTUOSO_*
#           lines below on stdout (diagnostics go to stderr). Exit 1 if it is already running, a port is
#           taken, or it is not ready within VIRTUOSO_START_TIMEOUT.
#   stop    SIGTERM the PID recorded by start (after checking it still is our virtuoso-t), SIGKILL after
#           VIRTUOSO_STOP_TIMEOUT; removes the directory too (keep it with VIRTUOSO_KEEP=1). Exit 0 if not running.
#   status  exit 0 and print the VIRTUOSO_* lines when running, exit 3 when not.
#   env     print the VIRTUOSO_* lines for the current settings without starting anything.
#
# Printed lines (the same for start/status/env):
#   VIRTUOSO_PID  VIRTUOSO_DIR  VIRTUOSO_HTTP (base URL)
#   VIRTUOSO_SPARQL           /sparql                   anonymous, read-only queries
#   VIRTUOSO_SPARQL_AUTH      /sparql-auth              queries and updates, HTTP Digest only
#   VIRTUOSO_SPARQL_BASIC     /sparql-basic             queries and updates, HTTP Basic
#   VIRTUOSO_GSP_AUTH         /sparql-graph-crud-auth   Graph Store Protocol, HTTP Digest only
#   VIRTUOSO_GSP_BASIC        /sparql-graph-crud-basic  Graph Store Protocol, HTTP Basic
#   VIRTUOSO_USER VIRTUOSO_PASSWORD                     credentials for the authenticated endpoints
#   VIRTUOSO_NO_EGRESS        1 when the store runs without any network (see below), else 0
#
# Least rights (docs/backends.md, "Securing the store"): the anonymous account "SPARQL" that /sparql runs
# as keeps only the SPARQL_SELECT role (no SPARQL_UPDATE, no SPARQL_SPONGE: no updates, no LOAD, no
# fetching FROM <remote> through the sponger); query-uri and xslt-uri are off (ExternalQuerySource,
# ExternalXsltSource); file functions see only an empty directory (DirsAllowed); no OS calls (AllowOSCalls);
# the HTTP client goes through a proxy address that refuses (HTTPProxyServer), which stops bif:http_get in its
# plain form only: Virtuoso 7.2 lets the anonymous account call bif:http_get (with its own proxy argument),
# cfg_item_value, sys_stat, registry_get … and has no setting to restrict bif: functions (its list of
# refused ones is compiled in). Hence VIRTUOSO_NO_EGRESS.
#
# Network isolation (VIRTUOSO_NO_EGRESS=1, or auto): virtuoso-t runs in its own user and network namespace
# (unshare), whose only interface is its loopback, so no function it runs can reach any network; its HTTP and
# SQL ports are reached from the host through Unix sockets (scripts/virtuoso-bridge.mjs). auto uses it when
# unprivileged namespaces work and says which it did in VIRTUOSO_NO_EGRESS.
#
# Environment (all optional):
#   VIRTUOSO_DIR          database directory, WIPED on start    (default ${TMPDIR:-/tmp}/anmc21-virtuoso-$UID-$HTTP_PORT)
#   VIRTUOSO_HTTP_PORT    HTTP port on 127.0.0.1                (default 18890)
#   VIRTUOSO_SQL_PORT     SQL (isql) port on 127.0.0.1          (default 11111)
#   VIRTUOSO_PASSWORD     password of user dba                  (default dba)
#   VIRTUOSO_MAX_ROWS     ResultSetMaxRows (Virtuoso's silent row cap)  (default 10000)
#   VIRTUOSO_MAX_SORTED_ROWS  MaxSortedTopRows: largest OFFSET+LIMIT under ORDER BY (default 100000; must
#                         exceed the endpoint's maxRows + 1, which the row limit asks for)
#   VIRTUOSO_BUFFERS      NumberOfBuffers, 8 KiB pages          (default 32000 ≈ 250 MiB; ~85k per GiB of RAM)
#   VIRTUOSO_MAX_QUERY_MEM  MaxQueryMem                         (default 256M)
#   VIRTUOSO_START_TIMEOUT  seconds to wait for readiness        (default 60)
#   VIRTUOSO_STOP_TIMEOUT   seconds between SIGTERM and SIGKILL  (default 30)
#   VIRTUOSO_NO_EGRESS    1: run without network (fail if impossible); auto: if possible; 0: not (default 0)
#   VIRTUOSO_DIRS_ALLOWED DirsAllowed: where file functions and the bulk loader may read (default $DIR/load, empty)
set -euo pipefail

HOST=127.0.0.1
HTTP_PORT=${VIRTUOSO_HTTP_PORT:-18890}
SQL_PORT=${VIRTUOSO_SQL_PORT:-11111}
DIR=${VIRTUOSO_DIR:-${TMPDIR:-/tmp}/anmc21-virtuoso-$(id -u)-$HTTP_PORT}
PASSWORD=${VIRTUOSO_PASSWORD:-dba}
MAX_ROWS=${VIRTUOSO_MAX_ROWS:-10000}
MAX_SORTED_ROWS=${VIRTUOSO_MAX_SORTED_ROWS:-100000}
BUFFERS=${VIRTUOSO_BUFFERS:-32000}
MAX_QUERY_MEM=${VIRTUOSO_MAX_QUERY_MEM:-256M}
START_TIMEOUT=${VIRTUOSO_START_TIMEOUT:-60}
STOP_TIMEOUT=${VIRTUOSO_STOP_TIMEOUT:-30}
NO_EGRESS=${VIRTUOSO_NO_EGRESS:-0}
DIRS_ALLOWED=${VIRTUOSO_DIRS_ALLOWED:-$DIR/load}
BRIDGE="$(cd "$(dirname "$0")" && pwd)/virtuoso-bridge.mjs"
# An address nothing listens on (the discard port): the store's HTTP client is sent there.
SINKHOLE_PROXY=127.0.0.1:9
# A file only this script writes: `start` wipes a directory only if it is empty or holds this marker.
MARKER=.anmc21-virtuoso

log() { echo "virtuoso.sh: $*" >&2; }

print_env() {
  local base="http://$HOST:$HTTP_PORT"
  cat <<EOF
VIRTUOSO_PID=${1:-}
VIRTUOSO_DIR=$DIR
VIRTUOSO_HTTP=$base
VIRTUOSO_SPARQL=$base/sparql
VIRTUOSO_SPARQL_AUTH=$base/sparql-auth
VIRTUOSO_SPARQL_BASIC=$base/sparql-basic
VIRTUOSO_GSP_AUTH=$base/sparql-graph-crud-auth
VIRTUOSO_GSP_BASIC=$base/sparql-graph-crud-basic
VIRTUOSO_USER=dba
VIRTUOSO_PASSWORD=$PASSWORD
VIRTUOSO_NO_EGRESS=$(cat "$DIR/no-egress" 2>/dev/null || echo 0)
EOF
}

# The PID of our running server, or nothing. A recorded PID counts only if it is still virtuoso-t for our ini.
running_pid() {
  [ -f "$DIR/virtuoso.pid" ] || return 0
  local pid
  pid=$(cat "$DIR/virtuoso.pid")
  if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null && tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | grep -q "virtuoso-t.*$DIR/virtuoso.ini"; then
    echo "$pid"
  fi
}

install_if_missing() {
  command -v virtuoso-t >/dev/null && command -v isql-vt >/dev/null && return 0
  log "virtuoso-t not found: installing virtuoso-opensource-7-bin (Debian/Ubuntu apt)"
  command -v apt-get >/dev/null || { log "no apt-get: install OpenLink Virtuoso 7 (virtuoso-t, isql-vt) yourself"; exit 1; }
  local sudo=
  [ "$(id -u)" -eq 0 ] || sudo=sudo
  # Only the -bin package: the full virtuoso-opensource package starts a service on all interfaces.
  $sudo apt-get update -q >&2
  $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends virtuoso-opensource-7-bin curl >&2
}

write_ini() {
  cat >"$DIR/virtuoso.ini" <<EOF
[Database]
DatabaseFile       = $DIR/virtuoso.db
ErrorLogFile       = $DIR/virtuoso.log
LockFile           = $DIR/virtuoso.lck
TransactionFile    = $DIR/virtuoso.trx
xa_persistent_file = $DIR/virtuoso.pxa
ErrorLogLevel      = 7
FileExtend         = 200
MaxCheckpointRemap = 2000
Striping           = 0
TempStorage        = TempDatabase

[TempDatabase]
DatabaseFile       = $DIR/virtuoso-temp.db
TransactionFile    = $DIR/virtuoso-temp.trx
MaxCheckpointRemap = 2000
Striping           = 0

[Parameters]
ServerPort         = $HOST:$SQL_PORT
DisableUnixSocket  = 1
MaxClientConnections = 16
CheckpointInterval = 60
O_DIRECT           = 0
CaseMode           = 2
MaxStaticCursorRows = 5000
AllowOSCalls       = 0
SchedulerInterval  = 10
DirsAllowed        = $DIRS_ALLOWED
ThreadCleanupInterval = 0
ThreadThreshold    = 10
ResourcesCleanupInterval = 0
FreeTextBatchSize  = 100000
PrefixResultNames  = 0
RdfFreeTextRulesSize = 100
IndexTreeMaps      = 64
MaxQueryMem        = $MAX_QUERY_MEM
VectorSize         = 1000
MaxVectorSize      = 1000000
AdjustVectorSize   = 0
ThreadsPerQuery    = 2
AsyncQueueMaxThreads = 4
NumberOfBuffers    = $BUFFERS
MaxDirtyBuffers    = $(( BUFFERS * 3 / 4 ))
MaxSortedTopRows   = $MAX_SORTED_ROWS

[HTTPServer]
ServerPort         = $HOST:$HTTP_PORT
ServerRoot         = $DIR/vsp
MaxClientConnections = 16
DavRoot            = DAV
EnabledDavVSP      = 0
HTTPProxyEnabled   = 0
HTTPProxyServer    = $SINKHOLE_PROXY
TempASPXDir        = 0
ServerThreads      = 16
MaxKeepAlives      = 10
KeepAliveTimeout   = 10
HTTPThreadSize     = 280000
HttpPrintWarningsInOutput = 0
Charset            = UTF-8
EnabledGzipContent = 0

[Client]
SQL_PREFETCH_ROWS  = 100
SQL_PREFETCH_BYTES = 16000
SQL_QUERY_TIMEOUT  = 0
SQL_TXN_TIMEOUT    = 0

[URIQA]
DynamicLocal       = 0
DefaultHost        = $HOST:$HTTP_PORT

[SPARQL]
ExternalQuerySource = 0
ExternalXsltSource = 0
ResultSetMaxRows   = $MAX_ROWS
MaxQueryCostEstimationTime = 400
MaxQueryExecutionTime = 60
DefaultQuery       = ASK {}
DeferInferenceRulesInit = 0
EOF
}

# Whether virtuoso-t can run in its own network namespace here: unprivileged user namespaces, ip, node.
can_isolate() {
  command -v unshare >/dev/null && command -v ip >/dev/null && command -v node >/dev/null &&
    unshare --user --map-root-user --net ip link set lo up 2>/dev/null
}

# Start virtuoso-t in a new user + network namespace with only its loopback, and bridge its two ports to
# the host's loopback through Unix sockets in $DIR. The namespace lives as long as the inner bridge, which
# the holder becomes once Virtuoso is up; both bridges' PIDs are recorded for stop.
launch_isolated() {
  unshare --user --map-root-user --net bash -c '
    ip link set lo up || exit 1
    cd "$1" || exit 1
    if ! virtuoso-t +configfile "$1/virtuoso.ini" +wait >"$1/start.out" 2>&1; then echo failed >"$1/launch.status"; exit 1; fi
    echo started >"$1/launch.status"
    exec node "$2" unix "$1/http.sock=127.0.0.1:$3" "$1/sql.sock=127.0.0.1:$4"
  ' holder "$DIR" "$BRIDGE" "$HTTP_PORT" "$SQL_PORT" >"$DIR/bridge-inner.log" 2>&1 </dev/null &
  echo $! >"$DIR/bridge-inner.pid"
  local deadline=$(( $(date +%s) + START_TIMEOUT ))
  until [ -S "$DIR/http.sock" ] && [ -S "$DIR/sql.sock" ]; do
    if [ "$(cat "$DIR/launch.status" 2>/dev/null)" = failed ] || ! kill -0 "$(cat "$DIR/bridge-inner.pid")" 2>/dev/null; then
      log "virtuoso-t failed to start in its network namespace:"; cat "$DIR/start.out" "$DIR/bridge-inner.log" >&2 2>/dev/null
      tail -20 "$DIR/virtuoso.log" >&2 2>/dev/null; stop; exit 1
    fi
    if [ "$(date +%s)" -ge "$deadline" ]; then log "no bridge sockets after ${START_TIMEOUT}s"; stop; exit 1; fi
    sleep 0.1
  done
  node "$BRIDGE" tcp "$HOST:$HTTP_PORT=$DIR/http.sock" "$HOST:$SQL_PORT=$DIR/sql.sock" >"$DIR/bridge-outer.log" 2>&1 </dev/null &
  echo $! >"$DIR/bridge-outer.pid"
}

# Stop a bridge by its PID file, if that PID still is our bridge.
stop_bridge() {
  local file=$1 pid
  [ -f "$file" ] || return 0
  pid=$(cat "$file")
  if [ -n "$pid" ] && tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | grep -q "virtuoso-bridge.mjs"; then
    kill -TERM "$pid" 2>/dev/null || true
  fi
  rm -f "$file"
}

start() {
  install_if_missing
  if [ -n "$(running_pid)" ]; then log "already running (pid $(running_pid), dir $DIR); run: $0 stop"; exit 1; fi
  for port in "$SQL_PORT" "$HTTP_PORT"; do
    if (exec 3<>"/dev/tcp/$HOST/$port") 2>/dev/null; then log "port $HOST:$port is in use (set VIRTUOSO_HTTP_PORT / VIRTUOSO_SQL_PORT)"; exit 1; fi
  done
  if [ -d "$DIR" ] && [ -n "$(ls -A "$DIR")" ] && [ ! -f "$DIR/$MARKER" ]; then
    log "$DIR exists and was not made by this script; not wiping it (set VIRTUOSO_DIR)"; exit 1
  fi
  local isolated=0
  case "$NO_EGRESS" in
    1) can_isolate || { log "VIRTUOSO_NO_EGRESS=1 but this machine cannot run a process in its own network namespace (unshare --user --net, ip, node)"; exit 1; }; isolated=1 ;;
    auto) if can_isolate; then isolated=1; else log "no network namespace here: the store runs WITH network access (VIRTUOSO_NO_EGRESS=0)"; fi ;;
    0) ;;
    *) log "VIRTUOSO_NO_EGRESS must be 0, 1 or auto, got $NO_EGRESS"; exit 1 ;;
  esac
  rm -rf "$DIR"
  mkdir -p "$DIR/vsp" "$DIR/load"
  touch "$DIR/$MARKER"
  echo "$isolated" >"$DIR/no-egress"
  write_ini

  local t0 pid deadline
  t0=$(date +%s%N)
  if [ "$isolated" = 1 ]; then
    launch_isolated
  else
    # +wait: virtuoso-t forks and returns once the database is initialised; the PID is in the lock file.
    if ! (cd "$DIR" && virtuoso-t +configfile "$DIR/virtuoso.ini" +wait) >"$DIR/start.out" 2>&1 </dev/null; then
      log "virtuoso-t failed to start:"; cat "$DIR/start.out" >&2; tail -20 "$DIR/virtuoso.log" >&2 || true; exit 1
    fi
  fi
  pid=$(sed -n 's/^VIRT_PID=//p' "$DIR/virtuoso.lck" 2>/dev/null || true)
  [ -n "$pid" ] || { log "no VIRT_PID in $DIR/virtuoso.lck"; tail -20 "$DIR/virtuoso.log" >&2; exit 1; }
  echo "$pid" >"$DIR/virtuoso.pid"

  deadline=$(( $(date +%s) + START_TIMEOUT ))
  until curl -sf -o /dev/null --max-time 2 -H 'Accept: application/sparql-results+json' "http://$HOST:$HTTP_PORT/sparql?query=ASK%7B%7D"; do
    if ! kill -0 "$pid" 2>/dev/null; then log "server died while starting:"; tail -20 "$DIR/virtuoso.log" >&2; exit 1; fi
    if [ "$(date +%s)" -ge "$deadline" ]; then log "not ready after ${START_TIMEOUT}s; stopping it"; stop; exit 1; fi
    sleep 0.2
  done

  # Basic-auth twins of the Digest-only endpoints (clients without Digest), and the dba password.
  local sql="DB.DBA.VHOST_DEFINE(lpath=>'/sparql-basic', ppath=>'/!sparql/', is_dav=>1, vsp_user=>'dba', auth_fn=>'DB.DBA.HP_AUTH_SPARQL_USER', realm=>'SPARQL', sec=>'basic', opts=>vector('noinherit', 1));
DB.DBA.VHOST_DEFINE(lpath=>'/sparql-graph-crud-basic', ppath=>'/!sparql-graph-crud/', is_dav=>1, vsp_user=>'dba', auth_fn=>'DB.DBA.HP_AUTH_SPARQL_USER', realm=>'SPARQL', sec=>'basic', opts=>vector('noinherit', 1, 'exec_as_get', 1));"
  [ "$PASSWORD" != dba ] && sql="$sql
SET PASSWORD dba $PASSWORD;"
  local out
  if ! out=$(isql-vt "$HOST:$SQL_PORT" dba dba "EXEC=$sql" 2>&1) || grep -q '\*\*\* Error' <<<"$out"; then
    log "isql set-up failed:"; echo "$out" >&2; stop; exit 1
  fi
  # Least rights: the anonymous account /sparql runs as holds SPARQL_SELECT and nothing else (a fresh
  # database grants exactly that; an account that could update or sponge is refused here, not used).
  local roles
  roles=$(isql-vt "$HOST:$SQL_PORT" dba "$PASSWORD" VERBOSE=OFF BANNER=OFF PROMPT=OFF ECHO=OFF \
    "EXEC=select r.U_NAME from DB.DBA.SYS_ROLE_GRANTS g, DB.DBA.SYS_USERS u, DB.DBA.SYS_USERS r where g.GI_SUPER = u.U_ID and g.GI_SUB = r.U_ID and g.GI_DIRECT = 1 and u.U_NAME = 'SPARQL';" 2>&1 | tr -d '\r' | sed '/^$/d')
  if [ "$roles" != SPARQL_SELECT ]; then
    log "the anonymous SPARQL account has roles other than SPARQL_SELECT: $(echo $roles)"; stop; exit 1
  fi
  log "ready after $(( ($(date +%s%N) - t0) / 1000000 )) ms (pid $pid, dir $DIR, http $HOST:$HTTP_PORT, $([ "$isolated" = 1 ] && echo 'no network' || echo 'with network'))"
  print_env "$pid"
}

stop() {
  local pid
  stop_bridge "$DIR/bridge-outer.pid"
  pid=$(running_pid)
  if [ -n "$pid" ]; then
    kill -TERM "$pid"
    for _ in $(seq 1 $(( STOP_TIMEOUT * 10 ))); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    if kill -0 "$pid" 2>/dev/null; then log "pid $pid ignored SIGTERM for ${STOP_TIMEOUT}s; sending SIGKILL"; kill -KILL "$pid"; fi
    log "stopped pid $pid"
  else
    log "not running (dir $DIR)"
  fi
  rm -f "$DIR/virtuoso.pid"
  stop_bridge "$DIR/bridge-inner.pid"
  if [ "${VIRTUOSO_KEEP:-0}" != 1 ] && [ -f "$DIR/$MARKER" ]; then rm -rf "$DIR"; fi
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  status)
    pid=$(running_pid)
    if [ -n "$pid" ]; then print_env "$pid"; else log "not running (dir $DIR)"; exit 3; fi ;;
  env) print_env "$(running_pid)" ;;
  *) echo "usage: $0 start|stop|status|env   (see the header of this file)" >&2; exit 2 ;;
esac
