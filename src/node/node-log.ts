import { pino, stdSerializers, stdTimeFunctions, type Logger } from 'pino';

// The log of a node process. Two formats: `text` (the default: one line `sealchain: message`
// for a person at a terminal) and `json` (SEALCHAIN_LOG_FORMAT=json: one JSON
// object a line through pino, with level, time, the message and its fields, for journald and
// log collectors). Every line says what happened and why in `msg`; fields carry the figures.

export type LogLevel = 'info' | 'warn' | 'error';
export type LogFormat = 'text' | 'json';
export type LogFields = Readonly<Record<string, unknown>>;

export interface NodeLog {
  write(level: LogLevel, message: string, fields?: LogFields): void;
  /** A failure with its cause (an Error's stack goes along). */
  error(message: string, error: unknown, fields?: LogFields): void;
}

export interface NodeLogOptions {
  format?: LogFormat;
  /** Where lines go (stderr by default). */
  out?: (line: string) => void;
}

/** The format SEALCHAIN_LOG_FORMAT names (`json` or `text`), text when unset or anything else. */
export function readLogFormat(env: NodeJS.ProcessEnv = process.env): LogFormat {
  return env.SEALCHAIN_LOG_FORMAT === 'json' ? 'json' : 'text';
}

function describeError(error: unknown): string {
  return error instanceof Error ? (error.stack ?? error.message) : String(error);
}

// The text line is the message alone: it says everything in words; the fields are for JSON.
function createTextLog(out: (line: string) => void): NodeLog {
  const write = (_level: LogLevel, message: string) => out(`sealchain: ${message}\n`);
  return {
    write,
    error: (message, error) => write('error', `${message}: ${describeError(error)}`),
  };
}

function createJsonLog(out: (line: string) => void): NodeLog {
  const logger: Logger = pino(
    {
      name: 'sealchain',
      timestamp: stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
      serializers: { err: stdSerializers.err },
    },
    { write: (line: string) => out(line) },
  );
  return {
    write: (level, message, fields = {}) => logger[level](fields, message),
    error: (message, error, fields = {}) => logger.error({ ...fields, err: error }, message),
  };
}

export function createNodeLog(options: NodeLogOptions = {}): NodeLog {
  const out = options.out ?? ((line: string) => process.stderr.write(line));
  return (options.format ?? readLogFormat()) === 'json' ? createJsonLog(out) : createTextLog(out);
}

let processLog: NodeLog | undefined;

/** The process's log on stderr, in the format SEALCHAIN_LOG_FORMAT names. */
export function readProcessLog(): NodeLog {
  processLog ??= createNodeLog();
  return processLog;
}

/** Logs a failure to the process's log. */
export function logToStderr(message: string, error: unknown): void {
  readProcessLog().error(message, error);
}
