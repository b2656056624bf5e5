export { assertProfileUsable, awsSharedFiles } from './aws-profile';
export { validateBucketName } from './bucket-name';
export { createS3Client, DEFAULT_S3_TIMEOUT_MS } from './client';
export { keyFor, normalizePrefix } from './keys';
export { describeEndpoint, validateS3Location, type S3Credentials, type S3Location } from './location';
export { classifyS3Error, redactSecrets } from './s3-errors';
export { parseS3Url } from './s3-url';
export { testS3Location } from './test-location';
