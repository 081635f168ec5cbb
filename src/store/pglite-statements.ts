import { parse, protocol, type PGlite } from '@electric-sql/pglite';
import { StatementNames } from './sql-client.ts';

export const PG_TYPE_BYTEA = 17;

// A bytea parameter of a statement (not an element of an array) goes as it is: PGlite binds a
// byte array in the binary format. That spares a hex string twice its size, which PGlite would
// scan char by char to measure. PGlite's types say a serializer returns a string; its bind takes
// a byte array too.
export const STATEMENT_SERIALIZERS = {
  [PG_TYPE_BYTEA]: checkBytea as unknown as (value: unknown) => string,
};

/** The value of a bytea parameter, which must be a Uint8Array. */
export function checkBytea(value: unknown): Uint8Array {
  if (!(value instanceof Uint8Array)) throw new TypeError('a bytea parameter must be a Uint8Array');
  return value;
}

// Statements with parameters run outside a transaction as named prepared statements, parsed and
// planned once per database: PGlite's query() parses, describes and plans its statement every time
// and enters the database six times to do so, where a prepared one is bound and run in one go.

/** Named prepared statements of one PGlite database, run outside any transaction. */
export class PreparedStatements {
  readonly #db: PGlite;
  readonly #names = new StatementNames();
  /** The parameter types of each statement prepared, by name. */
  readonly #paramTypes = new Map<string, number[]>();

  constructor(db: PGlite) {
    this.#db = db;
  }

  /**
   * Runs `text` as a prepared statement once no transaction is open; undefined when the database
   * holds as many prepared statements as it may (the caller runs it the usual way).
   */
  async query<Row>(text: string, params: readonly unknown[]): Promise<Row[] | undefined> {
    const name = this.#names.nameOf(text);
    if (name === undefined) return undefined;
    const db = this.#db;
    return db._runExclusiveTransaction(() =>
      db._runExclusiveQuery(async () => {
        const paramTypes = this.#paramTypes.get(name) ?? (await this.#prepare(name, text));
        const values = params.map((value, i) => serializeParam(db, paramTypes[i]!, value));
        const message = Buffer.concat([
          protocol.serialize.bind({ statement: name, values }),
          protocol.serialize.describe({ type: 'P' }),
          protocol.serialize.execute({}),
          protocol.serialize.sync(),
        ]);
        const messages = await db.execProtocolStream(message, { syncToFs: false });
        await db.syncToFs();
        return parse.parseResults(messages, db.parsers)[0]!.rows as Row[];
      }),
    );
  }

  /** Parses `text` as the statement `name`; its parameter types. */
  async #prepare(name: string, text: string): Promise<number[]> {
    const messages = await this.#db.execProtocolStream(
      Buffer.concat([
        protocol.serialize.parse({ name, text }),
        protocol.serialize.describe({ type: 'S', name }),
        protocol.serialize.sync(),
      ]),
      { syncToFs: false },
    );
    const paramTypes = parse.parseDescribeStatementResults(messages);
    this.#paramTypes.set(name, paramTypes);
    return paramTypes;
  }
}

function serializeParam(db: PGlite, type: number, value: unknown): string | Uint8Array | null {
  if (value === null || value === undefined) return null;
  if (type === PG_TYPE_BYTEA) return checkBytea(value);
  const serializer = db.serializers[type];
  return serializer === undefined ? String(value) : serializer(value);
}
