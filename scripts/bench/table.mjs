// The one table `make bench` prints: measure, value, budget, PASS/FAIL.
export class Table {
  constructor() { this.rows = []; }

  section(title) { this.rows.push({ section: title }); }

  /**
   * A row. `budget` is { text, ok } where `ok(value)` says whether the numeric `value`
   * meets it; without a budget the row is informational. A null `value` prints
   * `shown` (why it was not measured) and NOT MEASURED when there was a budget.
   */
  row(name, value, shown, budget) {
    let result = '';
    if (budget) result = value == null ? 'NOT MEASURED' : budget.ok(value) ? 'PASS' : 'FAIL';
    this.rows.push({ name, shown, budget: budget ? budget.text : '', result });
  }

  print(out = process.stdout) {
    const w = [0, 0, 0];
    for (const r of this.rows) {
      if (r.section) continue;
      w[0] = Math.max(w[0], r.name.length);
      w[1] = Math.max(w[1], String(r.shown).length);
      w[2] = Math.max(w[2], r.budget.length);
    }
    const line = '-'.repeat(w[0] + w[1] + w[2] + 20);
    out.write(`${line}\n${'Measure'.padEnd(w[0])}  ${'Value'.padEnd(w[1])}  ${'Budget'.padEnd(w[2])}  Result\n${line}\n`);
    for (const r of this.rows) {
      if (r.section) { out.write(`[${r.section}]\n`); continue; }
      out.write(`${r.name.padEnd(w[0])}  ${String(r.shown).padEnd(w[1])}  ${r.budget.padEnd(w[2])}  ${r.result}\n`);
    }
    const counted = this.rows.filter((r) => r.result);
    const failed = counted.filter((r) => r.result === 'FAIL').length;
    const unmeasured = counted.filter((r) => r.result === 'NOT MEASURED').length;
    out.write(`${line}\nbudgets: ${counted.length - failed - unmeasured} pass, ${failed} FAIL, ${unmeasured} not measured (a benchmark: the exit status stays 0)\n`);
  }
}

export const atMost = (limit, text) => ({ text, ok: (v) => v <= limit });
export const atLeast = (limit, text) => ({ text, ok: (v) => v >= limit });

export function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  if (s.length === 0) return null;
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}
