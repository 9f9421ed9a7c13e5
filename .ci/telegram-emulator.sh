#!/usr/bin/env bash
# Starts the Telegram Bot API emulator (npm telegram-test-api 4.2.1) on a loopback port for the
# end-to-end Telegram test (bot/telegram/e2e).
#
#   bash .ci/telegram-emulator.sh      # prints BRIEFBOT_TEST_TELEGRAM_EMULATOR=... and the pid
#   source .ci/telegram-emulator.sh    # also exports BRIEFBOT_TEST_TELEGRAM_EMULATOR
#
# The package is installed with npm into .tools/telegram-test-api (git-ignored) when missing.
# The emulator keeps running; stop it with: kill "$(cat .tools/telegram-test-api/emulator.pid)".
# If it cannot be installed or started, this says so loudly and leaves the variable unset, so the
# end-to-end test skips (with that reason) instead of failing every other check.
# Set BRIEFBOT_TELEGRAM_EMULATOR_PORT to choose the port.

briefbot_telegram_emulator() {
  local root dir port pid url i
  root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
  dir="$root/.tools/telegram-test-api"
  mkdir -p "$dir" || return 1

  if [ ! -f "$dir/node_modules/telegram-test-api/package.json" ] ||
    ! grep -q '"version": "4.2.1"' "$dir/node_modules/telegram-test-api/package.json"; then
    command -v npm >/dev/null || { echo "telegram emulator: npm is not installed" >&2; return 1; }
    [ -f "$dir/package.json" ] || echo '{"name":"briefbot-tools","private":true}' >"$dir/package.json"
    echo "telegram emulator: installing telegram-test-api@4.2.1 into $dir" >&2
    (cd "$dir" && npm install --no-audit --no-fund --loglevel=error telegram-test-api@4.2.1 >&2) || {
      echo "telegram emulator: npm install failed" >&2
      return 1
    }
  fi

  # The package has no command-line entry point: a small launcher starts the server.
  cat >"$dir/start.js" <<'JS'
const TelegramServer = require('telegram-test-api');
const port = Number(process.argv[2]);
const server = new TelegramServer({ port, host: '127.0.0.1', storage: 'RAM', storeTimeout: 600 });
server.start().then(() => console.log(`telegram-test-api listening on 127.0.0.1:${port}`),
  (err) => { console.error(err); process.exit(1); });
const stop = () => server.stop().finally(() => process.exit(0));
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
JS

  # Stop an emulator this script started before.
  if [ -f "$dir/emulator.pid" ]; then
    pid="$(cat "$dir/emulator.pid")"
    if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null && grep -q start.js "/proc/$pid/cmdline" 2>/dev/null; then
      kill "$pid" 2>/dev/null || true
    fi
    rm -f "$dir/emulator.pid"
  fi

  port="${BRIEFBOT_TELEGRAM_EMULATOR_PORT:-}"
  if [ -z "$port" ]; then
    port="$(node -e 'const s=require("net").createServer().listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})')" || return 1
  fi
  (cd "$dir" && exec node start.js "$port" >"$dir/emulator.log" 2>&1) &
  pid=$!
  echo "$pid" >"$dir/emulator.pid"

  url="http://127.0.0.1:$port"
  for i in $(seq 1 100); do
    if curl -fsS -m 2 -X POST "$url/botprobe/getMe" >/dev/null 2>&1; then
      export BRIEFBOT_TEST_TELEGRAM_EMULATOR="$url"
      echo "telegram emulator: $url (pid $pid, log $dir/emulator.log)" >&2
      echo "BRIEFBOT_TEST_TELEGRAM_EMULATOR=$url"
      echo "BRIEFBOT_TELEGRAM_EMULATOR_PID=$pid"
      return 0
    fi
    if ! kill -0 "$pid" 2>/dev/null; then
      break
    fi
    sleep 0.1
  done
  echo "telegram emulator: did not answer on $url; log:" >&2
  cat "$dir/emulator.log" >&2
  kill "$pid" 2>/dev/null || true
  return 1
}

if [[ "${BASH_SOURCE[0]}" != "$0" ]]; then
  # Sourced (from .ci/run, under set -e): never abort the caller.
  briefbot_telegram_emulator || echo "WARNING: telegram emulator unavailable; the Telegram end-to-end test will skip" >&2
  unset -f briefbot_telegram_emulator
else
  set -uo pipefail
  briefbot_telegram_emulator
fi
