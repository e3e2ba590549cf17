// "Did you mean …?" for config properties and CLI flags. Hand-written: Levenshtein over a dozen
// names is a few lines, and a dependency (leven, fastest-levenshtein) would ship to every user
// of the package for one hint in an error message.

function distance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) {
      row[j] = Math.min(previous[j]! + 1, row[j - 1]! + 1, previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    previous = row;
  }
  return previous[b.length]!;
}

/** The closest of `names` to `input` (case-insensitive), if it is close enough to be a typo. */
export function nearestName(input: string, names: Iterable<string>): string | undefined {
  const wanted = input.toLowerCase();
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const name of names) {
    const d = distance(wanted, name.toLowerCase());
    if (d < bestDistance) [best, bestDistance] = [name, d];
  }
  return best !== undefined && bestDistance <= Math.max(2, Math.floor(wanted.length / 3)) ? best : undefined;
}

/** ` (did you mean "x"?)`, or nothing. */
export function didYouMean(input: string, names: Iterable<string>, quote = '"'): string {
  const near = nearestName(input, names);
  return near === undefined ? "" : ` (did you mean ${quote}${near}${quote}?)`;
}
