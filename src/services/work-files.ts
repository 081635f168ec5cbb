import type { Readable } from 'node:stream';
import { chooseWorkFileType, DOWNLOAD_TYPE, RegistryError } from '../registry/index.ts';
import type { BlobFiles } from './blobs.ts';
import type { WorksService } from './works.ts';

// A registered work's own file, for the registrar reviewing it and for the principal that
// registered it (no one else: a registration's file may be unpublished work). The type sent is
// the registry's chooseWorkFileType of what it detected in the content.

/** Who asks: the principal's name and whether it may review registrations. */
export interface WorkFileReader {
  principal: string;
  reviewer: boolean;
}

export interface WorkFile {
  number: string;
  fileName: string;
  sizeBytes: number;
  /** The Content-Type to send (chooseWorkFileType). */
  contentType: string;
  /** True when a browser may show it inline (image, audio, video, plain text). */
  inline: boolean;
  open: () => Promise<Readable>;
}

/**
 * The file of work `number` for `reader`: REGISTRATION_NUMBER_INVALID / WORK_NOT_FOUND for a bad or
 * unknown number, NOT_REGISTRANT unless the reader registered it or reviews registrations.
 */
export async function readWorkFile(
  works: WorksService,
  blobs: BlobFiles,
  number: string,
  reader: WorkFileReader,
): Promise<WorkFile> {
  const work = await works.registry.readWork(number);
  if (!reader.reviewer && work.unit !== reader.principal) {
    throw new RegistryError(
      'NOT_REGISTRANT',
      `the file of ${work.number} is for its registrant and the registrars only`,
      { details: { number: work.number } },
    );
  }
  const { contentType } = chooseWorkFileType(work.fingerprint);
  return {
    number: work.number,
    fileName: work.fileName,
    sizeBytes: work.fingerprint.sizeBytes,
    contentType,
    inline: contentType !== DOWNLOAD_TYPE,
    open: () => blobs.openBlobStream(work.fingerprint.sha256),
  };
}
