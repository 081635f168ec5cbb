export interface StopControl {
  /** Resolves with the signal's name when the process should stop. */
  stopped: Promise<string>;
}

/** Resolves at the first SIGINT or SIGTERM. */
export function waitForSignal(): StopControl {
  return {
    stopped: new Promise((resolve) => {
      const stop = (signal: string) => {
        process.off('SIGINT', stop);
        process.off('SIGTERM', stop);
        resolve(signal);
      };
      process.on('SIGINT', stop);
      process.on('SIGTERM', stop);
    }),
  };
}
