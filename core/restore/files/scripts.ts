// The POSIX sh run on the server during a files restore: sh, tar, xargs, sha256sum (or openssl),
// sed, cat, mv, rm, rmdir and readlink, all in a stock Linux; no agent. Paths never appear in these
// texts except the base directory (quoted): everything else comes in files the tar stream itself
// wrote (NUL-separated). SIGHUP and SIGPIPE are ignored so that a dropped connection still runs
// the cleanup: a restore is never left half-staged because the laptop went away.
import { shQuote } from '../../connect/ssh';

/** Printed when a staged file does not have the expected hash, before the staged files' hashes. */
export const hashesMarker = '==lifeboat-hashes==';
/** Printed once everything is staged and verified, before the swap's lines. */
export const swapMarker = '==lifeboat-swap==';
/** Printed with the status of setting the directory metadata (when there is any to set). */
export const metaMarker = '==lifeboat-meta==';

const prelude = (base: string) =>
  `LC_ALL=C; export LC_ALL; trap '' HUP PIPE; cd -- ${shQuote(base)} || exit 97`;

/** The files a restore's stream writes into the base directory for the script (all removed). */
export interface Names {
  /** The stage directories (NUL-separated, relative to the base). */
  stages: string;
  /** The staged regular files to hash, in two halves hashed at once. */
  files: [string, string];
  /** What the two hashers print. */
  sums: [string, string];
  /** The staged files' SHA-256 as the laptop knows them: one hex line each, files[0] then files[1]. */
  expected: string;
  /** The swap records: six NUL-separated fields each. */
  records: string;
  /** A tar archive of directory entries: owner, mode and time, set last. */
  meta: string;
  /** Which of its members to set (NUL-separated); the swap adds the directories it placed. */
  metaList: string;
}

export function namesFor(id: string): Names {
  const n = `.lifeboat-${id}`;
  return {
    stages: `${n}.stages`,
    files: [`${n}.files0`, `${n}.files1`],
    sums: [`${n}.sums0`, `${n}.sums1`],
    expected: `${n}.expected`,
    records: `${n}.records`,
    meta: `${n}.meta`,
    metaList: `${n}.metalist`,
  };
}

const lists = (n: Names) => [...n.files, ...n.sums, n.expected, n.records, n.meta, n.metaList].join(' ');

/** Removes every stage the list names, then the lists. */
const cleanup = (n: Names) =>
  `if [ -f ${n.stages} ]; then xargs -0 -r rm -rf -- < ${n.stages}; fi; rm -f ${n.stages} ${lists(n)}`;

/** One record = 6 arguments: op, index, expected live state, staged path, live path, and the
 * member of the metadata archive to set once the record placed a directory (or "-"). (Written
 * with @{ for the shell's ${, which a template literal would take as its own.) */
const swapInner = String.raw`
ok() { printf 'ok %s\n' "$1" || exit 255; }
no() { printf 'no %s %s\n' "$1" "$2" || exit 255; }
placed() { [ "$1" = - ] || printf '%s\0' "$1" >> "$LIFEBOAT_META_LIST"; }
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
while [ $# -ge 6 ]; do
  op=$1 i=$2 e=$3 s=$4 t=$5 m=$6
  shift 6
  case $op in
    B) mv -n -t "$t" -- "$s"/* "$s"/.[!.]* "$s"/..?* 2>/dev/null ;;
    N) if there "$s"; then mv -n -T -- "$s" "$t" 2>/dev/null; fi
       if there "$s"; then rm -rf -- "$s"; no "$i" exists
       elif there "$t"; then placed "$m"; ok "$i"; else no "$i" lost; fi ;;
    R) if same "$e" "$t"; then
         if mv -f -T -- "$s" "$t" 2>/dev/null; then ok "$i"; else rm -rf -- "$s"; no "$i" rename; fi
       else rm -rf -- "$s"; no "$i" changed; fi ;;
    T) if same "$e" "$t" && rm -f -- "$t"; then
         mv -n -T -- "$s" "$t" 2>/dev/null
         if there "$s"; then rm -rf -- "$s"; no "$i" exists; else placed "$m"; ok "$i"; fi
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

/** The fields of one swap record. */
const recordFields = 6;

/**
 * The whole write as one command over one stream:
 *  1. extract the stream (the lists above, the stages with everything written; `-k`: never over
 *     anything that exists), then hash the staged files (`sha256`: a sh -c body hashing its
 *     arguments, hashes.ts's sha256Args), two at a time, and compare the hashes
 *     with the expected ones (the stream's last entry, so a stream cut short never passes) —
 *     any failure, including output that cannot be delivered because the connection is gone,
 *     removes the stages again, here on the server, and nothing is changed;
 *  2. the swap: records in batches of whole records (`-x`: a batch that does not fit fails rather
 *     than splitting a record), each re-checking its target just before its rename, one
 *     "ok N" / "no N why" line per record as it completes;
 *  3. the stages (whatever is left in them) and the lists go, then the directories get their
 *     owner, mode and time (last: removing the stages moved their parents' times), and the base
 *     its time (the lists were there).
 */
export function applyScript(
  base: string,
  n: Names,
  recordsPerBatch: number,
  sha256: string,
  /** The base's modification time before the write ("SEC.NSEC"): our lists came and went there. */
  baseTime?: string,
): string {
  const [f0, f1] = n.files;
  const hash = `xargs -0 -r sh -c ${shQuote(sha256)} sh`;
  const [s0, s1] = n.sums;
  const setMeta = `tar -x -p --numeric-owner --no-recursion --no-wildcards --no-unquote --null -T /dev/fd/5 -f - <&4`;
  return [
    prelude(base),
    'tar -x -k -p --numeric-owner -f -; rc=$?',
    'if [ $rc -eq 0 ]; then',
    `  ${hash} < ${f0} > ${s0} & pid=$!`,
    `  ${hash} < ${f1} > ${s1}; r1=$?; wait $pid; r0=$?; rc=$((r0 | r1))`,
    // Only each line's hash: sha256sum escapes a name with a newline and starts its line with a backslash.
    `  got=$(sed -e 's/^\\\\//' -e 's/ .*//' ${s0} ${s1} | sha256sum) && want=$(sha256sum < ${n.expected}) || rc=1`,
    'fi',
    `if [ $rc -eq 0 ] && [ "$got" != "$want" ]; then`,
    `  echo ${hashesMarker} && cat ${s0} ${s1}; rc=96`,
    'fi',
    `if [ $rc -ne 0 ]; then ${cleanup(n)}; exit $rc; fi`,
    `echo ${swapMarker} || { ${cleanup(n)}; exit 95; }`,
    `LIFEBOAT_META_LIST=${n.metaList}; export LIFEBOAT_META_LIST`,
    `xargs -0 -r -x -n ${recordsPerBatch * recordFields} sh -c ${shQuote(swapInner)} sh < ${n.records}; rc=$?`,
    // The archive and its list stay open while the lists go (an empty list would mean "all").
    `if [ -s ${n.metaList} ]; then`,
    `  { ${cleanup(n)}; ${setMeta}; echo "${metaMarker} $?"; } 4< ${n.meta} 5< ${n.metaList}`,
    'fi',
    cleanup(n),
    ...(baseTime ? [`touch -c -m -d @${baseTime} -- .`] : []),
    'exit $rc',
  ].join('\n');
}

/** After a failure: the stages (from the list, and from stdin in case the list never landed). */
export function cleanupScript(base: string, n: Names): string {
  return `${prelude(base)}\n${cleanup(n)}\nxargs -0 -r rm -rf --`;
}

/** Puts directories' modification times back (stdin: "SEC.NSEC\0path\0" pairs, paths relative
 * to the base): after a restore that changed nothing but made and removed its stages there. */
export function retimeScript(base: string): string {
  return `${prelude(base)}\nxargs -0 -r -n 2 sh -c 'touch -c -m -d "@$0" -- "$1"'`;
}
