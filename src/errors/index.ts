export { SealchainError, isSealchainError } from './sealchain-error.ts';
