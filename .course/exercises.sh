# ./course exercise | check | solution (issue 10): the learner's loop. Sourced by ./course, not run.
# Needs only a JDK: the course's library is compiled once into .tools/exercises/course (again when it changes),
# the stages and the tool into .tools/exercises/tool; a check compiles just the workspace files that differ
# from the course's, into workspace/classes, and runs the stages with those classes first on the class path.

EX_DIR="$COURSE_ROOT/.tools/exercises"
EX_COURSE="$EX_DIR/course"
EX_TOOL="$EX_DIR/tool"
EX_WS="$COURSE_ROOT/workspace"

ex_quiet_jdk() { require_jdk >/dev/null; }

# The jars of the scripts' //DEPS (chapter 26's Jedis), from the Maven class path ./course setup writes; none with
# a JDK alone, and then the library files and checks that need them are left out (chapter 26's challenge).
ex_deps() { cat "$COURSE_ROOT/.tools/classpath.txt" 2>/dev/null || true; }
# The files that need Jedis: those that import it, and those whose code (not a comment, not a string) names a class of such a
# file (ScaleOutBench uses SharedChatRoom), followed until nothing is added.
ex_needs_deps() {
  local found names more
  found=$(grep -l '^import redis\.clients' "$@" 2>/dev/null | LC_ALL=C sort -u || true)
  while [ -n "$found" ]; do
    names=$(for f in $found; do basename "$f" .java; done | paste -sd'|')
    more=$(for f in "$@"; do
      grep -v -E '^\s*(\*|//|/\*)' "$f" | sed 's/"[^"]*"//g' | grep -q -w -E "($names)" && echo "$f"
    done; echo "$found")
    more=$(echo "$more" | grep -v '^$' | LC_ALL=C sort -u)
    [ "$more" = "$found" ] && break
    found=$more
  done
  echo "$found"
}

# The library's sources (not the JMH benchmark), as paths relative to the project.
ex_library_sources() {
  local all; all=$(find jbang-scripts/wsfs -name '*.java' -not -path '*/bench/*' | LC_ALL=C sort)
  if [ -n "$(ex_deps)" ]; then echo "$all"; else grep -v -x -F -f <(ex_needs_deps $all; echo /dev/null) <<< "$all"; fi
}
ex_tool_sources() {
  local all; all=$(ls tests/exercises/*.java)
  if [ -n "$(ex_deps)" ]; then echo "$all"; else grep -v -x -F -f <(ex_needs_deps $all; echo /dev/null) <<< "$all"; fi
}

ex_compile_course() {
  local want; want=$(ex_library_sources | xargs cat | cksum | cut -d' ' -f1)
  stamp_ok "$EX_DIR/course.stamp" "$want" && [ -d "$EX_COURSE" ] && return 0
  say "Compiling the course's library for the checks (once; about 15 s)"
  rm -rf "$EX_COURSE"; mkdir -p "$EX_COURSE"
  ex_library_sources > "$EX_DIR/course.sources"
  "$JAVA_HOME/bin/javac" -nowarn -Xlint:none -encoding UTF-8 -cp "$(ex_deps)" -d "$EX_COURSE" @"$EX_DIR/course.sources" > "$EX_DIR/course.log" 2>&1 \
    || { tail -n 20 "$EX_DIR/course.log" >&2; fail "the course's own library does not compile (see above)."; }
  echo "$want" > "$EX_DIR/course.stamp"
  rm -f "$EX_DIR/tool.stamp"
}

ex_compile_tool() {
  local want; want=$( (cat "$EX_DIR/course.stamp"; cat tests/exercises/*.java) | cksum | cut -d' ' -f1)
  stamp_ok "$EX_DIR/tool.stamp" "$want" && [ -d "$EX_TOOL" ] && return 0
  rm -rf "$EX_TOOL"; mkdir -p "$EX_TOOL"
  "$JAVA_HOME/bin/javac" -nowarn -Xlint:none -encoding UTF-8 -cp "$EX_COURSE:$(ex_deps)" -d "$EX_TOOL" $(ex_tool_sources) > "$EX_DIR/tool.log" 2>&1 \
    || { tail -n 20 "$EX_DIR/tool.log" >&2; fail "the exercise checks (tests/exercises) do not compile (see above)."; }
  echo "$want" > "$EX_DIR/tool.stamp"
}

ex_prepare_tools() {
  mkdir -p "$EX_DIR"
  ex_quiet_jdk
  ex_compile_course
  ex_compile_tool
}

ex_java() { "$JAVA_HOME/bin/java" -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -cp "$EX_TOOL:$EX_COURSE:$(ex_deps)" exercises.Exercises "$@"; }

# --lang en|zh (or --lang=...) among the arguments, else COURSE_LANG: one line and exit status 2 for another language,
# before anything is compiled. The same lines as exercises.Runner and exercises.Exercises print.
ex_check_lang() {
  local arg lang lang_asked=false
  while [ $# -gt 0 ]; do
    arg=$1; shift
    case "$arg" in
      --lang|--lang=*)
        if [ "$arg" = --lang ]; then lang=${1:-}; [ $# -gt 0 ] && shift; else lang=${arg#--lang=}; fi
        [[ $lang =~ ^(en|zh)$ ]] || { echo "course: --lang takes en or zh (got '$lang')" >&2; exit 2; }
        lang_asked=true ;;
    esac
  done
  if [ "$lang_asked" = false ] && [ -n "${COURSE_LANG:-}" ] && ! [[ $COURSE_LANG =~ ^(en|zh)$ ]]; then
    echo "course: COURSE_LANG must be en or zh (got '$COURSE_LANG')" >&2; exit 2
  fi
}

# ./course exercise [NN [--reset]] [--lang en|zh]
# --lang zh (or COURSE_LANG=zh) lists what to write and the challenges in Chinese, and gives each marker of the stubs
# a "// 中文：" line and a Chinese TODO (tests/exercises/ExercisesZh.java); the English marker lines stay as they are.
course_exercise() {
  ex_check_lang "$@"
  ex_prepare_tools
  ex_java prepare "$@"
}

# ./course solution NN [--apply] [--lang en|zh]
course_solution() {
  ex_check_lang "$@"
  ex_prepare_tools
  ex_java solution "$@"
}

# ./course check NN [--hint] [--challenges] [--lang en|zh]
# Chapters with exercises (a "// EXERCISE NN-" marker in the library) check the workspace's exercises; the others have only a checked challenge, which runs on the
# workspace if there is one and on the course's own code if not. --lang zh (or COURSE_LANG=zh) gives the hints in
# Chinese (tests/exercises/HintsZh.java), and what to write (tests/exercises/ExercisesZh.java); --lang en, the default, in
# English. The options go on to exercises.Runner.
course_check() {
  local chapter=${1:-} arg
  [ -n "$chapter" ] || { echo "course: name the chapter: ./course check NN [--hint] [--challenges] [--lang en|zh]" >&2; exit 2; }
  local scripts=(jbang-scripts/[0-9][0-9]_*.java) first last
  first=${scripts[0]#jbang-scripts/}; last=${scripts[-1]#jbang-scripts/}
  [[ $chapter =~ ^[0-9][0-9]$ ]] && compgen -G "jbang-scripts/${chapter}_*.java" > /dev/null \
    || { echo "course: checks are for chapters ${first%%_*} to ${last%%_*} (got '$chapter'); ./course exercise lists them" >&2; exit 2; }
  shift
  local args=("$@") i=0
  while [ "$i" -lt "${#args[@]}" ]; do
    arg=${args[$i]}
    case "$arg" in
      --hint|--challenges|--lang=*) ;;
      --lang) i=$((i + 1)) ;;
      *) echo "course: unknown option '$arg' for check (--hint, --challenges, --lang en|zh)" >&2; exit 2 ;;
    esac
    i=$((i + 1))
  done
  ex_check_lang "$@"
  local on_workspace=true
  if ! grep -rqs -- "EXERCISE $chapter-" jbang-scripts/wsfs; then   # a chapter without exercises: its challenge only
    [ -d "$EX_WS/jbang-scripts" ] || on_workspace=false
  else
    [ -d "$EX_WS/jbang-scripts" ] && grep -q "^started.$chapter=" "$EX_WS/.state" 2>/dev/null \
      || { echo "course: chapter $chapter is not in the workspace yet: run ./course exercise $chapter first" >&2; exit 2; }
  fi
  ex_prepare_tools
  if [ "$on_workspace" = false ]; then
    "$JAVA_HOME/bin/java" -XX:+UseSerialGC -Dexercises.course="$EX_COURSE" \
        -cp "$EX_TOOL:$EX_COURSE:$(ex_deps)" exercises.Runner "$chapter" "$@"
    return
  fi
  local changed; changed=$(ex_java changed-files)
  rm -rf "$EX_WS/classes"; mkdir -p "$EX_WS/classes"
  if [ -n "$changed" ]; then
    # shellcheck disable=SC2086
    if ! "$JAVA_HOME/bin/javac" -nowarn -Xlint:none -Xmaxerrs 3 -encoding UTF-8 -cp "$EX_COURSE:$(ex_deps)" -d "$EX_WS/classes" $changed \
         > "$EX_WS/compile.log" 2>&1; then
      echo "Your code does not compile yet (the first errors; all of them: workspace/compile.log):" >&2
      grep -v -E '^(Note:|[0-9]+ errors?$|warning:)' "$EX_WS/compile.log" | head -n 12 | sed "s|$COURSE_ROOT/||; s/^/  /" >&2
      exit 1
    fi
  fi
  "$JAVA_HOME/bin/java" -XX:+UseSerialGC -Dexercises.workspace=true -Dexercises.course="$EX_COURSE" \
      -cp "$EX_WS/classes:$EX_TOOL:$EX_COURSE:$(ex_deps)" exercises.Runner "$chapter" "$@"
}
