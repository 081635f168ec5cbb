export { FingerprintError, type FingerprintErrorCode } from './errors.ts';
