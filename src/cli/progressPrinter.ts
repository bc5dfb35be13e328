// Progress of long commands (seeding 100k customers) on stderr: one updating line on a
// terminal, a line per 10% otherwise (CI logs).
interface Progress {
  phase: string;
  done: number;
  total: number;
}

export function createProgressPrinter(stream: NodeJS.WriteStream) {
  const lastDecile = new Map<string, number>();
  const print = (p: Progress) => {
    const pct = p.total > 0 ? Math.floor((p.done / p.total) * 100) : 100;
    if (stream.isTTY) {
      stream.write(`\r${p.phase.padEnd(14)} ${String(pct).padStart(3)}%  ${p.done}/${p.total}   `);
      return;
    }
    const decile = Math.floor(pct / 10);
    if (lastDecile.get(p.phase) === decile) return;
    lastDecile.set(p.phase, decile);
    stream.write(`${p.phase} ${pct}% (${p.done}/${p.total})\n`);
  };
  return Object.assign(print, {
    done() {
      if (stream.isTTY) stream.write('\n');
    },
  });
}
