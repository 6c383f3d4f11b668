# The offline kit: ./course offline-kit DIR packs what a first run downloads; ./course --offline DIR installs it.
# Sourced by ./course. A kit is made on a machine with network access and used on machines of the same kind
# (same OS and CPU, same Python minor version: the wheels of pyzmq, tornado and friends are built per platform).
#
#   DIR/jbang/lib    JBang's jars (what ensure_jbang_jars fetches)
#   DIR/m2           a Maven repository: every plugin and artifact that compile, test and the scripts' //DEPS need
#   DIR/wheels       Python wheels for .course/requirements.txt (and pip itself)
#   DIR/npm-cache    npm's cache with the packages of every tests/*/peers/package-lock.json
#   DIR/KIT.txt      what is inside, for which platform, and the sizes

kit_size() { du -sh "$1" 2>/dev/null | cut -f1; }

# Maven into the kit's repository, online, whatever the project's own mode is.
kit_mvn() {
  local kit=$1; shift
  local opts=${MAVEN_OPTS:-}
  [ "$(jdk_version "$JAVA_HOME")" -ge 24 ] && opts="$opts --sun-misc-unsafe-memory-access=allow"
  MAVEN_OPTS="$opts" mvn -B -Dstyle.color=never -Dmaven.repo.local="$kit/m2" "$@"
}

kit_maven() {
  local kit=$1 log="$LOGS/offline-kit-maven.log"
  say "Maven artifacts for the build, the tests and the scripts into $kit/m2 (log: .tools/logs/offline-kit-maven.log)"
  if offline_mode; then   # this clone was itself set up from a kit: pass its repository on
    cp -a "$OFFLINE_M2/." "$kit/m2/"; return 0
  fi
  # in a copy of the build, so the kit never touches this clone's target/
  local build; build=$(mktemp -d)
  cp -a pom.xml jbang-scripts tests "$build/"
  {
    # the project's dependencies and plugins, then one real test run so surefire fetches its JUnit Platform provider
    kit_mvn "$kit" -f "$build/pom.xml" dependency:go-offline test-compile dependency:build-classpath -Dmdep.outputFile="$build/classpath.txt" \
    && kit_mvn "$kit" -f "$build/pom.xml" surefire:test -Dtest='ch01.HexDumpTest' -Dsurefire.failIfNoSpecifiedTests=false \
    && { [ ! -f "$COURSE_ROOT/.tools/jbang/pom.xml" ] \
         || kit_mvn "$kit" -f "$COURSE_ROOT/.tools/jbang/pom.xml" dependency:copy-dependencies -DoutputDirectory="$build/jbang-check"; }
  } > "$log" 2>&1 || { tail -n 30 "$log" >&2; rm -rf "$build"; fail "Maven could not fill $kit/m2 (see above)." "Check that Maven Central is reachable."; }
  rm -rf "$build"
}

kit_wheels() {
  local kit=$1 py="$VENV/bin/python"
  [ -x "$py" ] || py=$(find_python) || fail "Python 3.9+ is needed to download the wheels."
  say "Python wheels for .course/requirements.txt into $kit/wheels ($("$py" --version 2>&1))"
  "$py" -m pip download --disable-pip-version-check -q -d "$kit/wheels" pip -r .course/requirements.txt >&2 \
    || fail "pip download failed." "Check that PyPI is reachable (pip config list)."
}

kit_npm() {
  local kit=$1 dir
  command -v npm >/dev/null 2>&1 || { say "npm not found: the kit has no Node packages (only chapter 19's Node tests need them)"; return 0; }
  for dir in tests/*/peers; do
    [ -f "$dir/package-lock.json" ] || continue
    say "npm packages of $dir into $kit/npm-cache"
    npm ci --prefix "$dir" --cache "$kit/npm-cache" --no-audit --no-fund >&2 || fail "npm ci failed in $dir." "Check that the npm registry is reachable."
    echo "$(file_hash "$dir/package.json" "$dir/package-lock.json")" > "$dir/node_modules/.installed"
  done
}

kit_manifest() {
  local kit=$1 part py="$VENV/bin/python"
  [ -x "$py" ] || py=$(find_python)
  {
    echo "WebSocket from Scratch offline kit, made $(date -u '+%Y-%m-%d %H:%M UTC')"
    echo "platform: $(uname -sm), $("$py" --version 2>&1), JBang $JBANG_VERSION"
    echo "use it:   ./course --offline $kit     (or ./course setup --offline $kit)"
    for part in jbang m2 wheels npm-cache; do [ -d "$kit/$part" ] && printf '%-10s %s\n' "$part" "$(kit_size "$kit/$part")"; done
    printf '%-10s %s\n' total "$(kit_size "$kit")"
  } > "$kit/KIT.txt"
}

course_offline_kit() {
  [ $# -eq 1 ] || { echo "usage: ./course offline-kit DIR" >&2; exit 2; }
  mkdir -p "$1" || fail "cannot create $1"
  local kit; kit=$(cd "$1" && pwd)
  require_jdk
  setup_maven
  mkdir -p "$kit/jbang" "$kit/m2" "$kit/wheels"
  ensure_jbang_jars
  say "JBang $JBANG_VERSION jars into $kit/jbang/lib"
  rm -rf "$kit/jbang/lib"; cp -a "$JBANG_LIB" "$kit/jbang/lib"
  kit_maven "$kit"
  kit_wheels "$kit"
  kit_npm "$kit"
  kit_manifest "$kit"
  sed 's/^/  /' "$kit/KIT.txt" >&2
  say "Offline kit ready in $kit. On a machine without network: ./course --offline $kit"
}

# ./course --offline DIR: copy the kit into .tools (so it can be unplugged afterwards) and switch the course
# to it: Maven -o with .tools/m2, JBang with that repository, pip --no-index, npm --offline with .tools/npm-cache.
use_offline_kit() {
  [ -n "${1:-}" ] || { echo "usage: ./course --offline DIR [setup | test NN.. | ...]" >&2; exit 2; }
  [ -d "$1" ] || fail "no offline kit at $1 (no such folder)." "Make one with ./course offline-kit DIR on a machine with network access."
  local kit; kit=$(cd "$1" && pwd)
  [ -f "$kit/jbang/lib/jbang-cli-$JBANG_VERSION.jar" ] && [ -d "$kit/m2" ] && [ -d "$kit/wheels" ] \
    || fail "$kit is not an offline kit for this course (it needs jbang/lib with JBang $JBANG_VERSION, m2/ and wheels/)." \
            "Make one with ./course offline-kit DIR from this version of the course."
  say "Installing from the offline kit $kit (no network): $(sed -n 's/^total *//p' "$kit/KIT.txt" 2>/dev/null)"
  mkdir -p "$TOOLS/jbang" "$OFFLINE_M2" "$TOOLS/wheels" "$TOOLS/npm-cache"
  rm -rf "$JBANG_LIB"; cp -a "$kit/jbang/lib" "$JBANG_LIB"
  cp -a "$kit/m2/." "$OFFLINE_M2/"
  cp -a "$kit/wheels/." "$TOOLS/wheels/"
  [ -d "$kit/npm-cache" ] && cp -a "$kit/npm-cache/." "$TOOLS/npm-cache/"
  echo "$kit" > "$OFFLINE_STAMP"
}

