import { open } from 'node:fs/promises';
import { dirname } from 'node:path';
import { mkdir } from 'node:fs/promises';
import { ConsortiumError } from './errors.ts';
import { ensureKeyDirectory, locateKeyFilesIn, pathExists, writeSignerKeyFile } from './key-files.ts';
import {
  formatMemberFile,
  MAX_MEMBER_FILE_BYTES,
  parseMemberFile,
  planMember,
  type MemberFile,
  type MemberPlanOptions,
} from './member-file.ts';
import { writeNewFile } from './new-file.ts';

// `sealchain consortium member init` and the reading of the member files others send.

export interface MemberInitOptions extends MemberPlanOptions {
  /** Folder of the private keys (created 0700; each key 0600). */
  keyDir: string;
  /** Where the member file goes (mode 0644: public keys only). */
  memberFile: string;
}

export interface InitializedMember {
  member: MemberFile;
  memberFile: string;
  /** The private key files written. */
  keyFiles: string[];
}

/**
 * Creates a member's keys and its member file. Throws CONSORTIUM_EXISTS, writing nothing, when
 * the member file or a key file is already there; CONSORTIUM_OPTIONS_INVALID for bad options.
 */
export async function initMember(options: MemberInitOptions): Promise<InitializedMember> {
  const { keyDir, memberFile, ...planOptions } = options;
  const plan = planMember(planOptions);
  const files = locateKeyFilesIn(keyDir);
  const planned = plan.keys.map(({ kind, chain, key }) => ({
    path:
      kind === 'sequencer'
        ? files.sequencerKey(chain!)
        : kind === 'witness'
          ? files.witnessKey(plan.member.name)
          : files.serviceKey(plan.member.name),
    key,
  }));
  for (const path of [memberFile, ...planned.map((p) => p.path)]) {
    if (await pathExists(path)) {
      throw new ConsortiumError('CONSORTIUM_EXISTS', `${path} already exists; nothing was written`, {
        details: { path },
      });
    }
  }
  await ensureKeyDirectory(keyDir);
  for (const { path, key } of planned) await writeSignerKeyFile(path, key);
  await mkdir(dirname(memberFile), { recursive: true });
  await writeNewFile(memberFile, formatMemberFile(plan.member), 0o644);
  return { member: plan.member, memberFile, keyFiles: planned.map((p) => p.path) };
}

/**
 * Reads a member file another organisation sent, at most 64 KiB of it. Throws
 * MEMBER_FILE_INVALID naming the file and the first bad field.
 */
export async function readMemberFile(path: string): Promise<MemberFile> {
  let bytes: Uint8Array;
  try {
    const handle = await open(path, 'r');
    try {
      // One byte more than allowed tells an oversized file without reading all of it.
      const buffer = new Uint8Array(MAX_MEMBER_FILE_BYTES + 1);
      let length = 0;
      for (;;) {
        const { bytesRead } = await handle.read(buffer, length, buffer.length - length);
        if (bytesRead === 0 || (length += bytesRead) === buffer.length) break;
      }
      bytes = buffer.subarray(0, length);
    } finally {
      await handle.close();
    }
  } catch (cause) {
    throw new ConsortiumError('MEMBER_FILE_INVALID', `${path} cannot be read`, {
      cause,
      details: { file: path, path: '$' },
    });
  }
  return parseMemberFile(bytes, path);
}
