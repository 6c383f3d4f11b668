# ./course diff NN [--full | --markdown]: what chapter NN adds to chapter NN-1. Sourced by ./course (course_diff), not run.
#
# Each script jbang-scripts/NN_*.java lists the previous chapter's script and its own library files in //SOURCES
# lines; a library file belongs to the first chapter whose script brings it in, and later chapters never change
# it (layers, not rewrites). So "what NN adds" is exactly: the script NN_*.java itself, plus every file in its
# //SOURCES closure that is not in the closure of the previous script. Files under wsfs/protocol and wsfs/io
# are protocol code (the figure tests/build/ChapterSizeTest.java checks); the rest are teaching views and tools.

# Every file the script $1 compiles with: itself and its //SOURCES, followed through other scripts (paths
# relative to jbang-scripts/, one a line, in the order they are found).
diff_closure() {
  local todo=("$1") seen=" " file dir src path
  while [ ${#todo[@]} -gt 0 ]; do
    file=${todo[0]}; todo=("${todo[@]:1}")
    case "$seen" in *" $file "*) continue ;; esac
    [ -f "jbang-scripts/$file" ] || continue
    seen="$seen$file "
    echo "$file"
    dir=$(dirname "$file")
    while IFS= read -r src; do
      todo+=("$(diff_normalize "$dir/$src")")
    done < <(sed -n 's#^//SOURCES[[:space:]]\{1,\}\([^[:space:]]*\).*#\1#p' "jbang-scripts/$file")
  done
}

# "wsfs/io/../protocol/Frame.java" as "wsfs/protocol/Frame.java", "./04_Frames.java" as "04_Frames.java"
# (plain bash: macOS has no realpath -m).
diff_normalize() {
  local part parts=() out=()
  IFS=/ read -r -a parts <<< "$1"
  for part in "${parts[@]}"; do
    case "$part" in
      ""|.) ;;
      ..) [ ${#out[@]} -gt 0 ] && unset 'out[${#out[@]}-1]' ;;
      *) out+=("$part") ;;
    esac
  done
  (IFS=/; echo "${out[*]}")
}

# Lines of code of a Java file: not blank, not a // comment, not inside /* ... */ (javadoc is prose).
diff_code_lines() {
  awk '
    { t = $0; gsub(/^[ \t]+|[ \t]+$/, "", t) }
    inside { if (index(t, "*/")) { inside = 0; t = substr(t, index(t, "*/") + 2); gsub(/^[ \t]+/, "", t) } else next }
    t ~ /^\/\*/ { if (!index(t, "*/")) inside = 1; next }
    t == "" || t ~ /^\/\// { next }
    { n++ }
    END { print n + 0 }' "$1"
}

diff_kind() {
  case "$1" in
    wsfs/protocol/*|wsfs/io/*) echo "protocol" ;;
    [0-9][0-9]_*.java) echo "script" ;;
    *) echo "view/tool" ;;
  esac
}

# The same as a Markdown page: the table, then every added file as a fenced block. Its links are relative to a
# page in chapters/ or notebooks/, so ./course diff 04 --markdown > notebooks/04-diff.md opens rendered in the lab.
diff_markdown() {
  local chapter=$1 script=$2 previous=$3 file kind lines code protocol=0; shift 3
  echo "# What chapter $chapter adds"
  echo
  if [ -n "$previous" ]; then
    echo "\`$script\` and the library files its \`//SOURCES\` bring in that \`$previous\` did not."
  else
    echo "\`$script\` and the library files its \`//SOURCES\` bring in (the first chapter)."
  fi
  echo "Protocol code (\`wsfs/protocol\`, \`wsfs/io\`) is what \`tests/build/ChapterSizeTest\` counts; *code* leaves out blank lines and comments."
  echo
  echo "| kind | lines | code | file |"
  echo "|---|---:|---:|---|"
  for file in "$@"; do
    kind=$(diff_kind "$file"); lines=$(wc -l < "jbang-scripts/$file" | tr -d ' '); code=$(diff_code_lines "jbang-scripts/$file")
    [ "$kind" = protocol ] && protocol=$((protocol + code))
    echo "| $kind | $lines | $code | [\`$file\`](../jbang-scripts/$file) |"
  done
  echo
  echo "Protocol code new in chapter $chapter: **$protocol** lines."
  for file in "$@"; do
    echo
    echo "## \`$file\`"
    echo
    echo '```java'
    cat "jbang-scripts/$file"
    echo '```'
  done
}

chapter_diff() {
  local chapter=${1:-} full="" markdown=""
  case "${2:-}" in
    --full) full=yes ;;
    --markdown) markdown=yes ;;
  esac
  if [ -z "$chapter" ] || ! [[ $chapter =~ ^[0-9][0-9]$ ]] || { [ $# -gt 1 ] && [ -z "$full$markdown" ]; } \
     || [ $# -gt 2 ]; then
    echo "usage: ./course diff NN [--full | --markdown]   (NN: a chapter, two digits, like 03)" >&2
    exit 2
  fi
  local scripts=(jbang-scripts/"$chapter"_*.java)
  [ -f "${scripts[0]}" ] || { echo "there is no chapter $chapter (no jbang-scripts/${chapter}_*.java)" >&2; exit 2; }
  local script=${scripts[0]#jbang-scripts/} previous="" prev_scripts
  if [ "$chapter" != "01" ]; then
    prev_scripts=(jbang-scripts/"$(printf '%02d' $((10#$chapter - 1)))"_*.java)
    [ -f "${prev_scripts[0]}" ] && previous=${prev_scripts[0]#jbang-scripts/}
  fi
  local before=" " file
  if [ -n "$previous" ]; then
    while IFS= read -r file; do before="$before$file "; done < <(diff_closure "$previous")
  fi
  local added=()
  while IFS= read -r file; do
    case "$before" in *" $file "*) ;; *) added+=("$file") ;; esac
  done < <(diff_closure "$script")
  if [ -n "$markdown" ]; then
    diff_markdown "$chapter" "$script" "$previous" "${added[@]}"
    return 0
  fi
  echo "Chapter $chapter ($script) adds to ${previous:-nothing (the first chapter)}:"
  echo
  printf '  %-8s %6s %6s  %s\n' "kind" "lines" "code" "file (under jbang-scripts/)"
  local kind lines code total_lines=0 total_code=0 protocol_lines=0 protocol_code=0
  for file in "${added[@]}"; do
    kind=$(diff_kind "$file")
    lines=$(wc -l < "jbang-scripts/$file" | tr -d ' ')
    code=$(diff_code_lines "jbang-scripts/$file")
    printf '  %-8s %6d %6d  %s\n' "$kind" "$lines" "$code" "$file"
    total_lines=$((total_lines + lines)); total_code=$((total_code + code))
    if [ "$kind" = protocol ]; then protocol_lines=$((protocol_lines + lines)); protocol_code=$((protocol_code + code)); fi
  done
  echo
  printf '  %-8s %6d %6d  %d files\n' "total" "$total_lines" "$total_code" "${#added[@]}"
  printf '  %-8s %6d %6d  wsfs/protocol + wsfs/io (the figure tests/build/ChapterSizeTest.java checks)\n' \
    "protocol" "$protocol_lines" "$protocol_code"
  echo
  echo "  lines: every line; code: not blank and not a comment (javadoc and // comments are the prose in the code)."
  if [ -n "$full" ]; then
    for file in "${added[@]}"; do
      echo
      echo "=== jbang-scripts/$file (new in chapter $chapter)"
      sed 's/^/+ /' "jbang-scripts/$file"
    done
  else
    echo "  ./course diff $chapter --full prints these files."
  fi
}
