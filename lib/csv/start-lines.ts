/** The file line each parsed CSV row starts on (quoted cells may span lines), counted from 1. */
export function startLines(data: string[][]): number[] {
  let line = 1;
  return data.map((cells) => {
    const start = line;
    line += cells.reduce((n, cell) => n + (cell.match(/\r\n|\r|\n/g)?.length ?? 0), 1);
    return start;
  });
}
