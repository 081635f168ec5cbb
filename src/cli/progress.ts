import type { CommandOutput } from './output.ts';

const BAR_WIDTH = 30;
const MIN_REDRAW_MS = 100;

/** A one-line progress bar on standard error, drawn only when it is a terminal. */
export class ProgressBar {
  readonly #output: CommandOutput;
  readonly #label: string;
  readonly #total: number;
  #done = 0;
  #drawnAtMs = 0;

  constructor(output: CommandOutput, label: string, total: number) {
    this.#output = output;
    this.#label = label;
    this.#total = total;
  }

  advance(count = 1): void {
    this.#done += count;
    const now = performance.now();
    if (this.#done < this.#total && now - this.#drawnAtMs < MIN_REDRAW_MS) return;
    this.#drawnAtMs = now;
    this.#draw();
  }

  finish(): void {
    if (this.#output.progress === undefined) return;
    this.#draw();
    this.#output.progress('');
  }

  #draw(): void {
    if (this.#output.progress === undefined) return;
    const filled = this.#total === 0 ? BAR_WIDTH : Math.round((this.#done / this.#total) * BAR_WIDTH);
    const bar = `${'#'.repeat(filled)}${'.'.repeat(BAR_WIDTH - filled)}`;
    this.#output.progress(`${this.#label} [${bar}] ${this.#done}/${this.#total}`);
  }
}
