export type { Backend, ObjectInfo } from './backend';
export { describeKey, isValidKey, validateKey, validatePrefix } from './keys';
export { createLocalBackend } from './local';
export { createMemoryBackend, type MemoryBackend } from './memory';
export { validateRange, type ByteRange } from './range';
export { createS3Backend, type S3Backend } from './s3';
