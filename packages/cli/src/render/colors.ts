/** ANSI styling that disappears when the output is not a terminal (pipes, files, tests). */
export interface Colors {
  red(s: string): string;
  green(s: string): string;
  yellow(s: string): string;
  cyan(s: string): string;
  dim(s: string): string;
  bold(s: string): string;
}

const wrap = (open: number, close: number) => (s: string) => `\x1b[${open}m${s}\x1b[${close}m`;

export function colorsFor(stream: { isTTY?: boolean }): Colors {
  if (stream.isTTY && !process.env.NO_COLOR) {
    return { red: wrap(31, 39), green: wrap(32, 39), yellow: wrap(33, 39), cyan: wrap(36, 39), dim: wrap(2, 22), bold: wrap(1, 22) };
  }
  const id = (s: string) => s;
  return { red: id, green: id, yellow: id, cyan: id, dim: id, bold: id };
}
