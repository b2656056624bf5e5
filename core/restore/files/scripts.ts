// The POSIX sh run on the server during a files restore: sh, tar, xargs, sha256sum, cat, mv, rm,
// rmdir and readlink, all in a stock Linux; no agent. Paths never appear in these texts except
// the base directory (quoted): everything else comes NUL-separated on stdin or in files the tar
// stream itself wrote. SIGHUP and SIGPIPE are ignored so that a dropped connection still runs
// the cleanup: a restore is never left half-staged because the laptop went away.
import { shQuote } from '../../connect/ssh';

/** What the write script prints once everything is extracted, before the staged files' hashes. */
export const hashesMarker = '==lifeboat-hashes==';

const prelude = (base: string) =>
  `LC_ALL=C; export LC_ALL; trap '' HUP PIPE; cd -- ${shQuote(base)} || exit 97`;

export interface Names {
  /** Holds the stage directories (NUL-separated, relative to the base). */
  stages: string;
  /** Hold the staged regular files to hash, in two halves hashed at once. */
  files: [string, string];
  /** What the two hashers print, shown in order when both are done. */
  sums: [string, string];
}

export function namesFor(id: string): Names {
  const n = `.lifeboat-${id}`;
  return { stages: `${n}.stages`, files: [`${n}.files0`, `${n}.files1`], sums: [`${n}.sums0`, `${n}.sums1`] };
}

const lists = (n: Names) => [...n.files, ...n.sums].join(' ');

/** Removes every stage the list names, then the lists. */
const cleanup = (n: Names) =>
  `if [ -f ${n.stages} ]; then xargs -0 -r rm -rf -- < ${n.stages}; fi; rm -f ${n.stages} ${lists(n)}`;

/**
 * Extracts the stream (stages and the lists; `-k`: never over anything that exists), then hashes
 * the staged files, two at a time. Any failure — including output that cannot be delivered
 * because the connection is gone — removes the stages again, here on the server.
 */
export function writeScript(base: string, n: Names): string {
  const [f0, f1] = n.files;
  const [s0, s1] = n.sums;
  return [
    prelude(base),
    'tar -x -k -p --numeric-owner -f -; rc=$?',
    'if [ $rc -eq 0 ]; then',
    `  xargs -0 -r sha256sum -- < ${f0} > ${s0} & pid=$!`,
    `  xargs -0 -r sha256sum -- < ${f1} > ${s1}; r1=$?; wait $pid; r0=$?; rc=$((r0 | r1))`,
    `  if [ $rc -eq 0 ]; then echo ${hashesMarker} && cat ${s0} ${s1} || rc=1; fi`,
    'fi',
    `if [ $rc -ne 0 ]; then ${cleanup(n)}; else rm -f ${lists(n)}; fi`,
    'exit $rc',
  ].join('\n');
}

/** One record = 5 arguments: op, index, expected live state, staged path, live path. (Written
 * with @{ for the shell's ${, which a template literal would take as its own.) */
const swapInner = String.raw`
ok() { printf 'ok %s\n' "$1" || exit 255; }
no() { printf 'no %s %s\n' "$1" "$2" || exit 255; }
there() { [ -e "$1" ] || [ -L "$1" ]; }
same() {
  case $1 in
    -) ! there "$2" ;;
    d) [ -d "$2" ] && [ ! -L "$2" ] ;;
    p) [ -p "$2" ] && [ ! -L "$2" ] ;;
    s) [ -S "$2" ] && [ ! -L "$2" ] ;;
    c) [ -c "$2" ] && [ ! -L "$2" ] ;;
    b) [ -b "$2" ] && [ ! -L "$2" ] ;;
    l*) [ -L "$2" ] && x=$(readlink -- "$2" && echo .) && [ "@{x%?.}" = "@{1#l}" ] ;;
    f*) [ -f "$2" ] && [ ! -L "$2" ] && x=$(sha256sum < "$2") && [ "@{x%% *}" = "@{1#f}" ] ;;
    *) false ;;
  esac
}
while [ $# -ge 5 ]; do
  op=$1 i=$2 e=$3 s=$4 t=$5
  shift 5
  case $op in
    B) mv -n -t "$t" -- "$s"/* "$s"/.[!.]* "$s"/..?* 2>/dev/null ;;
    N) if there "$s"; then mv -n -T -- "$s" "$t" 2>/dev/null; fi
       if there "$s"; then rm -rf -- "$s"; no "$i" exists
       elif there "$t"; then ok "$i"; else no "$i" lost; fi ;;
    R) if same "$e" "$t"; then
         if mv -f -T -- "$s" "$t" 2>/dev/null; then ok "$i"; else rm -rf -- "$s"; no "$i" rename; fi
       else rm -rf -- "$s"; no "$i" changed; fi ;;
    T) if same "$e" "$t" && rm -f -- "$t"; then
         mv -n -T -- "$s" "$t" 2>/dev/null
         if there "$s"; then rm -rf -- "$s"; no "$i" exists; else ok "$i"; fi
       else rm -rf -- "$s"; no "$i" changed; fi ;;
    D) if same "$e" "$t"; then
         if rm -f -- "$t"; then ok "$i"; else no "$i" delete; fi
       else no "$i" changed; fi ;;
    X) if same d "$t"; then
         if rmdir -- "$t" 2>/dev/null; then ok "$i"; else no "$i" notempty; fi
       else no "$i" changed; fi ;;
  esac
done
`.replaceAll('@{', '${');

/** Why a record said "no", in words. */
export const swapReasons: Record<string, string> = {
  changed: 'changed on the server since the preview; left as it is',
  exists: 'something was created there since the preview; left as it is',
  lost: 'the staged copy went missing before it could be moved into place',
  rename: 'could not be moved into place',
  delete: 'could not be deleted',
  notempty: 'the directory is not empty; left in place',
};

/**
 * The swap: records in batches of whole records (`-x`: a batch that does not fit fails rather
 * than splitting a record), one "ok N" / "no N why" line per record as it completes; then the
 * stages (whatever is left in them) and the lists go.
 */
export function swapScript(base: string, n: Names, recordsPerBatch: number): string {
  return [
    prelude(base),
    `xargs -0 -r -x -n ${recordsPerBatch * 5} sh -c ${shQuote(swapInner)} sh; rc=$?`,
    cleanup(n),
    'exit $rc',
  ].join('\n');
}

/** Directory metadata (owner, mode, times) from a stream of directory entries over existing dirs. */
export function metadataScript(base: string): string {
  return `${prelude(base)}\nexec tar -x -p --numeric-owner -f -`;
}

/** After a failure: the stages (from the list, and from stdin in case the list never landed). */
export function cleanupScript(base: string, n: Names): string {
  return `${prelude(base)}\n${cleanup(n)}\nxargs -0 -r rm -rf --`;
}
