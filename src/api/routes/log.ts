import type { OpenAPIHono } from '@hono/zod-openapi';
import { LedgerError } from '../../ledger/index.ts';
import { parseEntryBundlePath, parseTilePath, TILE_WIDTH } from '../../merkle/index.ts';
import { findChain } from '../chain-lookup.ts';
import type { ApiContext, ApiEnv } from '../context.ts';
import {
  CheckpointNoteSchema,
  EntryBundleParamsSchema,
  HashTileParamsSchema,
  LogBinarySchema,
  LogParamsSchema,
} from '../contract/index.ts';
import { problemResponses } from './problem-responses.ts';

// C2SP tlog-tiles read API (https://c2sp.org/tlog-tiles): the checkpoint, hash tiles and entry
// bundles, so that any mirror or CDN can serve the log. Paths are parsed by the strict parsers of
// src/merkle from the raw (undecoded) URL path, so only canonical spellings are served.

const FULL_TILE_CACHE = 'public, max-age=31536000, immutable';
const PARTIAL_TILE_CACHE = 'public, max-age=10';
const OCTETS = 'application/octet-stream';

function rawTilePath(url: string, chain: string): string {
  const pathname = new URL(url).pathname;
  const prefix = `/log/${chain}/`;
  return pathname.startsWith(prefix) ? pathname.slice(prefix.length) : '';
}

export function registerLogRoutes(app: OpenAPIHono<ApiEnv>, context: ApiContext): void {
  app.get('/log/:chain/checkpoint', async (c) => {
    const chain = findChain(context, c.req.param('chain'));
    const checkpoint = await chain.watcher.refresh();
    if (checkpoint === null)
      throw new LedgerError('CHECKPOINT_NOT_FOUND', `chain ${chain.name} has no checkpoint yet`);
    const cosigned = chain.finality.readHead(checkpoint.treeSize);
    return c.body(cosigned?.note ?? checkpoint.note, 200, {
      'Content-Type': 'text/plain; charset=utf-8',
      'Cache-Control': 'no-cache',
    });
  });

  app.get('/log/:chain/tile/*', async (c) => {
    const chain = findChain(context, c.req.param('chain'));
    const path = rawTilePath(c.req.url, chain.name);
    if (path.startsWith('tile/entries/')) {
      const { index, width } = parseEntryBundlePath(path);
      const bundle = await chain.ledger.readEntryBundle(index, width);
      return c.body(bundle as Uint8Array<ArrayBuffer>, 200, {
        'Content-Type': OCTETS,
        'Cache-Control': width === TILE_WIDTH ? FULL_TILE_CACHE : PARTIAL_TILE_CACHE,
      });
    }
    const { level, index, width } = parseTilePath(path);
    const hashes = await chain.ledger.readTile(level, index, width);
    return c.body(hashes as Uint8Array<ArrayBuffer>, 200, {
      'Content-Type': OCTETS,
      'Cache-Control': width === TILE_WIDTH ? FULL_TILE_CACHE : PARTIAL_TILE_CACHE,
    });
  });

  const params = LogParamsSchema;
  const binary = { [OCTETS]: { schema: LogBinarySchema } };
  app.openAPIRegistry.registerPath({
    method: 'get',
    path: '/log/{chain}/checkpoint',
    tags: ['tlog-tiles'],
    summary:
      'The latest signed checkpoint (C2SP tlog-checkpoint), with the witness cosignatures gathered so far',
    request: { params },
    responses: {
      200: {
        description: 'The checkpoint note',
        content: { 'text/plain': { schema: CheckpointNoteSchema } },
      },
      ...problemResponses(404),
    },
  });
  app.openAPIRegistry.registerPath({
    method: 'get',
    path: '/log/{chain}/tile/{L}/{N}',
    tags: ['tlog-tiles'],
    summary: 'A hash tile: tile/<L>/<N>[.p/<W>] with N in x-prefixed 3-digit groups (C2SP tlog-tiles)',
    request: {
      params: HashTileParamsSchema,
    },
    responses: {
      200: { description: 'Concatenated hashes; full tiles are immutable', content: binary },
      ...problemResponses(400, 404),
    },
  });
  app.openAPIRegistry.registerPath({
    method: 'get',
    path: '/log/{chain}/tile/entries/{N}',
    tags: ['tlog-tiles'],
    summary: 'An entry bundle: tile/entries/<N>[.p/<W>] (C2SP tlog-tiles)',
    request: {
      params: EntryBundleParamsSchema,
    },
    responses: {
      200: { description: 'Length-prefixed entries; full bundles are immutable', content: binary },
      ...problemResponses(400, 404),
    },
  });
}
