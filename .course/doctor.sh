# ./course doctor: checks a student's machine, one line per check, and says what to fix. Sourced by ./course.
# Installs nothing and changes nothing. Exit status 0 when every REQUIRED check is ok, 1 otherwise;
# "warn" lines are for parts of the course that can wait (browser tests, the interop chapter, the font).

DOCTOR_FAILED=0
# The course's port plan: 8080 for the chapter servers, 8888 for JupyterLab, 9001 for the fuzzing server.
DOCTOR_PORTS=${COURSE_PORTS:-"8080 8888 9001"}
DOCTOR_MIN_DISK_MB=2048    # .venv (~300 MB), .tools, target/, ~/.m2 (~100 MB), a Chromium profile, with room

# One line per check: "  ok      what", "  MISSING what" + "          fix: command", "  warn    what" + fix.
doctor_ok()   { printf '  ok       %s\n' "$1"; }
doctor_bad()  { printf '  %sMISSING%s  %s\n           fix: %s\n' "$RED" "$PLAIN" "$1" "$2"; DOCTOR_FAILED=1; }
doctor_warn() { printf '  warn     %s\n           fix: %s\n' "$1" "$2"; }

doctor_jdk() {
  local home
  if home=$(find_jdk); then
    doctor_ok "JDK $(jdk_version "$home") (needs $MIN_JAVA+) at $home"
  else
    doctor_bad "no JDK $MIN_JAVA+ with java and javac (looked at JAVA_HOME, /usr/lib/jvm, SDKMAN, PATH)" \
      "sudo apt-get install openjdk-21-jdk   (macOS: brew install openjdk@21; SDKMAN: sdk install java 21-tem)"
  fi
}

doctor_python() {
  local py
  if ! py=$(find_python); then
    doctor_bad "no Python 3.9+ (python3 or python on PATH)" "sudo apt-get install python3 python3-venv   (macOS: brew install python)"
  elif ! "$py" -c 'import venv, ensurepip' >/dev/null 2>&1; then
    doctor_bad "$("$py" --version 2>&1) at $py, but without venv/ensurepip" "sudo apt-get install python3-venv"
  else
    doctor_ok "$("$py" --version 2>&1) with venv at $py"
  fi
}

doctor_maven() {
  if command -v mvn >/dev/null 2>&1; then
    doctor_ok "Maven $(mvn -v -B 2>/dev/null | sed "s/\x1b\[[0-9;]*m//g" | sed -n 's/^Apache Maven \([^ ]*\).*/\1/p' | head -n1) at $(command -v mvn)"
  else
    doctor_bad "Maven (mvn) is not on PATH" "sudo apt-get install maven   (macOS: brew install maven; SDKMAN: sdk install maven)"
  fi
}

doctor_node() {
  if command -v node >/dev/null 2>&1 && command -v npm >/dev/null 2>&1; then
    doctor_ok "Node $(node --version 2>/dev/null) and npm $(npm --version 2>/dev/null) (chapter 19's interop peers)"
  else
    doctor_warn "Node.js/npm not found: only chapter 19's Node ws interop tests need them" \
      "sudo apt-get install nodejs npm   (macOS: brew install node)"
  fi
}

doctor_browser() {
  local chromium driver
  chromium=$(command -v chromium || command -v chromium-browser || true)
  driver=$(command -v chromedriver || true)
  if [ -n "$chromium" ] && [ -n "$driver" ]; then
    doctor_ok "Chromium and ChromeDriver at $chromium, $driver (browser tests)"
  else
    doctor_warn "Chromium${chromium:+ (found)} / ChromeDriver${driver:+ (found)} missing: only the browser tests need them" \
      "sudo apt-get install chromium chromium-driver   (as root, ./course test installs them itself)"
  fi
}

doctor_redis() {
  local redis
  redis=$(command -v redis-server || true)
  if [ -n "$redis" ]; then
    doctor_ok "redis-server $("$redis" --version 2>/dev/null | sed -n 's/.* v=\([^ ]*\).*/\1/p') at $redis (chapter 26)"
  else
    doctor_warn "redis-server not found: only chapter 26 (scaling out) needs it" \
      "sudo apt-get install redis-server   (macOS: brew install redis; as root, ./course test installs it itself)"
  fi
}

# A port is free when nothing listens on it; ss is on every Linux, lsof on macOS, bash's /dev/tcp as a last resort.
port_in_use() {
  local port=$1
  if command -v ss >/dev/null 2>&1; then
    ss -Htln "sport = :$port" 2>/dev/null | grep -q .
  elif command -v lsof >/dev/null 2>&1; then
    lsof -nP -iTCP:"$port" -sTCP:LISTEN >/dev/null 2>&1
  else
    (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null
  fi
}

doctor_ports() {
  local port busy=()
  for port in $DOCTOR_PORTS; do port_in_use "$port" && busy+=("$port"); done
  if [ ${#busy[@]} -eq 0 ]; then
    doctor_ok "ports $DOCTOR_PORTS are free (chapter servers, JupyterLab, fuzz-server)"
  else
    doctor_warn "port(s) ${busy[*]} already in use by another program" \
      "stop it, or choose another port: --port 0 (any free port) for the scripts, COURSE_PORT=8899 ./course for the lab"
  fi
}

doctor_disk() {
  local free_mb
  free_mb=$(df -Pk "$COURSE_ROOT" 2>/dev/null | awk 'NR==2 {print int($4/1024)}')
  if [ -z "$free_mb" ]; then
    doctor_warn "could not measure the free disk space (df)" "make sure about $DOCTOR_MIN_DISK_MB MB are free"
  elif [ "$free_mb" -ge "$DOCTOR_MIN_DISK_MB" ]; then
    doctor_ok "disk: $free_mb MB free in $COURSE_ROOT (needs about $DOCTOR_MIN_DISK_MB MB)"
  else
    doctor_bad "disk: only $free_mb MB free in $COURSE_ROOT (needs about $DOCTOR_MIN_DISK_MB MB)" \
      "free some space, or clone the course onto a bigger disk"
  fi
}

doctor_cjk_font() {
  if ! command -v fc-list >/dev/null 2>&1; then
    doctor_warn "fontconfig (fc-list) not found, cannot look for a Chinese font" "sudo apt-get install fontconfig fonts-noto-cjk"
  elif [ -n "$(fc-list :lang=zh family 2>/dev/null | head -n1)" ]; then
    doctor_ok "a CJK font for the Chinese text (documents, demos, Chinese edition): $(fc-list :lang=zh family 2>/dev/null | head -n1 | cut -d, -f1)"
  else
    doctor_warn "no font with Chinese glyphs: the documents' quotations, the demos' Chinese lines and the Chinese edition (README.zh.md) show as boxes in Chromium and screenshots" \
      "sudo apt-get install fonts-noto-cjk   (macOS and Windows have one already)"
  fi
}

# Reachable = an HTTP answer within 5 s. curl if present, else Python's urllib.
url_reachable() {
  local url=$1 py
  if command -v curl >/dev/null 2>&1; then
    curl -s -o /dev/null -I --max-time 5 "$url"
  elif py=$(find_python); then
    "$py" -c 'import sys, urllib.request; urllib.request.urlopen(sys.argv[1], timeout=5)' "$url" >/dev/null 2>&1
  else
    return 1
  fi
}

# The first run downloads from Maven Central and PyPI, unless an offline kit is in use (./course --offline DIR)
# or the downloads are already done (.tools/jbang and .venv exist).
doctor_network() {
  local kit="" central=ok pypi=ok
  [ -f "$TOOLS/offline-kit" ] && kit=$(cat "$TOOLS/offline-kit")
  url_reachable "https://repo.maven.apache.org/maven2/" || central=no
  url_reachable "${PIP_INDEX_URL:-https://pypi.org/simple/}" || pypi=no
  if [ -n "$kit" ]; then
    doctor_ok "offline kit in use: $kit (Maven Central: $central, PyPI: $pypi; not needed)"
  elif [ $central = ok ] && [ $pypi = ok ]; then
    doctor_ok "Maven Central and PyPI are reachable (the first run downloads about 170 MB)"
  elif [ -f "$JBANG_LIB/jbang-cli-$JBANG_VERSION.jar" ] && [ -x "$VENV/bin/jupyter" ]; then
    doctor_ok "already set up (.tools/jbang, .venv); Maven Central: $central, PyPI: $pypi"
  else
    doctor_bad "Maven Central reachable: $central, PyPI reachable: $pypi, and no offline kit in use" \
      "check the proxy settings (~/.m2/settings.xml, pip config list), or ask for a kit and run ./course --offline DIR"
  fi
}

course_doctor() {
  say "Checking this machine for the course (nothing is installed or changed)"
  doctor_jdk
  doctor_python
  doctor_maven
  doctor_disk
  doctor_network
  doctor_node
  doctor_browser
  doctor_redis
  doctor_ports
  doctor_cjk_font
  if [ $DOCTOR_FAILED -eq 0 ]; then
    say "Ready for ./course (lines marked warn concern only some chapters' tests)."
  else
    say "Fix the MISSING lines above, then run ./course doctor again."
  fi
  return $DOCTOR_FAILED
}
