// A bench stopped by Ctrl-C or a SIGTERM stops what it started: its worker and API processes are
// children of its own, and the Temporal dev server is the SDK's; left alone, all three outlive it and
// keep the CPU of the next run.

const exitCodes = { SIGINT: 130, SIGTERM: 143 } as const;

/** On SIGINT or SIGTERM, runs `stop` once and exits with the signal's code; exits anyway after `timeoutMs`. */
export function stopOnSignal(stop: () => Promise<void>, timeoutMs = 45_000): void {
  let stopping = false;
  for (const signal of Object.keys(exitCodes) as (keyof typeof exitCodes)[]) {
    process.on(signal, () => {
      if (stopping) return;
      stopping = true;
      console.error(`bench: ${signal}, stopping the processes it started`);
      const code = exitCodes[signal];
      setTimeout(() => process.exit(code), timeoutMs).unref();
      stop()
        .catch((error: unknown) => console.error(`bench: stopping after ${signal} failed:`, error))
        .finally(() => process.exit(code));
    });
  }
}
