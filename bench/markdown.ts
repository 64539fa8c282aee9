/** A Markdown table: a header row, its rule, then the rows. */
export function table(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const line = (cells: readonly string[]) => `| ${cells.join(' | ')} |`;
  return [line(header), line(header.map(() => '---')), ...rows.map(line)].join('\n');
}

/** A count as people read it: rounded, with thousands separators. */
export function whole(n: number | bigint): string {
  return Math.round(Number(n)).toLocaleString('en');
}
