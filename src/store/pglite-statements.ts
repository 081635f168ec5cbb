import { parse, protocol, type PGlite } from '@electric-sql/pglite';

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

interface PreparedStatement {
  name: string;
  paramTypes: number[];
}

// Statements with parameters run outside a transaction as named prepared statements, parsed and
// planned once per database: PGlite's query() parses, describes and plans its statement every time
// and enters the database six times to do so, where a prepared one is bound and run in one go.
const MAX_PREPARED_STATEMENTS = 256;

/** Named prepared statements of one PGlite database, run outside any transaction. */
export class PreparedStatements {
  readonly #db: PGlite;
  readonly #statements = new Map<string, PreparedStatement>();

  constructor(db: PGlite) {
    this.#db = db;
  }

  /**
   * Runs `text` as a prepared statement once no transaction is open; undefined when the database
   * holds as many prepared statements as it may (the caller runs it the usual way).
   */
  async query<Row>(text: string, params: readonly unknown[]): Promise<Row[] | undefined> {
    const db = this.#db;
    return db._runExclusiveTransaction(() =>
      db._runExclusiveQuery(async () => {
        const statement = await this.#prepare(text);
        if (statement === undefined) return undefined;
        const values = params.map((value, i) => serializeParam(db, statement.paramTypes[i]!, value));
        const message = concatMessages([
          protocol.serialize.bind({ statement: statement.name, values }),
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

  async #prepare(text: string): Promise<PreparedStatement | undefined> {
    const known = this.#statements.get(text);
    if (known !== undefined || this.#statements.size >= MAX_PREPARED_STATEMENTS) return known;
    const name = `sealchain_${this.#statements.size}`;
    const messages = await this.#db.execProtocolStream(
      concatMessages([
        protocol.serialize.parse({ name, text }),
        protocol.serialize.describe({ type: 'S', name }),
        protocol.serialize.sync(),
      ]),
      { syncToFs: false },
    );
    const statement = { name, paramTypes: parse.parseDescribeStatementResults(messages) };
    this.#statements.set(text, statement);
    return statement;
  }
}

function serializeParam(db: PGlite, type: number, value: unknown): string | Uint8Array | null {
  if (value === null || value === undefined) return null;
  if (type === PG_TYPE_BYTEA) return checkBytea(value);
  const serializer = db.serializers[type];
  return serializer === undefined ? String(value) : serializer(value);
}

function concatMessages(parts: Uint8Array[]): Uint8Array {
  return Buffer.concat(parts);
}
